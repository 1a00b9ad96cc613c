/*
 * names.c - role, module and profile names: 1..23 characters of [a-z0-9-],
 * NUL padded to ERIX_BOOTCFG_NAME_MAX (the rule of erix_role_name_ok, whose
 * bound is the same 24 bytes).
 */
#include "internal.h"

_Static_assert(ERIX_BOOTCFG_NAME_MAX == ERIX_ROLE_MAX, "boot-config names are role names");

int bcfg_name_ok(const char name[ERIX_BOOTCFG_NAME_MAX])
{
    return erix_role_name_ok(name, ERIX_BOOTCFG_NAME_MAX);
}

int bcfg_name_empty(const char name[ERIX_BOOTCFG_NAME_MAX])
{
    for (uint32_t i = 0; i < ERIX_BOOTCFG_NAME_MAX; i++)
        if (name[i] != 0)
            return 0;
    return 1;
}

/* Both names already checked (NUL padded): equal iff every byte is. */
int bcfg_name_eq(const char a[ERIX_BOOTCFG_NAME_MAX], const char b[ERIX_BOOTCFG_NAME_MAX])
{
    for (uint32_t i = 0; i < ERIX_BOOTCFG_NAME_MAX; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}
