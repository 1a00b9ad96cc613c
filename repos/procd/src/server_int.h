/*
 * server_int.h - what the server's files share (server.c, supervise.c,
 * server_loader.c): replies, pool destruction, event delivery and the
 * handlers each file provides. Internal to procd.
 */
#ifndef PROCD_SERVER_INT_H
#define PROCD_SERVER_INT_H

#include "request.h"
#include "server.h"

/* Log a refusal and answer `token` (when not 0) with `st`. */
void procd_refuse(uint64_t token, uint32_t op, erix_status_t st);

/* Answer with ERIX_OK and a pid. */
void procd_reply_pid(uint64_t token, uint32_t pid);

/* Reset pool i: the child built in it is gone. */
void procd_destroy_pool(struct procd_server *s, uint32_t pool);

/* The boot image with this index, or NULL. */
const struct procd_image *procd_find_image(const struct procd_server *s, uint32_t index);

/* Hand a record's undelivered events to waiters; answer waiters nothing can
 * come for any more. */
void procd_deliver(struct procd_server *s, struct procd_record *rec);
void procd_sweep(struct procd_server *s);

/* supervise.c */
erix_status_t procd_op_set_policy(struct procd_server *s, const struct procd_request *r);
erix_status_t procd_op_get_policy(struct procd_server *s, const struct procd_request *r);
erix_status_t procd_op_accounting(struct procd_server *s, const struct procd_request *r);
erix_status_t procd_op_foundation(struct procd_server *s, const struct procd_request *r,
                                  const struct erix_xfer_entry *caps, unsigned ncaps);
/* A running child's run ended: restart it later (true), or not (false). */
bool procd_schedule_restart(struct procd_server *s, struct procd_record *rec,
                            const struct erix_event *ev);
/* A RESTARTING child is stopped or put on hold: destroyed, no restart. */
void procd_cancel_restart(struct procd_server *s, struct procd_record *rec);

/* server_loader.c */
erix_status_t procd_op_begin(struct procd_server *s, const struct procd_request *r);
erix_status_t procd_op_chunk(struct procd_server *s, const struct procd_request *r);
erix_status_t procd_op_commit(struct procd_server *s, const struct procd_request *r);

#endif
