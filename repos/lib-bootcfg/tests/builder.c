/*
 * builder.c - assemble boot-config images for the tests (see builder.h).
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/procd.h>

#include "builder.h"

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

void tb_name(char dst[ERIX_BOOTCFG_NAME_MAX], const char *src)
{
    memset(dst, 0, ERIX_BOOTCFG_NAME_MAX);
    memcpy(dst, src, strnlen(src, ERIX_BOOTCFG_NAME_MAX));
}

void tb_init(struct tb_cfg *c, const char *profile)
{
    memset(c, 0, sizeof *c);
    tb_name(c->profile, profile);
}

uint16_t tb_service(struct tb_cfg *c, const char *role, const char *module, uint8_t launch,
                    uint8_t priority)
{
    struct erix_bootcfg_service *s = &c->svc[c->nsvc];

    memset(s, 0, sizeof *s);
    tb_name(s->role, role);
    tb_name(s->module, module);
    s->launch = launch;
    s->priority = priority;
    s->restart = ERIX_RESTART_HOLD;
    s->cap_first = (uint16_t)c->ncap;
    s->dep_first = (uint16_t)c->ndep;
    return (uint16_t)c->nsvc++;
}

void tb_cap(struct tb_cfg *c, uint8_t source, uint32_t arg, uint32_t slot, uint8_t rights,
            uint8_t purpose)
{
    struct erix_bootcfg_cap *e = &c->cap[c->ncap++];

    memset(e, 0, sizeof *e);
    e->source = source;
    e->arg = arg;
    e->dest_slot = slot;
    e->rights = rights;
    e->purpose = purpose;
    c->svc[c->nsvc - 1].cap_count++;
}

void tb_dep(struct tb_cfg *c, uint16_t service)
{
    c->dep[c->ndep].service = service;
    c->dep[c->ndep].reserved = 0;
    c->ndep++;
    c->svc[c->nsvc - 1].dep_count++;
}

void tb_driver(struct tb_cfg *c, uint16_t service, uint8_t match, uint16_t vendor,
               uint16_t device, uint32_t class_code, const char *consumer)
{
    struct erix_bootcfg_driver *d = &c->drv[c->ndrv++];

    memset(d, 0, sizeof *d);
    d->service = service;
    d->match = match;
    d->vendor = vendor;
    d->device = device;
    d->class_code = class_code;
    tb_name(d->consumer_role, consumer);
}

uint32_t tb_get32(const uint8_t *buf, size_t off)
{
    uint32_t v;
    memcpy(&v, buf + off, sizeof v);
    return v;
}

void tb_put32(uint8_t *buf, size_t off, uint32_t v)
{
    memcpy(buf + off, &v, sizeof v);
}

void tb_seal(uint8_t *buf, size_t size)
{
    tb_put32(buf, TB_OFF_CHECKSUM, erix_bootcfg_checksum(buf, size));
}

size_t tb_emit(const struct tb_cfg *c, uint8_t *buf, size_t cap)
{
    struct erix_bootcfg_header h;
    size_t svc_off = sizeof h;
    size_t cap_off = ALIGN8(svc_off + c->nsvc * sizeof c->svc[0]);
    size_t dep_off = ALIGN8(cap_off + c->ncap * sizeof c->cap[0]);
    size_t drv_off = ALIGN8(dep_off + c->ndep * sizeof c->dep[0]);
    size_t total = drv_off + c->ndrv * sizeof c->drv[0];

    if (total > cap)
        return 0;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, ERIX_BOOTCFG_MAGIC, sizeof h.magic);
    h.version = ERIX_BOOTCFG_VERSION;
    h.total_size = (uint32_t)total;
    h.header_size = sizeof h;
    h.service_count = c->nsvc;
    h.service_offset = (uint32_t)svc_off;
    h.cap_count = c->ncap;
    h.cap_offset = (uint32_t)cap_off;
    h.dep_count = c->ndep;
    h.dep_offset = (uint32_t)dep_off;
    h.driver_count = c->ndrv;
    h.driver_offset = (uint32_t)drv_off;
    memcpy(h.validation_profile, c->profile, sizeof h.validation_profile);
    memset(buf, 0, total);
    memcpy(buf, &h, sizeof h);
    memcpy(buf + svc_off, c->svc, c->nsvc * sizeof c->svc[0]);
    memcpy(buf + cap_off, c->cap, c->ncap * sizeof c->cap[0]);
    memcpy(buf + dep_off, c->dep, c->ndep * sizeof c->dep[0]);
    memcpy(buf + drv_off, c->drv, c->ndrv * sizeof c->drv[0]);
    tb_seal(buf, total);
    return total;
}

#define RW (ERIX_RIGHT_READ | ERIX_RIGHT_WRITE)
#define SEND ERIX_RIGHT_SEND

void tb_sample(struct tb_cfg *c)
{
    tb_init(c, "phase0-boot");
    tb_service(c, "procd", "procd", ERIX_LAUNCH_ROOTD_DIRECT, 150);
    tb_cap(c, ERIX_SRC_KERNEL_FAMILY, ERIX_EP_PROCESS, 2288, SEND, ERIX_PURPOSE_PRIMARY_CONTROL);
    tb_cap(c, ERIX_SRC_PROCD_ENDPOINT, 0, 2112, SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT,
           ERIX_PURPOSE_SERVICE_ENDPOINT);
    tb_cap(c, ERIX_SRC_ROOTD_READY, 0, 33, SEND, ERIX_PURPOSE_READY);
    tb_cap(c, ERIX_SRC_UNTYPED, 16384, 34, RW, ERIX_PURPOSE_UNTYPED_POOL);
    tb_cap(c, ERIX_SRC_SELF_VSPACE, 0, 35, RW, ERIX_PURPOSE_SELF_VSPACE);
    tb_cap(c, ERIX_SRC_IMAGE, TB_PROBE, 40, ERIX_RIGHT_READ, ERIX_PURPOSE_IMAGE_FRAME);

    tb_service(c, "memd", "memd", ERIX_LAUNCH_PROCD_STAGED, 140);
    tb_dep(c, TB_PROCD);
    tb_cap(c, ERIX_SRC_KERNEL_FAMILY, ERIX_EP_MEMORY, 2224, SEND, ERIX_PURPOSE_PRIMARY_CONTROL);
    tb_cap(c, ERIX_SRC_ROOTD_READY, 0, 33, SEND, ERIX_PURPOSE_READY);

    tb_service(c, "deviced", "deviced", ERIX_LAUNCH_PROCD_STAGED, 130);
    tb_dep(c, TB_PROCD);
    tb_dep(c, TB_MEMD);
    tb_cap(c, ERIX_SRC_KERNEL_FAMILY, ERIX_EP_LOG, 2272, SEND, ERIX_PURPOSE_PRIMARY_CONTROL);
    tb_cap(c, ERIX_SRC_PROCD_ENDPOINT, ERIX_PROCD_BADGE_DRIVER, 2112, SEND,
           ERIX_PURPOSE_PROCD_DRIVER);
    tb_cap(c, ERIX_SRC_KERNEL_FAMILY, ERIX_EP_CHILD_POPULATE, 2304, SEND,
           ERIX_PURPOSE_CHILD_POPULATE);
    tb_cap(c, ERIX_SRC_ROOTD_READY, 0, 33, SEND, ERIX_PURPOSE_READY);

    tb_service(c, "drv-serial", "drv-serial", ERIX_LAUNCH_DEVICED_DRIVER, 120);
    tb_dep(c, TB_DEVICED);
    tb_cap(c, ERIX_SRC_KERNEL_FAMILY, ERIX_EP_COM1, 2208, SEND, ERIX_PURPOSE_PRIMARY_CONTROL);
    tb_cap(c, ERIX_SRC_SERVICE_ENDPOINT, TB_LOGD, 48, SEND, ERIX_PURPOSE_PEER);

    tb_service(c, "phase0-probe", "phase0-probe", ERIX_LAUNCH_PROCD_SPAWN, 100);
    tb_dep(c, TB_PROCD);

    tb_service(c, "logd", "logd", ERIX_LAUNCH_PROCD_STAGED, 110);
    c->svc[TB_LOGD].restart = ERIX_RESTART_ALWAYS;
    tb_dep(c, TB_MEMD);
    tb_dep(c, TB_DEVICED);
    tb_cap(c, ERIX_SRC_ROOTD_READY, 0, 33, SEND, ERIX_PURPOSE_READY);

    tb_driver(c, TB_SERIAL, ERIX_MATCH_PLATFORM, 0, 0, 0, "logd");
}

void tb_minimal(struct tb_cfg *c)
{
    tb_init(c, ERIX_BOOTCFG_PROFILE_NONE);
}
