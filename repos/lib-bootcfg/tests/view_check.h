/*
 * view_check.h - an oracle: what ERIX_OK from erix_bootcfg_parse promises,
 * restated independently of the parser, plus the promises of
 * erix_bootcfg_order and erix_bootcfg_find_role over the accepted view.
 */
#ifndef TB_VIEW_CHECK_H
#define TB_VIEW_CHECK_H

#include <stddef.h>

#include <erix/bootcfg.h>

/* NULL when every promise holds, else what broke. */
const char *view_check(const struct erix_bootcfg_view *v, const void *buf, size_t size);

#endif
