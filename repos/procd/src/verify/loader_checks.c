/*
 * loader_checks.c - phase0-verify-loader: the loader image transfer. A valid
 * image (phase0-exit, linked into the verifier) sent in chunks with its load
 * plan runs and exits with its code; each malformed transfer (a chunk out of
 * sequence, a W+X segment, an entry outside the text, a source hash that
 * does not match, a plan hash that does not match) is refused with its typed
 * error and no process; each injected failure of COMMIT (after the
 * transfer, after child creation, after frame allocation, mid-mapping,
 * mid-copy, after event registration; procd built with loader_fault_hooks)
 * leaves nothing behind: live processes, records, the bytes retyped in
 * procd's pools (the kernel's count), procd's slots, the open transfer, all
 * as before. A valid transfer after them runs again.
 */
#include <string.h>

#include <erix/elf.h>
#include <erix/layout.h>
#include <erix/rt.h>

#include "verify.h"

extern const uint8_t phase0_exit_image[];
extern const uint8_t phase0_exit_image_end[];

#define LOADED_CODE 0x4cu
#define ID 0x10adu

static uint64_t image_size(void)
{
    return (uint64_t)(phase0_exit_image_end - phase0_exit_image);
}

/* The load plan of phase0-exit, as loaderd would hand it over. */
static bool make_plan(struct erix_procd_loader_begin_req *q, uint32_t id)
{
    static const struct erix_elf_limits limits = {ERIX_USER_BASE, ERIX_USER_TOP, 256ull << 20,
                                                  ERIX_USER_STACK_MAX};
    struct erix_elf_image img;
    memset(q, 0, sizeof *q);
    if (erix_elf_parse(phase0_exit_image, image_size(), &limits, &img) != ERIX_OK)
        return false;
    q->version = ERIX_PROCD_LOADER_VERSION;
    q->transfer_id = id;
    memcpy(q->role, "phase0-loaded", sizeof "phase0-loaded");
    q->priority = V_PRIORITY;
    q->segment_count = img.segment_count;
    q->source_size = image_size();
    q->source_hash = erix_procd_fnv1a64(ERIX_PROCD_FNV64_INIT, phase0_exit_image, image_size());
    q->entry = img.entry;
    q->stack_size = img.stack_size;
    q->arg = LOADED_CODE;
    for (uint32_t i = 0; i < img.segment_count; i++) {
        const struct erix_elf_segment *g = &img.segments[i];
        q->segments[i] = (struct erix_procd_loader_segment){g->vaddr, g->memsz, g->file_offset,
                                                            g->filesz, g->perms, 0};
    }
    q->plan_hash = erix_procd_loader_plan_hash(q);
    return true;
}

static erix_status_t begin(const struct erix_procd_loader_begin_req *q)
{
    return v_call(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, q, sizeof *q, NULL, 0, NULL);
}

static erix_status_t chunk(uint32_t id, uint32_t seq, uint64_t offset, uint32_t len)
{
    static _Alignas(8) uint8_t req[ERIX_IPC_MAX_BODY];
    struct erix_procd_loader_chunk_req h = {id, seq, offset, len, 0};
    memcpy(req, &h, sizeof h);
    memcpy(req + sizeof h, phase0_exit_image + offset, len);
    return v_call(ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK, req, (uint16_t)(sizeof h + len), NULL, 0,
                  NULL);
}

/* Every chunk in order; their number. */
static erix_status_t send_all(uint32_t id, uint32_t *chunks)
{
    uint64_t off = 0;
    *chunks = 0;
    while (off < image_size()) {
        uint64_t left = image_size() - off;
        uint32_t len = left < ERIX_PROCD_LOADER_CHUNK_MAX ? (uint32_t)left
                                                          : ERIX_PROCD_LOADER_CHUNK_MAX;
        erix_status_t st = chunk(id, *chunks, off, len);
        if (st != ERIX_OK)
            return st;
        off += len;
        (*chunks)++;
    }
    return ERIX_OK;
}

static erix_status_t commit(uint32_t id, uint32_t chunks, uint64_t hash, uint32_t fault_step,
                            uint32_t *pid)
{
    struct erix_procd_loader_commit_req q = {id, chunks, hash, fault_step, 0};
    struct erix_procd_pid_resp r = {0, 0};
    erix_status_t st = v_call(ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER, &q, sizeof q, &r,
                              sizeof r, NULL);
    *pid = r.pid;
    return st;
}

/* A whole transfer of `q` and its COMMIT with `fault_step`. */
static erix_status_t transfer(const struct erix_procd_loader_begin_req *q, uint32_t fault_step,
                              uint32_t *pid)
{
    uint32_t chunks = 0;
    *pid = 0;
    erix_status_t st = begin(q);
    if (st == ERIX_OK)
        st = send_all(q->transfer_id, &chunks);
    return st != ERIX_OK ? st : commit(q->transfer_id, chunks, q->source_hash, fault_step, pid);
}

static void valid(const char *name, uint32_t id)
{
    struct erix_procd_loader_begin_req q;
    struct erix_event ev = {0, 0, 0, 0, 0};
    uint32_t pid = 0;
    erix_status_t st = make_plan(&q, id) ? transfer(&q, 0, &pid) : ERIX_ERR_MALFORMED;
    if (st == ERIX_OK)
        st = v_wait(pid, &ev);
    v_check(name, st == ERIX_OK && ev.pid == pid && ev.kind == ERIX_EVENT_EXIT &&
                      ev.code == LOADED_CODE,
            "pid=%u bytes=%llu kind=0x%x code=0x%llx status=%s", pid,
            (unsigned long long)image_size(), ev.kind, (unsigned long long)ev.code,
            erix_status_name(st));
}

static void no_process(const char *name, const struct v_baseline *b)
{
    (void)v_check_nothing_left(name, b, 0);
}

static void bad_sequence(const struct v_baseline *b)
{
    struct erix_procd_loader_begin_req q;
    uint32_t pid = 0;
    (void)make_plan(&q, ID + 1);
    erix_status_t st = begin(&q);
    erix_status_t s0 = st == ERIX_OK ? chunk(q.transfer_id, 0, 0, 1000) : st;
    erix_status_t s2 = chunk(q.transfer_id, 2, 1000, 1000);  /* sequence 1 skipped */
    erix_status_t s1 = chunk(q.transfer_id, 1, 2000, 1000);  /* right number, wrong offset */
    erix_status_t sc = commit(q.transfer_id, 1, q.source_hash, 0, &pid);
    v_check("loader-bad-sequence-refused",
            s0 == ERIX_OK && s2 == ERIX_ERR_STATE && s1 == ERIX_ERR_OUT_OF_RANGE &&
                sc == ERIX_ERR_TRUNCATED && pid == 0,
            "chunk0=%s chunk2=%s chunk1@2000=%s commit=%s", erix_status_name(s0),
            erix_status_name(s2), erix_status_name(s1), erix_status_name(sc));
    no_process("loader-bad-sequence-nothing-left", b);
}

/* A BEGIN that must be refused whole: nothing opens, a chunk finds nothing. */
static void bad_plan(const char *name, struct erix_procd_loader_begin_req *q, erix_status_t want,
                     const struct v_baseline *b)
{
    erix_status_t st = begin(q);
    erix_status_t sc = chunk(q->transfer_id, 0, 0, 100);
    v_check(name, st == want && sc == ERIX_ERR_NOT_FOUND, "begin=%s want=%s chunk=%s",
            erix_status_name(st), erix_status_name(want), erix_status_name(sc));
    no_process("loader-bad-plan-nothing-left", b);
}

static uint32_t segment_with(const struct erix_procd_loader_begin_req *q, uint32_t perm)
{
    for (uint32_t i = 0; i < q->segment_count; i++)
        if ((q->segments[i].perms & perm) != 0)
            return i;
    return 0;
}

static void malformed(const struct v_baseline *b)
{
    struct erix_procd_loader_begin_req q;
    uint32_t pid = 0;
    bad_sequence(b);
    (void)make_plan(&q, ID + 2);
    q.segments[segment_with(&q, ERIX_PROCD_SEG_W)].perms |= ERIX_PROCD_SEG_X;
    q.plan_hash = erix_procd_loader_plan_hash(&q);
    bad_plan("loader-wx-refused", &q, ERIX_ERR_DENIED, b);
    (void)make_plan(&q, ID + 3);
    q.entry = q.segments[segment_with(&q, ERIX_PROCD_SEG_W)].vaddr; /* into the data */
    q.plan_hash = erix_procd_loader_plan_hash(&q);
    bad_plan("loader-entry-outside-text-refused", &q, ERIX_ERR_OUT_OF_RANGE, b);
    (void)make_plan(&q, ID + 4);
    q.plan_hash ^= 1;
    bad_plan("loader-plan-hash-refused", &q, ERIX_ERR_MALFORMED, b);
    (void)make_plan(&q, ID + 5);
    q.source_hash ^= 0x100; /* the bytes are right, the hash named for them is not */
    q.plan_hash = erix_procd_loader_plan_hash(&q);
    erix_status_t st = transfer(&q, 0, &pid);
    v_check("loader-source-hash-refused", st == ERIX_ERR_MALFORMED && pid == 0, "commit=%s",
            erix_status_name(st));
    no_process("loader-source-hash-nothing-left", b);
}

static const char *const steps[ERIX_PROCD_LOADER_FAULT_COUNT] = {
    "none", "after-transfer", "after-child-create", "after-frame-alloc", "mid-mapping",
    "mid-copy", "after-event-registration",
};

static void injected(const struct v_baseline *b)
{
    for (uint32_t step = 1; step < ERIX_PROCD_LOADER_FAULT_COUNT; step++) {
        struct erix_procd_loader_begin_req q;
        uint32_t pid = 0;
        (void)make_plan(&q, ID + 16 + step);
        erix_status_t st = transfer(&q, step, &pid);
        v_check("loader-fault-refused", st == ERIX_ERR_INTERNAL && pid == 0, "step=%s status=%s",
                steps[step], erix_status_name(st));
        char name[64] = "loader-fault-nothing-left:";
        size_t n = strlen(name);
        memcpy(name + n, steps[step], strnlen(steps[step], sizeof name - n - 1));
        no_process(name, b);
    }
}

void v_run_loader(void)
{
    struct v_baseline b, after;
    (void)v_take_baseline(&b);
    valid("loader-valid-runs", ID);
    if (v_accounting(&after.a) != ERIX_OK)
        after = b;
    malformed(&after);
    injected(&after);
    valid("loader-valid-runs-after-faults", ID + 99);
    struct erix_procd_loader_begin_req q;
    erix_status_t st = make_plan(&q, 7) ? ERIX_OK : ERIX_ERR_MALFORMED;
    uint32_t pid = 0;
    if (st == ERIX_OK)
        st = commit(q.transfer_id, 0, q.source_hash, 0, &pid);
    v_check("loader-commit-without-begin", st == ERIX_ERR_NOT_FOUND, "status=%s",
            erix_status_name(st));
}
