/*
 * parse_check.h - parse a copy of an image held in an exact-size heap buffer
 * (so ASan sees any over-read), and hold the result to the parser's
 * promises: on failure `view` untouched, on success the oracle (view_check).
 */
#ifndef TB_PARSE_CHECK_H
#define TB_PARSE_CHECK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <erix/bootcfg.h>

#include "view_check.h"

/* The status; *why is NULL, or the promise that broke. */
static inline erix_status_t tb_parse_checked(const uint8_t *img, size_t size, const char **why)
{
    struct erix_bootcfg_view view, canary;
    uint8_t *copy = malloc(size != 0 ? size : 1);

    *why = NULL;
    if (copy == NULL)
        abort();
    memcpy(copy, img, size);
    memset(&canary, 0x5a, sizeof canary);
    memcpy(&view, &canary, sizeof view);
    erix_status_t st = erix_bootcfg_parse(copy, size, &view);
    if (st != ERIX_OK && memcmp(&view, &canary, sizeof view) != 0)
        *why = "view written on failure";
    if (st == ERIX_OK)
        *why = view_check(&view, copy, size);
    if ((unsigned)st >= ERIX_STATUS_COUNT)
        *why = "status outside erix_status_t";
    free(copy);
    return st;
}

#endif
