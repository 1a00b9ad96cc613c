/*
 * fake_seam.c - the scripted seam (fake_seam.h) in place of src/kernel.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <erix/caps.h>

#include "fake_seam.h"
#include "kernel.h"

struct fake_state fake;

void fake_reset(void)
{
    memset(&fake, 0, sizeof fake);
    fake.next_pid = 40;
    fake.bar_size = 0x1000;
    fake.query.state = ERIX_PROCD_STATE_RUNNING;
}

static void record(const char *fmt, ...)
{
    if (fake.ncalls >= FAKE_CALLS)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fake.calls[fake.ncalls++], FAKE_LINE, fmt, ap);
    va_end(ap);
}

int fake_call_after(const char *prefix, int after)
{
    for (unsigned i = (unsigned)(after + 1); i < fake.ncalls; i++)
        if (strncmp(fake.calls[i], prefix, strlen(prefix)) == 0)
            return (int)i;
    return -1;
}

int fake_call(const char *prefix)
{
    return fake_call_after(prefix, -1);
}

bool fake_logged(const char *needle)
{
    for (unsigned i = 0; i < fake.nlogs; i++)
        if (strstr(fake.logs[i], needle) != NULL)
            return true;
    return false;
}

const struct fake_reply *fake_last_reply(void)
{
    return fake.nreplies == 0 ? NULL : &fake.replies[fake.nreplies - 1];
}

void dk_init(const struct dk_config *c)
{
    (void)c;
}

void dk_log(const char *fmt, ...)
{
    if (fake.nlogs >= FAKE_CALLS)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fake.logs[fake.nlogs++], FAKE_LINE, fmt, ap);
    va_end(ap);
}

erix_status_t dk_marker(const char *line)
{
    record("marker %s", line);
    return ERIX_OK;
}

erix_status_t dk_procd_create(const char role[ERIX_ROLE_MAX], uint32_t image_index,
                              uint32_t priority, uint32_t window, uint32_t *pid)
{
    record("create %.24s img=%u prio=%u window=%u", role, image_index, priority, window);
    if (fake.create_st != ERIX_OK)
        return fake.create_st;
    *pid = fake.next_pid++;
    fake.slot_type[window] = ERIX_CAP_ENDPOINT;
    fake.slot_type[window + 1] = ERIX_CAP_INSTALL_GRANT;
    return ERIX_OK;
}

erix_status_t dk_procd_start(uint32_t pid, const void *envelope, uint32_t len, uint32_t primary)
{
    record("start pid=%u len=%u primary=%u", pid, len, primary);
    memcpy(fake.envelope, envelope, len < sizeof fake.envelope ? len : sizeof fake.envelope);
    fake.envelope_len = len;
    fake.envelope_primary = primary;
    return fake.start_st;
}

erix_status_t dk_procd_abort(uint32_t pid)
{
    record("abort pid=%u", pid);
    return fake.abort_st;
}

erix_status_t dk_procd_stop(uint32_t pid)
{
    record("stop pid=%u", pid);
    return fake.stop_st;
}

erix_status_t dk_procd_query(uint32_t pid, struct erix_procd_query_resp *out)
{
    record("query pid=%u", pid);
    if (fake.query_st != ERIX_OK)
        return fake.query_st;
    *out = fake.query;
    out->pid = pid;
    return ERIX_OK;
}

erix_status_t dk_install(uint32_t grant, uint32_t src, uint32_t dest, uint32_t rights,
                         uint64_t badge)
{
    record("install grant=%u src=%u dest=%u rights=0x%x badge=0x%llx", grant, src, dest, rights,
           (unsigned long long)badge);
    fake.installs++;
    if (fake.install_fail_at != 0 && fake.installs == fake.install_fail_at)
        return fake.install_st;
    return ERIX_OK;
}

erix_status_t dk_derive_bar(uint8_t bus, uint8_t device, uint8_t function, uint8_t bar,
                            uint32_t dest, uint64_t *base, uint64_t *size)
{
    record("derive %02x:%02x.%x bar=%u dest=%u", bus, device, function, bar, dest);
    if (fake.derive_st != ERIX_OK)
        return fake.derive_st;
    fake.slot_type[dest] = fake.bar_wrong_type ? ERIX_CAP_FRAME : ERIX_CAP_DEVICE_FRAME;
    fake.slot_size[dest] = fake.bar_size;
    *base = 0xfebf0000u;
    *size = fake.bar_size;
    return ERIX_OK;
}

erix_status_t dk_query(uint32_t slot, struct erix_cap_info *out)
{
    memset(out, 0, sizeof *out);
    if (slot >= 4096)
        return ERIX_ERR_INVALID_SLOT;
    if (fake.slot_type[slot] == 0)
        return ERIX_ERR_EMPTY_SLOT;
    out->type = fake.slot_type[slot];
    out->rights = ERIX_RIGHT_READ | ERIX_RIGHT_WRITE;
    out->size = fake.slot_size[slot];
    return ERIX_OK;
}

erix_status_t dk_drop(uint32_t slot)
{
    record("drop %u", slot);
    if (slot >= 4096 || fake.slot_type[slot] == 0)
        return ERIX_ERR_EMPTY_SLOT;
    fake.slot_type[slot] = 0;
    return ERIX_OK;
}

static erix_status_t add_reply(uint64_t token, erix_status_t status, const void *body,
                               uint16_t len, uint32_t endpoint)
{
    if (fake.nreplies >= 32)
        return ERIX_ERR_LIMIT;
    struct fake_reply *r = &fake.replies[fake.nreplies++];
    r->token = token;
    r->status = status;
    r->len = len;
    if (len != 0)
        memcpy(r->body, body, len);
    r->endpoint = endpoint;
    return ERIX_OK;
}

erix_status_t dk_reply(uint64_t token, erix_status_t status, const void *body, uint16_t len)
{
    record("reply token=%llu status=%s", (unsigned long long)token, erix_status_name(status));
    return add_reply(token, status, body, len, 0);
}

erix_status_t dk_reply_endpoint(uint64_t token, const void *body, uint16_t len, uint32_t slot)
{
    record("reply-endpoint token=%llu slot=%u", (unsigned long long)token, slot);
    if (fake.reply_ep_st != ERIX_OK)
        return fake.reply_ep_st;
    return add_reply(token, ERIX_OK, body, len, slot);
}
