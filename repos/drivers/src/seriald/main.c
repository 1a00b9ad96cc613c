/*
 * seriald/main.c - seriald, the consumer drv-serial's provider is scoped to
 * (a test consumer until the real serial service lands).
 *
 * rootd starts it (procd-staged) with READY and a CONSUMER-badged peer to
 * deviced, and nothing else: no kernel family. It registers its HAL with
 * deviced, resolves drv-serial's provider (deviced hands over the endpoint),
 * writes a line through it (SERIAL_WRITE), and answers READY with the
 * outcome. Once READY is answered it writes one more line, SERIALD:RUNNING:
 * it can only appear if the system stays live after rootd's work is done
 * (release appliances check for it after ERIX_ROOTD:READY).
 */
#include <string.h>

#include <erix/deviced.h>
#include <erix/ipc_rt.h>
#include <erix/log.h>
#include <erix/rt.h>

#include "drv.h"

#define PROVIDER_SLOT 64u

static const struct drv_program program = {"SERIALD", {"seriald", DRV_NO_PRIMARY, 0, "deviced"}};

static struct drv_startup startup;

static erix_status_t deviced_call(uint32_t op, const char *role)
{
    struct erix_deviced_role_req r;
    struct erix_deviced_driver_info info;
    memset(&r, 0, sizeof r);
    memcpy(r.role, role, strnlen(role, sizeof r.role - 1));
    uint32_t reply = ERIX_OK;
    uint16_t got = 0;
    bool resolve = op == ERIX_DEVICED_OP_RESOLVE_PROVIDER;
    erix_status_t st = erix_call_ex(startup.peer, 0, 0, op, &r, sizeof r, resolve ? &info : NULL,
                                    resolve ? sizeof info : 0, &got, &reply);
    return st != ERIX_OK ? st : (erix_status_t)reply;
}

static erix_status_t write_line(const char *line)
{
    uint32_t reply = ERIX_OK;
    erix_status_t st = erix_call_ex(PROVIDER_SLOT, 0, 0, ERIX_SERIAL_OP_WRITE, line,
                                    (uint16_t)strlen(line), NULL, 0, NULL, &reply);
    return st != ERIX_OK ? st : (erix_status_t)reply;
}

int64_t erix_main(uint64_t env, uint64_t size, uint64_t rdx)
{
    drv_startup(&program, env, size, rdx, &startup);
    erix_status_t st = deviced_call(ERIX_DEVICED_OP_REGISTER_HAL, "seriald");
    erix_log("SERIALD:HAL status=%s", erix_status_name(st));
    erix_recv_window(PROVIDER_SLOT, 1);
    erix_status_t resolved = deviced_call(ERIX_DEVICED_OP_RESOLVE_PROVIDER, "drv-serial");
    erix_recv_window(0, 0);
    struct erix_cap_info info;
    erix_status_t have = erix_cap_info(PROVIDER_SLOT, &info);
    erix_log("SERIALD:RESOLVED drv-serial status=%s endpoint=%s", erix_status_name(resolved),
             have == ERIX_OK && info.type == ERIX_CAP_ENDPOINT ? "received" : "none");
    if (st == ERIX_OK)
        st = resolved;
    if (st == ERIX_OK && (have != ERIX_OK || info.type != ERIX_CAP_ENDPOINT ||
                          info.rights != ERIX_RIGHT_SEND))
        st = ERIX_ERR_NOT_FOUND;
    if (st == ERIX_OK)
        st = write_line("SERIALD:LINE written by seriald through drv-serial's provider endpoint\n");
    erix_log("SERIALD:WRITE status=%s", erix_status_name(st));
    if (st != ERIX_OK)
        drv_fail(&program, &startup, st);
    drv_ready(&program, &startup);
    (void)write_line("SERIALD:RUNNING the console is live after the boot graph\n");
    drv_serve(&program, &startup, NULL, NULL);
}
