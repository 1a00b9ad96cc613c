/*
 * cap.h - capability slots: lookup with typed errors, install, attenuated copy,
 * move and delete. Deleting a capability undoes what it alone holds (a frame's
 * mapping, an untyped's children, a grant's hold on its child).
 */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H

#include <kernel/object.h>

/* The slot `slot` of `cn`, or NULL when it is outside the CSpace. */
struct cte *cnode_slot(struct cnode *cn, uint32_t slot);

/*
 * Look `slot` up in `cn`: ERIX_ERR_INVALID_SLOT (outside), ERIX_ERR_EMPTY_SLOT,
 * ERIX_ERR_WRONG_TYPE (type != 0 and differs), ERIX_ERR_NO_RIGHTS (missing).
 */
erix_status_t cap_lookup(struct cnode *cn, uint32_t slot, uint8_t type, uint8_t rights,
                         struct cte **out);

/* An empty destination slot, or INVALID_SLOT / SLOT_OCCUPIED. */
erix_status_t cap_lookup_empty(struct cnode *cn, uint32_t slot, struct cte **out);

/* Fill the empty slot `dst`, linking it into origin's derived list. */
void cap_install(struct cte *dst, uint8_t type, uint8_t rights, uint64_t obj,
                 struct untyped *origin);

/* May `src` be copied with `rights_mask` and `badge`? (decode half) */
erix_status_t cap_copy_check(const struct cte *src, uint64_t badge);
/* Copy into the empty `dst` with rights src & mask (invoke half: cannot fail). */
void cap_copy(const struct cte *src, struct cte *dst, uint8_t rights_mask, uint64_t badge);

/* Move `src` into the empty `dst`; src becomes empty. */
void cap_move(struct cte *src, struct cte *dst);

/* Delete the capability in `c` (no-op when empty). */
void cap_delete(struct cte *c);

/* The endpoint kind behind a capability (GENERIC for non-endpoints). */
uint32_t cap_endpoint_kind(const struct cte *c);

/* Bytes an untyped or frame capability covers (0 for others). */
uint64_t cap_size(const struct cte *c);

/* Initialise a CNode object placed at `mem` (OBJ_CNODE_SIZE bytes, zeroed). */
struct cnode *cnode_init(void *mem, struct untyped *origin);

/* Delete every capability in the CNode. */
void cnode_finalize(struct cnode *cn);

#endif
