/*
 * object.h - kernel objects and capability slots.
 *
 * Objects are made only by retyping untyped memory (or, for the root task's
 * first objects and the kernel-control endpoints, from boot memory before the
 * rest becomes untyped). Sizes are fixed and documented in ARCHITECTURE.md:
 *
 *   endpoint 128 B, install grant 64 B, untyped header 128 B (all 64-aligned),
 *   TCB 16 KiB (its kernel stack inside), VSpace 8 KiB (header + PML4),
 *   CNode 260 KiB (header page + 4096 x 64-byte slots), frames n x 4 KiB.
 *
 * Every capability to an object retyped from untyped U is linked into U's
 * `derived` list, so resetting U finds and deletes all of them (revocation);
 * header objects are also linked into U's `objects` list for finalisation.
 */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <erix/caps.h>
#include <erix/ipc.h>
#include <erix/status.h>

#include <kernel/arch.h>

#define OBJ_ENDPOINT_SIZE 128u
#define OBJ_GRANT_SIZE 64u
#define OBJ_UNTYPED_SIZE 128u
#define OBJ_TCB_SIZE 16384u
#define OBJ_VSPACE_SIZE 8192u
#define OBJ_CNODE_SIZE (4096u + ERIX_CSPACE_SLOTS * 64u)
#define UNTYPED_MAX_DEPTH 8u

struct untyped;
struct cte;
struct tcb;

/* The header every object with kernel state starts with (frames have none). */
struct kobj {
    uint8_t type;  /* enum erix_cap_type */
    uint8_t dead;  /* finalised: no capability or pointer may reach it */
    uint16_t reserved;
    uint32_t id;
    struct kobj *next_in_untyped;
    struct untyped *origin; /* NULL: boot object, never destroyed */
};

struct untyped {
    struct kobj hdr;
    uint64_t base;
    uint64_t size;
    uint64_t watermark;     /* bytes handed out from base */
    uint32_t flags;         /* UNTYPED_DEVICE */
    uint32_t depth;
    struct kobj *objects;   /* header objects made here */
    struct cte *derived;    /* every capability to something made here */
};
#define UNTYPED_DEVICE 0x1u

/* A capability slot: 64 bytes. */
struct cte {
    uint8_t type;           /* enum erix_cap_type; ERIX_CAP_NULL = empty */
    uint8_t rights;
    uint16_t flags;         /* CTE_* */
    uint32_t pages;         /* frames: page count */
    uint64_t obj;           /* header objects: kernel pointer; frames: physical base */
    uint64_t badge;         /* endpoints */
    uint64_t map_vaddr;     /* frames: where mapped */
    uint32_t map_vspace;    /* frames: vspace table index, 0 = unmapped */
    uint32_t map_gen;       /* frames: that space's generation (never reused) */
    struct untyped *origin; /* the list this slot is on (NULL: none) */
    struct cte *prev;
    struct cte *next;
};
#define CTE_FRAME_IMAGE 0x1u /* boot-module pages: never writable */
#define CTE_FRAME_ANON 0x2u  /* zeroed RAM from untyped: WRITE_PROCESS_MEMORY may fill it */

struct cnode {
    struct kobj hdr;
    uint32_t count;
    uint32_t reserved;
    struct cte *slots;
};

struct endpoint {
    struct kobj hdr;
    uint32_t kind;          /* enum erix_endpoint_kind */
    uint32_t reserved;
    struct tcb *send_head, *send_tail;
    struct tcb *recv_head, *recv_tail;
};

struct vspace {
    struct kobj hdr;
    uint64_t root;          /* physical address of the PML4 */
    struct untyped *pool;   /* page tables come from here (NULL: boot memory) */
    uint32_t index;         /* in the vspace table */
    uint32_t gen;           /* 32-bit generation of that index */
    uint32_t tables;        /* page-table pages allocated */
    uint32_t reserved;
};

struct install_grant {
    struct kobj hdr;
    struct tcb *child;
    uint32_t child_gen;
    uint32_t window_base;
    uint32_t window_count;
    uint32_t rights_mask;
};

enum tcb_state {
    TCB_INACTIVE = 0,       /* staged or finished: not scheduled */
    TCB_RUNNING,            /* current, or in a run queue */
    TCB_BLOCKED_SEND,       /* queued on wait_ep as sender (CALL or NOTIFY) */
    TCB_BLOCKED_RECV,       /* queued on wait_ep as receiver */
    TCB_BLOCKED_REPLY,      /* waiting for reply_server to answer */
    TCB_BLOCKED_EVENT,      /* queued on wait_ep with a kernel event */
    TCB_BLOCKED_FAULT,      /* event delivered; waiting for RESOLVE_FAULT */
    TCB_BLOCKED_IRQ,        /* waiting for an interrupt */
    TCB_DEAD,
};

enum tcb_send_op {
    SEND_NONE = 0,
    SEND_CALL,
    SEND_NOTIFY,
    SEND_EVENT,
};

struct tcb {
    struct kobj hdr;
    uint32_t pid;                 /* index in the thread table */
    uint32_t gen;                 /* bumped when the index is reused */
    uint8_t state;                /* enum tcb_state */
    uint8_t priority;
    uint8_t proc_state;           /* ERIX_PROC_* */
    uint8_t send_op;              /* enum tcb_send_op */
    uint32_t flags;               /* TCB_FLAG_* */
    uint64_t kstack_rsp;
    uint64_t kstack_top;
    struct arch_syscall_frame *frame; /* registers of the system call in progress */
    struct cnode *cspace;
    struct vspace *vspace;
    struct erix_ipc_buffer *ipcbuf;
    struct tcb *next, *prev;      /* run queue or endpoint queue */
    struct endpoint *wait_ep;
    uint64_t send_badge;
    struct tcb *reply_server;     /* BLOCKED_REPLY: who received our call */
    struct endpoint *call_ep;
    uint32_t call_seq;
    uint32_t live_grants;
    uint32_t reserved1;
    struct cte fault_cap;         /* registered manager endpoint (a hidden copy: the */
    struct cte pager_cap;         /*   thread cannot drop it); revoked like any cap */
    struct erix_event event;      /* pending or last kernel event */
    uint64_t wake_at;             /* timed block: deadline in timestamp units, 0 = none */
    struct tcb *sleep_next;
    uint32_t slice;               /* timer ticks left in this slice */
    uint32_t irq;                 /* BLOCKED_IRQ: which */
};
#define TCB_FLAG_ROOT 0x1u
#define TCB_FLAG_IDLE 0x2u
#define TCB_FLAG_KILL_PENDING 0x4u

_Static_assert(sizeof(struct cte) == 64, "a slot is 64 bytes");
_Static_assert(sizeof(struct endpoint) <= OBJ_ENDPOINT_SIZE, "endpoint fits");
_Static_assert(sizeof(struct install_grant) <= OBJ_GRANT_SIZE, "grant fits");
_Static_assert(sizeof(struct untyped) <= OBJ_UNTYPED_SIZE, "untyped header fits");
_Static_assert(sizeof(struct tcb) <= 1024, "TCB leaves room for its kernel stack");

#endif
