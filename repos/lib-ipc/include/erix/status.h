/*
 * erix/status.h - the one error enum of EriX.
 *
 * Every syscall, kernel-control operation, library validator and service reply
 * returns an erix_status_t. Values are ABI: never renumber, only append.
 */
#ifndef ERIX_STATUS_H
#define ERIX_STATUS_H

typedef enum erix_status {
    ERIX_OK = 0,
    ERIX_ERR_INVALID_ARGUMENT = 1,  /* a field is out of its documented range */
    ERIX_ERR_INVALID_SLOT = 2,      /* slot number outside the caller's window */
    ERIX_ERR_EMPTY_SLOT = 3,        /* no capability in the named slot */
    ERIX_ERR_WRONG_TYPE = 4,        /* capability of another type */
    ERIX_ERR_NO_RIGHTS = 5,         /* capability lacks a needed right */
    ERIX_ERR_DENIED = 6,            /* operation refused by policy (family, state) */
    ERIX_ERR_SLOT_OCCUPIED = 7,     /* destination slot already holds a capability */
    ERIX_ERR_NO_MEMORY = 8,         /* untyped memory or a fixed table exhausted */
    ERIX_ERR_WOULD_BLOCK = 9,       /* a polling operation found no partner */
    ERIX_ERR_TIMEOUT = 10,          /* a timed operation expired */
    ERIX_ERR_MALFORMED = 11,        /* message, table or image is malformed */
    ERIX_ERR_TRUNCATED = 12,        /* input shorter than its declared size */
    ERIX_ERR_VERSION = 13,          /* unknown format or protocol version */
    ERIX_ERR_OUT_OF_RANGE = 14,     /* address or length outside its bounds */
    ERIX_ERR_STATE = 15,            /* object is in the wrong state for this */
    ERIX_ERR_NOT_FOUND = 16,        /* named object does not exist */
    ERIX_ERR_PEER_GONE = 17,        /* partner destroyed while waiting */
    ERIX_ERR_UNKNOWN_OP = 18,       /* operation id not defined */
    ERIX_ERR_ALIGNMENT = 19,        /* misaligned address or size */
    ERIX_ERR_OVERLAP = 20,          /* ranges overlap where they must not */
    ERIX_ERR_EXISTS = 21,           /* entry already present and differs */
    ERIX_ERR_INTERNAL = 22,         /* invariant broken; reported, never hidden */
    ERIX_ERR_LIMIT = 23,            /* a documented bound would be exceeded */
    ERIX_STATUS_COUNT = 24
} erix_status_t;

/* A stable name for logs and tests ("ERIX_ERR_DENIED"); "ERIX_ERR_?" if unknown. */
const char *erix_status_name(long status);

#endif
