/*
 * test_parse_valid.c - what must pass: the sample and the minimal image with
 * every field read back, the checksum, layouts other than the canonical one,
 * the edges of every range, the limits at their maximum, and role lookup.
 */
#include <erix/caps.h>
#include <erix/procd.h>

#include <erix_test.h>

#include "builder.h"
#include "parse_check.h"

static _Alignas(8) uint8_t img[TB_CAP];

static erix_status_t parse_cfg(const struct tb_cfg *c, struct erix_bootcfg_view *v, size_t *n)
{
    *n = tb_emit(c, img, sizeof img);
    ERIX_CHECK(*n != 0);
    return erix_bootcfg_parse(img, *n, v);
}

static void expect_ok(const char *name, const uint8_t *buf, size_t n)
{
    const char *why;
    erix_status_t st = tb_parse_checked(buf, n, &why);

    if (st != ERIX_OK || why != NULL)
        fprintf(stderr, "case %s: %s %s\n", name, erix_status_name(st), why ? why : "");
    ERIX_CHECK_EQ(st, ERIX_OK);
    ERIX_CHECK(why == NULL);
}

static void expect_cfg_ok(const char *name, const struct tb_cfg *c)
{
    size_t n = tb_emit(c, img, sizeof img);
    ERIX_CHECK(n != 0);
    expect_ok(name, img, n);
}

static void test_checksum(void)
{
    uint8_t a[32] = {0}, b[32] = {0};

    ERIX_CHECK_EQ(erix_bootcfg_checksum("", 0), 0x811c9dc5u);
    ERIX_CHECK_EQ(erix_bootcfg_checksum("a", 1), 0xe40c292cu);
    ERIX_CHECK_EQ(erix_bootcfg_checksum("foobar", 6), 0xbf9cf968u);
    for (int i = 20; i < 24; i++)
        b[i] = 0xa5;
    ERIX_CHECK_EQ(erix_bootcfg_checksum(a, 32), erix_bootcfg_checksum(b, 32));
    ERIX_CHECK_EQ(erix_bootcfg_checksum(a, 22), erix_bootcfg_checksum(b, 22));
    b[19] = 1;
    ERIX_CHECK(erix_bootcfg_checksum(a, 32) != erix_bootcfg_checksum(b, 32));
    b[19] = 0;
    b[24] = 1;
    ERIX_CHECK(erix_bootcfg_checksum(a, 32) != erix_bootcfg_checksum(b, 32));
    /* 24 zero bytes: the checksum field counts as zero whatever it holds */
    ERIX_CHECK_EQ(erix_bootcfg_checksum(a, 24), erix_bootcfg_checksum(b, 24));
}

static void test_sample_fields(void)
{
    static struct tb_cfg c;
    struct erix_bootcfg_view v;
    size_t n;

    tb_sample(&c);
    ERIX_CHECK_EQ(parse_cfg(&c, &v, &n), ERIX_OK);
    ERIX_CHECK_EQ(n, 776);
    ERIX_CHECK(v.header == (const void *)img);
    ERIX_CHECK(v.services == (const void *)(img + 80));
    ERIX_CHECK(v.caps == (const void *)(img + 80 + 6 * 64));
    ERIX_CHECK(v.deps == (const void *)(img + 464 + 15 * 16));
    ERIX_CHECK(v.drivers == (const void *)(img + 736)); /* 704 + 28, padded to 8 */
    ERIX_CHECK_EQ(v.header->service_count, 6);
    ERIX_CHECK_EQ(v.header->cap_count, 15);
    ERIX_CHECK_EQ(v.header->dep_count, 7);
    ERIX_CHECK_EQ(v.header->driver_count, 1);
    ERIX_CHECK(strcmp(v.header->validation_profile, "phase0-boot") == 0);
    ERIX_CHECK(strcmp(v.services[TB_SERIAL].role, "drv-serial") == 0);
    ERIX_CHECK_EQ(v.services[TB_LOGD].restart, ERIX_RESTART_ALWAYS);
    ERIX_CHECK_EQ(v.services[TB_PROBE].launch, ERIX_LAUNCH_PROCD_SPAWN);
    ERIX_CHECK_EQ(v.services[TB_DEVICED].cap_first, 8);
    ERIX_CHECK_EQ(v.services[TB_DEVICED].dep_count, 2);
    ERIX_CHECK_EQ(v.caps[3].arg, 16384);
    ERIX_CHECK_EQ(v.caps[5].arg, TB_PROBE);
    ERIX_CHECK_EQ(v.caps[9].arg, ERIX_PROCD_BADGE_DRIVER);
    ERIX_CHECK_EQ(v.deps[6].service, TB_DEVICED);
    ERIX_CHECK_EQ(v.drivers[0].service, TB_SERIAL);
    ERIX_CHECK(strcmp(v.drivers[0].consumer_role, "logd") == 0);
    expect_ok("sample", img, n);
}

static void test_minimal(void)
{
    static struct tb_cfg c;
    struct erix_bootcfg_view v;
    uint16_t order[1] = {0x7777};
    size_t n;

    tb_minimal(&c);
    ERIX_CHECK_EQ(parse_cfg(&c, &v, &n), ERIX_OK);
    ERIX_CHECK_EQ(n, 80);
    ERIX_CHECK_EQ(v.header->total_size, 80);
    ERIX_CHECK(strcmp(v.header->validation_profile, ERIX_BOOTCFG_PROFILE_NONE) == 0);
    ERIX_CHECK_EQ(erix_bootcfg_order(&v, order), ERIX_OK);
    ERIX_CHECK_EQ(order[0], 0x7777);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, "procd"), -1);
}

/* Tables anywhere, in any order, with gaps holding anything: valid when sealed. */
static void test_other_layouts(void)
{
    static struct tb_cfg c;
    static uint8_t out[TB_CAP];

    tb_sample(&c);
    size_t n = tb_emit(&c, img, sizeof img);
    /* reversed: drivers, deps, caps, services, with 8..24-byte gaps of 0xee */
    uint32_t svc, cap, dep, drv;
    size_t pos = 80;
    memset(out, 0xee, sizeof out);
    memcpy(out, img, 80);
    drv = (uint32_t)pos + 8; pos = drv + 40;
    dep = (uint32_t)pos + 16; pos = dep + 28; pos = (pos + 7) & ~(size_t)7;
    cap = (uint32_t)pos + 24; pos = cap + 240;
    svc = (uint32_t)pos + 8; pos = svc + 384;
    memcpy(out + drv, img + 736, 40);
    memcpy(out + dep, img + 704, 28);
    memcpy(out + cap, img + 464, 240);
    memcpy(out + svc, img + 80, 384);
    tb_put32(out, TB_OFF_SVC_OFFSET, svc);
    tb_put32(out, TB_OFF_CAP_OFFSET, cap);
    tb_put32(out, TB_OFF_DEP_OFFSET, dep);
    tb_put32(out, TB_OFF_DRV_OFFSET, drv);
    tb_put32(out, TB_OFF_TOTAL, (uint32_t)pos + 16); /* 16 trailing bytes of 0xee */
    tb_seal(out, pos + 16);
    expect_ok("reversed tables with gaps", out, pos + 16);

    /* canonical, with the padding before the drivers non-zero */
    img[733] = 0x7f;
    tb_seal(img, n);
    expect_ok("non-zero padding", img, n);

    /* empty tables: at another table's offset, at the very end */
    tb_minimal(&c);
    n = tb_emit(&c, img, sizeof img);
    tb_put32(img, TB_OFF_DEP_OFFSET, 80);
    tb_put32(img, TB_OFF_DRV_OFFSET, (uint32_t)n);
    tb_seal(img, n);
    expect_ok("empty tables at shared offsets and at the end", img, n);

    /* an empty table inside a non-empty one listed before it, and after it */
    tb_init(&c, "none");
    tb_service(&c, "a", "m", ERIX_LAUNCH_PROCD_STAGED, 9);
    tb_service(&c, "b", "m", ERIX_LAUNCH_PROCD_STAGED, 9);
    tb_dep(&c, 0);
    tb_service(&c, "c", "m", ERIX_LAUNCH_PROCD_STAGED, 9);
    tb_dep(&c, 0);
    tb_dep(&c, 1); /* 12 bytes of deps: an 8-aligned offset fits strictly inside */
    n = tb_emit(&c, img, sizeof img);
    tb_put32(img, TB_OFF_CAP_OFFSET, 88);                                 /* in services */
    tb_put32(img, TB_OFF_DRV_OFFSET, tb_get32(img, TB_OFF_DEP_OFFSET));   /* on the deps */
    tb_seal(img, n);
    expect_ok("empty tables inside others", img, n);
    tb_put32(img, TB_OFF_CAP_OFFSET, tb_get32(img, TB_OFF_DEP_OFFSET) + 8); /* in the deps */
    tb_seal(img, n);
    expect_ok("an empty table inside a later one", img, n);
}

static void test_edges(void)
{
    static struct tb_cfg c;

    tb_sample(&c);
    c.svc[TB_PROBE].priority = 1;
    c.svc[TB_MEMD].priority = 199;
    c.cap[14].dest_slot = 32;
    c.cap[6].dest_slot = 4095;
    c.cap[3].arg = ~0u;
    c.cap[1].arg = ERIX_PROCD_BADGE_BOOTSTRAP;
    c.cap[13].arg = TB_SERIAL; /* its own endpoint */
    c.cap[5].arg = TB_PROCD;   /* its own image */
    c.cap[0].rights = ERIX_RIGHTS_ALL;
    c.cap[0].purpose = ERIX_PURPOSE_COUNT - 1;
    tb_name(c.svc[TB_LOGD].role, "abcdefghijklmnopqrstu-9"); /* 23 characters */
    tb_name(c.drv[0].consumer_role, "abcdefghijklmnopqrstu-9");
    expect_cfg_ok("range edges", &c);

    tb_sample(&c);
    tb_name(c.drv[0].consumer_role, "");
    expect_cfg_ok("no consumer", &c);
    c.drv[0].match = ERIX_MATCH_FIXTURE;
    expect_cfg_ok("fixture match", &c);
    c.drv[0].match = ERIX_MATCH_PCI;
    c.drv[0].vendor = 0xffff;
    c.drv[0].device = 0xffff;
    c.drv[0].class_code = 0xffffffffu;
    expect_cfg_ok("PCI, anything", &c);
    c.drv[0].vendor = 0x1af4;
    c.drv[0].device = 0x1001;
    c.drv[0].class_code = 0xffffff;
    expect_cfg_ok("PCI, exact, class 0xffffff", &c);
    c.drv[0].class_code = 0;
    expect_cfg_ok("PCI, class 0", &c);

    /* every kernel family kind with a dedicated slot */
    for (uint32_t kind = ERIX_EP_TIME; kind < ERIX_EP_KIND_COUNT; kind++) {
        tb_sample(&c);
        c.cap[0].arg = kind;
        expect_cfg_ok("kernel family", &c);
    }
}

/* Every count at its limit: 32 driver services, 256 caps, 256 deps, 32 rows. */
static void test_limits(void)
{
    static struct tb_cfg c;
    char role[16];
    uint32_t deps = 0;

    tb_init(&c, "limits");
    for (uint16_t i = 0; i < ERIX_BOOTCFG_MAX_SERVICES; i++) {
        snprintf(role, sizeof role, "drv-%u", (unsigned)i);
        tb_service(&c, role, "drv-module", ERIX_LAUNCH_DEVICED_DRIVER, 50);
        for (uint32_t k = 0; k < ERIX_BOOTCFG_MAX_CAPS / ERIX_BOOTCFG_MAX_SERVICES; k++)
            tb_cap(&c, ERIX_SRC_SERVICE_ENDPOINT, (i + k) % 32u, 100 + k, ERIX_RIGHT_SEND,
                   ERIX_PURPOSE_PEER);
        for (uint16_t d = 0; d < i && deps < ERIX_BOOTCFG_MAX_DEPS; d++, deps++)
            tb_dep(&c, d);
        tb_driver(&c, i, ERIX_MATCH_FIXTURE, 0, 0, 0, "drv-0");
    }
    ERIX_CHECK_EQ(c.ncap, ERIX_BOOTCFG_MAX_CAPS);
    ERIX_CHECK_EQ(c.ndep, ERIX_BOOTCFG_MAX_DEPS);
    expect_cfg_ok("every table full", &c);
}

static void test_find_role(void)
{
    static struct tb_cfg c;
    struct erix_bootcfg_view v;
    size_t n;

    tb_sample(&c);
    tb_name(c.svc[TB_LOGD].role, "abcdefghijklmnopqrstu-9");
    memset(c.drv[0].consumer_role, 0, sizeof c.drv[0].consumer_role);
    ERIX_CHECK_EQ(parse_cfg(&c, &v, &n), ERIX_OK);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, "procd"), TB_PROCD);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, "drv-serial"), TB_SERIAL);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, "phase0-probe"), TB_PROBE);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, "abcdefghijklmnopqrstu-9"), TB_LOGD);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, "abcdefghijklmnopqrstu-9x"), -1);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, "proc"), -1);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, "procdx"), -1);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, ""), -1);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, "Procd"), -1);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(&v, NULL), -1);
    ERIX_CHECK_EQ(erix_bootcfg_find_role(NULL, "procd"), -1);
}

int main(void)
{
    ERIX_RUN(test_checksum);
    ERIX_RUN(test_sample_fields);
    ERIX_RUN(test_minimal);
    ERIX_RUN(test_other_layouts);
    ERIX_RUN(test_edges);
    ERIX_RUN(test_limits);
    ERIX_RUN(test_find_role);
    return erix_test_finish();
}
