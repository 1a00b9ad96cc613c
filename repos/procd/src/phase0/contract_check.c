/*
 * contract_check.c - the phase0 helpers' startup check (contract_check.h).
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/layout.h>
#include <erix/rt.h>

#include "contract_check.h"

static erix_status_t query(void *ctx, uint32_t slot, struct erix_cap_info *out)
{
    (void)ctx;
    return erix_cap_info(slot, out);
}

/* The slot holds what the envelope lists (lib-ipc); an empty one reports as such. */
static erix_status_t check_listed(const struct erix_envelope_cap *c)
{
    struct erix_cap_info info;
    erix_status_t st = erix_envelope_cap_matches(c, query, NULL, &info);
    return st == ERIX_ERR_NOT_FOUND ? ERIX_ERR_EMPTY_SLOT : st;
}

/* Every slot that holds something is listed (lib-ipc). */
static erix_status_t scan(const struct erix_envelope_view *v)
{
    return erix_envelope_scan(v, query, NULL);
}

erix_status_t phase0_contract_check(uint64_t env, uint64_t size, const char *role,
                                    struct erix_envelope_view *view, const char **what)
{
    char want[ERIX_ROLE_MAX] = {0};
    *what = "envelope";
    if (env != ERIX_ENVELOPE_VADDR || size == 0 || size > ERIX_ENVELOPE_MAX)
        return ERIX_ERR_INVALID_ARGUMENT;
    erix_status_t st = erix_envelope_validate((const void *)(uintptr_t)env, (size_t)size, view);
    if (st != ERIX_OK)
        return st;
    *what = "role";
    memcpy(want, role, strnlen(role, ERIX_ROLE_MAX - 1));
    if (memcmp(view->header->role, want, ERIX_ROLE_MAX) != 0)
        return ERIX_ERR_INVALID_ARGUMENT;
    *what = "listed-capability";
    for (uint32_t i = 0; i < view->header->cap_count; i++)
        if ((st = check_listed(&view->caps[i])) != ERIX_OK)
            return st;
    *what = "unlisted-capability";
    return scan(view);
}

uint32_t phase0_contract_slot(const struct erix_envelope_view *v, uint32_t purpose)
{
    const struct erix_envelope_cap *c = erix_envelope_find(v, purpose);
    return c != NULL ? c->slot : 0;
}
