/*
 * test_server_loader.c - the loader image transfer through the server with the
 * scripted seam: a valid transfer becomes a started, event-registered child
 * with no capabilities from the caller; chunks and plans that are refused
 * change nothing; COMMIT's refusals (incomplete, hashes) create nothing and
 * close the transfer; and a failure at every step of the transaction (each
 * injected fault step, and each seam call failing for real) leaves no
 * process, record, pool memory, capability or open transfer behind.
 */
#include <string.h>

#include <erix/kctl.h>
#include <erix/procd.h>
#include <erix_test.h>

#include "fake_seam.h"
#include "harness.h"
#include "msgs.h"
#include "procd_config.h"

static uint64_t body[ERIX_IPC_MAX_BODY / 8];
static struct erix_procd_loader_begin_req plan;
static uint32_t chunks;

static erix_status_t begin(uint32_t id, uint64_t token)
{
    ERIX_CHECK(test_begin_req(&plan, h_elf, sizeof h_elf, id, 0x4c));
    h_handle(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, BOOT, token, &plan, sizeof plan);
    return h_status(token);
}

/* The source, with room past its end for chunks that claim too much. */
static uint8_t padded[0x1000];

static erix_status_t chunk(uint32_t id, uint32_t seq, uint64_t off, uint32_t len, uint64_t token)
{
    memcpy(padded, h_elf, sizeof h_elf);
    uint16_t n = test_chunk_body(body, id, seq, padded, off, len);
    h_handle(ERIX_PROCD_OP_SEND_LOADER_IMAGE_CHUNK, BOOT, token, body, n);
    return h_status(token);
}

/* The whole source in chunks of 0x100. */
static void send_all(uint32_t id)
{
    chunks = 0;
    for (uint64_t off = 0; off < sizeof h_elf; off += 0x100, chunks++) {
        uint32_t len = sizeof h_elf - off < 0x100 ? (uint32_t)(sizeof h_elf - off) : 0x100;
        ERIX_CHECK_EQ(chunk(id, chunks, off, len, TOK(0x500 + chunks)), ERIX_OK);
    }
}

static erix_status_t commit(uint32_t id, uint32_t n, uint64_t hash, uint32_t step, uint64_t token)
{
    struct erix_procd_loader_commit_req q = {id, n, hash, step, 0};
    h_handle(ERIX_PROCD_OP_COMMIT_LOADER_IMAGE_TRANSFER, BOOT, token, &q, sizeof q);
    return h_status(token);
}

/* Nothing of a failed COMMIT: no live process or record, every pool free and
 * empty, no capability in a child range or the inbox, no transfer open. */
static void nothing_left(unsigned records)
{
    struct erix_procd_accounting_resp a = h_accounting(BOOT);
    ERIX_CHECK_EQ(a.live_processes, 0);
    ERIX_CHECK_EQ(a.records, records);
    ERIX_CHECK_EQ(a.pools_in_use, 0);
    ERIX_CHECK_EQ(a.pool_bytes_in_use, 0);
    ERIX_CHECK_EQ(a.stray_slots, 0);
    ERIX_CHECK_EQ(a.loader_active, 0);
    ERIX_CHECK_EQ(seam_slots_in_ranges(), 0);
    ERIX_CHECK(!hs.loader.active);
}

static void a_valid_transfer_runs(void)
{
    h_setup();
    ERIX_CHECK_EQ(begin(7, TOK(1)), ERIX_OK);
    ERIX_CHECK(hs.loader.active);
    send_all(7);
    ERIX_CHECK_EQ(h_accounting(BOOT).loader_bytes, sizeof h_elf);
    ERIX_CHECK_EQ(commit(7, chunks, plan.source_hash, 0, TOK(2)), ERIX_OK);
    uint32_t pid = h_pid(TOK(2));
    ERIX_CHECK(pid != 0);
    const struct seam_call *b = seam_find("loader_build", 0);
    ERIX_CHECK(b != NULL && b->a == 2 && b->b == (uintptr_t)h_loader_buf && b->c == 5 && b->d == 0);
    const struct seam_call *w = seam_find("child_wire", 0);
    ERIX_CHECK(w != NULL && w->a == pid && w->b == 0); /* the fault endpoint only */
    ERIX_CHECK_EQ(seam_count("child_grant"), 0);    /* nobody installs anything */
    const struct seam_call *s = seam_find("child_start", 0);
    ERIX_CHECK(s != NULL && s->a == 0 && s->b == 0 && s->c == 0 && s->d == 0x4c);
    ERIX_CHECK(memcmp(h_loader_buf, h_elf, sizeof h_elf) == 0);
    ERIX_CHECK(!hs.loader.active); /* closed */
    struct erix_procd_query_resp q = h_query(BOOT, pid);
    ERIX_CHECK_EQ(q.state, ERIX_PROCD_STATE_RUNNING);
    ERIX_CHECK(strcmp(q.role, "loaded") == 0);
    ERIX_CHECK(seam_logged("PROCD:LOADED role=loaded"));
    /* its events come like any other's; the restart policy needs a boot image */
    ERIX_CHECK_EQ(h_set_policy(BOOT, pid, ERIX_PROCD_POLICY_RESTART, 10, 1, TOK(3)),
                  ERIX_ERR_STATE);
    ERIX_CHECK_EQ(h_set_policy(BOOT, pid, ERIX_PROCD_POLICY_HOLD, 0, 0, TOK(4)), ERIX_OK);
    h_event(pid, ERIX_EVENT_EXIT, 0x4c, 0);
    h_pid_op(ERIX_PROCD_OP_WAIT_PROCESS_EVENT, BOOT, pid, 0, TOK(5));
    ERIX_CHECK_EQ(h_reply_event(TOK(5)).code, 0x4c);
    nothing_left(1);
}

static void refused_chunks_change_nothing(void)
{
    h_setup();
    ERIX_CHECK_EQ(chunk(7, 0, 0, 16, TOK(1)), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(begin(7, TOK(2)), ERIX_OK);
    ERIX_CHECK_EQ(chunk(7, 0, 0, 0x100, TOK(3)), ERIX_OK);
    ERIX_CHECK_EQ(chunk(7, 2, 0x100, 0x100, TOK(4)), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(chunk(7, 1, 0x180, 0x100, TOK(5)), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(chunk(8, 1, 0x100, 0x100, TOK(6)), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(chunk(7, 1, 0x100, 0x141, TOK(7)), ERIX_ERR_OUT_OF_RANGE); /* past the end */
    ERIX_CHECK_EQ(hs.loader.received, 0x100);
    ERIX_CHECK_EQ(hs.loader.next_sequence, 1);
    ERIX_CHECK_EQ(chunk(7, 1, 0x100, 0x140, TOK(8)), ERIX_OK); /* the right one still goes */
    ERIX_CHECK_EQ(commit(7, 2, plan.source_hash, 0, TOK(9)), ERIX_OK);
    ERIX_CHECK(h_pid(TOK(9)) != 0);
}

static void refused_plans_open_nothing(void)
{
    h_setup();
    ERIX_CHECK(test_begin_req(&plan, h_elf, sizeof h_elf, 7, 0));
    plan.segments[1].perms |= ERIX_PROCD_SEG_X;
    plan.plan_hash = erix_procd_loader_plan_hash(&plan);
    h_handle(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, BOOT, TOK(1), &plan, sizeof plan);
    ERIX_CHECK_EQ(h_status(TOK(1)), ERIX_ERR_DENIED);
    ERIX_CHECK(!hs.loader.active);
    ERIX_CHECK(test_begin_req(&plan, h_elf, sizeof h_elf, 7, 0));
    h_handle(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, DRV, TOK(2), &plan, sizeof plan);
    ERIX_CHECK_EQ(h_status(TOK(2)), ERIX_ERR_DENIED);
    ERIX_CHECK(!hs.loader.active);
    /* a refused plan leaves an open transfer as it was */
    ERIX_CHECK_EQ(begin(7, TOK(3)), ERIX_OK);
    ERIX_CHECK_EQ(chunk(7, 0, 0, 0x100, TOK(4)), ERIX_OK);
    plan.entry = 0x402200;
    plan.transfer_id = 8;
    plan.plan_hash = erix_procd_loader_plan_hash(&plan);
    h_handle(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, BOOT, TOK(5), &plan, sizeof plan);
    ERIX_CHECK_EQ(h_status(TOK(5)), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(hs.loader.id, 7);
    ERIX_CHECK_EQ(hs.loader.received, 0x100);
    /* a valid BEGIN replaces it */
    ERIX_CHECK_EQ(begin(9, TOK(6)), ERIX_OK);
    ERIX_CHECK_EQ(hs.loader.id, 9);
    ERIX_CHECK_EQ(hs.loader.received, 0);
    ERIX_CHECK(seam_logged("PROCD:LOADER_DISCARDED id=7"));
    ERIX_CHECK_EQ(seam_count("pool_create"), 0);
}

static void commit_refusals_create_nothing_and_close(void)
{
    h_setup();
    ERIX_CHECK_EQ(commit(7, 0, 0, 0, TOK(1)), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(begin(7, TOK(2)), ERIX_OK);
    ERIX_CHECK_EQ(chunk(7, 0, 0, 0x100, TOK(3)), ERIX_OK);
    ERIX_CHECK_EQ(commit(8, 1, plan.source_hash, 0, TOK(4)), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK(hs.loader.active); /* another id: it stays open */
    ERIX_CHECK_EQ(commit(7, 1, plan.source_hash, 0, TOK(5)), ERIX_ERR_TRUNCATED);
    ERIX_CHECK(!hs.loader.active); /* closed by its COMMIT */
    ERIX_CHECK_EQ(chunk(7, 1, 0x100, 0x100, TOK(6)), ERIX_ERR_NOT_FOUND);
    /* a source hash that is not the bytes' */
    test_begin_req(&plan, h_elf, sizeof h_elf, 10, 0);
    plan.source_hash ^= 0x10;
    plan.plan_hash = erix_procd_loader_plan_hash(&plan);
    h_handle(ERIX_PROCD_OP_BEGIN_LOADER_IMAGE_TRANSFER, BOOT, TOK(7), &plan, sizeof plan);
    send_all(10);
    ERIX_CHECK_EQ(commit(10, chunks, plan.source_hash, 0, TOK(8)), ERIX_ERR_MALFORMED);
    /* COMMIT naming another hash than BEGIN's */
    ERIX_CHECK_EQ(begin(11, TOK(9)), ERIX_OK);
    send_all(11);
    ERIX_CHECK_EQ(commit(11, chunks, plan.source_hash + 1, 0, TOK(10)), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(seam_count("pool_create"), 0);
    ERIX_CHECK_EQ(seam_count("loader_build"), 0);
    nothing_left(0);
}

static void each_injected_fault_leaves_nothing(void)
{
    for (uint32_t step = 1; step < ERIX_PROCD_LOADER_FAULT_COUNT; step++) {
        h_setup();
        ERIX_CHECK_EQ(begin(20 + step, TOK(1)), ERIX_OK);
        send_all(20 + step);
        ERIX_CHECK_EQ(commit(20 + step, chunks, plan.source_hash, step, TOK(2)),
                      ERIX_ERR_INTERNAL);
        ERIX_CHECK_EQ(h_pid(TOK(2)), 0);
        ERIX_CHECK_EQ(seam_count("child_start"), 0);
        if (step == ERIX_PROCD_LOADER_FAULT_AFTER_TRANSFER) {
            ERIX_CHECK_EQ(seam_count("pool_create"), 0); /* before anything was made */
        } else {
            ERIX_CHECK_EQ(seam_count("loader_build"), 1);
            ERIX_CHECK_EQ(seam_find("loader_build", 0)->d, step);
            ERIX_CHECK_EQ(seam_count("pool_reset"), 1);
            ERIX_CHECK_EQ(hs.pools.pool[0].state, PROCD_POOL_FREE);
        }
        if (step == ERIX_PROCD_LOADER_FAULT_AFTER_EVENT_REGISTRATION)
            ERIX_CHECK_EQ(seam_count("child_wire"), 1); /* registered, then undone */
        ERIX_CHECK(seam_logged("PROCD:REFUSED op=0x410 status=ERIX_ERR_INTERNAL"));
        nothing_left(0);
        /* and the next transfer works */
        ERIX_CHECK_EQ(begin(40 + step, TOK(3)), ERIX_OK);
        send_all(40 + step);
        ERIX_CHECK_EQ(commit(40 + step, chunks, plan.source_hash, 0, TOK(4)), ERIX_OK);
        ERIX_CHECK(h_pid(TOK(4)) != 0);
    }
}

static void each_failing_seam_call_leaves_nothing(void)
{
    static const char *const calls[] = {"pool_create", "loader_build", "child_wire",
                                        "child_start"};
    for (unsigned i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        h_setup();
        ERIX_CHECK_EQ(begin(7, TOK(1)), ERIX_OK);
        send_all(7);
        seam_fail(calls[i], 0, ERIX_ERR_NO_MEMORY);
        ERIX_CHECK_EQ(commit(7, chunks, plan.source_hash, 0, TOK(2)), ERIX_ERR_NO_MEMORY);
        nothing_left(0);
        ERIX_CHECK_EQ(seam_count("pool_reset"), i == 0 ? 0u : 1u);
    }
}

static void no_pool_left_refuses_before_anything(void)
{
    h_setup();
    for (uint32_t i = 0; i < PROCD_MAX_CHILDREN; i++)
        (void)h_spawn(BOOT, "x", 0, TOK(100 + i));
    ERIX_CHECK_EQ(begin(7, TOK(1)), ERIX_OK);
    send_all(7);
    unsigned creates = seam_count("pool_create");
    ERIX_CHECK_EQ(commit(7, chunks, plan.source_hash, 0, TOK(2)), ERIX_ERR_NO_MEMORY);
    ERIX_CHECK_EQ(seam_count("pool_create"), creates);
    ERIX_CHECK_EQ(seam_count("loader_build"), 0);
    ERIX_CHECK(!hs.loader.active);
}

int main(void)
{
    ERIX_RUN(a_valid_transfer_runs);
    ERIX_RUN(refused_chunks_change_nothing);
    ERIX_RUN(refused_plans_open_nothing);
    ERIX_RUN(commit_refusals_create_nothing_and_close);
    ERIX_RUN(each_injected_fault_leaves_nothing);
    ERIX_RUN(each_failing_seam_call_leaves_nothing);
    ERIX_RUN(no_pool_left_refuses_before_anything);
    return erix_test_finish();
}
