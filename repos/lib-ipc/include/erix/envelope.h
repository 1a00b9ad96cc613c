/*
 * erix/envelope.h - the versioned startup envelope every service receives.
 *
 * rootd (or procd, for what it starts on rootd's behalf) writes it into one
 * read-only page at ERIX_ENVELOPE_VADDR and starts the service with rdi = that
 * address, rsi = its size, rdx = the primary control slot. It names the
 * service's role and every capability transferred to it (local slot, type,
 * rights, endpoint kind, purpose) and its peers. A service validates the
 * envelope, checks each named slot with QUERY_LOCAL_CAP and refuses to serve
 * if its CSpace holds anything the envelope does not name; then it answers the
 * readiness handshake (ERIX_SERVICE_OP_READY, erix/service.h).
 */
#ifndef ERIX_ENVELOPE_H
#define ERIX_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <erix/status.h>

#define ERIX_ENVELOPE_MAGIC "ERIXSENV"
#define ERIX_ENVELOPE_VERSION 1u
#define ERIX_ENVELOPE_MAX 1008u      /* fits one START_STAGED_PROCESS request */
#define ERIX_ROLE_MAX 24u            /* role names: [a-z0-9-], NUL padded */
#define ERIX_ENVELOPE_MAX_CAPS 32u
#define ERIX_ENVELOPE_MAX_PEERS 8u

enum erix_envelope_purpose {
    ERIX_PURPOSE_PRIMARY_CONTROL = 1, /* the service's kernel-control family endpoint */
    ERIX_PURPOSE_SERVICE_ENDPOINT = 2, /* where the service receives its requests */
    ERIX_PURPOSE_READY = 3,           /* where it sends ERIX_SERVICE_OP_READY (rootd) */
    ERIX_PURPOSE_PROCD_DRIVER = 4,    /* procd's driver-lifecycle endpoint (2112) */
    ERIX_PURPOSE_UNTYPED_POOL = 5,    /* memory the service may retype */
    ERIX_PURPOSE_IMAGE_FRAME = 6,     /* a boot module image; aux = image index */
    ERIX_PURPOSE_PEER = 7,            /* another service's endpoint (see peers) */
    ERIX_PURPOSE_SELF_VSPACE = 8,     /* the service's own address space */
    ERIX_PURPOSE_CHILD_POPULATE = 9,  /* the child-populate family */
    ERIX_PURPOSE_PROCD_SERVICE = 10,  /* procd's bootstrap endpoint */
    ERIX_PURPOSE_DEVICE = 11,         /* a hardware family or device frame */
    ERIX_PURPOSE_FAULT_ENDPOINT = 12, /* the manager's endpoint its faults go to */
    ERIX_PURPOSE_COUNT = 13
};

struct erix_envelope_header {
    char magic[8];
    uint32_t version;
    uint32_t total_size;
    char role[ERIX_ROLE_MAX];
    uint32_t service_index;
    uint32_t flags;                 /* 0 */
    uint32_t cap_count;
    uint32_t cap_offset;
    uint32_t peer_count;
    uint32_t peer_offset;
    uint32_t primary_control_slot;  /* 0: none */
    uint32_t service_endpoint_slot; /* 0: none */
    uint32_t ready_slot;            /* 0: no readiness handshake */
    uint32_t reserved;
};

struct erix_envelope_cap {
    uint32_t slot;
    uint8_t type;                   /* enum erix_cap_type */
    uint8_t rights;
    uint8_t endpoint_kind;
    uint8_t purpose;                /* enum erix_envelope_purpose */
    uint32_t aux;                   /* IMAGE_FRAME: image index; others: 0 */
    uint32_t reserved;
};

struct erix_envelope_peer {
    char role[ERIX_ROLE_MAX];
    uint32_t slot;                  /* must also be listed as a PEER capability */
    uint32_t reserved;
};

_Static_assert(sizeof(struct erix_envelope_header) == 80, "envelope header");
_Static_assert(sizeof(struct erix_envelope_cap) == 16, "envelope cap");
_Static_assert(sizeof(struct erix_envelope_peer) == 32, "envelope peer");

struct erix_envelope_view {
    const struct erix_envelope_header *header;
    const struct erix_envelope_cap *caps;
    const struct erix_envelope_peer *peers;
};

/* Bytes an envelope with these counts needs. */
size_t erix_envelope_size(uint32_t caps, uint32_t peers);

/* Lay out an empty envelope (zeroed, magic, version, sizes, offsets, role). */
erix_status_t erix_envelope_layout(void *buf, size_t cap, const char *role, uint32_t caps,
                                   uint32_t peers, struct erix_envelope_header **header);

/*
 * Strict check: magic, version, exact size, offsets, counts, role and peer
 * names ([a-z0-9-], NUL padded), slots 1..4095 and distinct, types, rights,
 * kinds, purposes, reserved fields zero, every peer slot listed as PEER, the
 * header's slots (when set) listed with the matching purpose.
 */
erix_status_t erix_envelope_validate(const void *buf, size_t size, struct erix_envelope_view *v);

/* A builder's step: when `c` has a purpose the header names (primary control,
 * service endpoint, READY), record its slot there; other purposes change nothing. */
void erix_envelope_note_slot(struct erix_envelope_header *h, const struct erix_envelope_cap *c);

/* The first capability with this purpose, or NULL. */
const struct erix_envelope_cap *erix_envelope_find(const struct erix_envelope_view *v,
                                                   uint32_t purpose);

/* Does the envelope list a capability at `slot`? */
bool erix_envelope_lists(const struct erix_envelope_view *v, uint32_t slot);

/*
 * Reads one slot of the caller's own CSpace (QUERY_LOCAL_CAP on EriX, a fake in
 * host tests): ERIX_OK with *out filled, ERIX_ERR_EMPTY_SLOT, or another error.
 */
struct erix_cap_info;
typedef erix_status_t (*erix_envelope_query_fn)(void *ctx, uint32_t slot,
                                                struct erix_cap_info *out);

/*
 * The capability at c->slot is exactly what the envelope lists there (type,
 * endpoint kind, rights): ERIX_ERR_NOT_FOUND for an empty slot,
 * ERIX_ERR_WRONG_TYPE, ERIX_ERR_NO_RIGHTS, or a query error as it came. *info
 * holds what the query read (when it read something).
 */
erix_status_t erix_envelope_cap_matches(const struct erix_envelope_cap *c,
                                        erix_envelope_query_fn query, void *ctx,
                                        struct erix_cap_info *info);

/*
 * The startup contract's last check: every occupied slot 1..4095 of the
 * caller's CSpace is listed in the envelope. ERIX_ERR_DENIED at the first slot
 * holding authority the envelope does not name; a query error as it came.
 */
erix_status_t erix_envelope_scan(const struct erix_envelope_view *v,
                                 erix_envelope_query_fn query, void *ctx);

/* Is `name` a valid role name (1..23 chars of [a-z0-9-])? */
int erix_role_name_ok(const char *name, size_t cap);

#endif
