/*
 * test_loader.c - the loader transfer's pure part: a valid plan and every
 * way a plan is refused (each with its typed error, changing nothing), the
 * chunk checks (id, sequence, offset, bounds), the commit checks
 * (completeness, both hashes) and the transfer's state through begin, take
 * and end.
 */
#include <string.h>

#include <erix/layout.h>
#include <erix/procd.h>
#include <erix_test.h>

#include "loader.h"

static struct erix_procd_loader_begin_req q;
static struct erix_elf_image plan;
static struct procd_loader l;
static uint8_t buf[8192];
static uint8_t source[5000];

/* text RX 0x401000 (file 0..0x1000), data RW 0x403000 (file 0x1000.., bss after). */
static void valid_plan(void)
{
    memset(&q, 0, sizeof q);
    for (unsigned i = 0; i < sizeof source; i++)
        source[i] = (uint8_t)(i * 7u + 1u);
    q.version = ERIX_PROCD_LOADER_VERSION;
    q.transfer_id = 9;
    memcpy(q.role, "loaded", 6);
    q.priority = 80;
    q.segment_count = 2;
    q.source_size = sizeof source;
    q.source_hash = erix_procd_fnv1a64(ERIX_PROCD_FNV64_INIT, source, sizeof source);
    q.entry = 0x401010;
    q.stack_size = 0x4000;
    q.arg = 7;
    q.segments[0] = (struct erix_procd_loader_segment){0x401000, 0x1000, 0, 0x1000,
                                                       ERIX_PROCD_SEG_R | ERIX_PROCD_SEG_X, 0};
    q.segments[1] = (struct erix_procd_loader_segment){0x403000, 0x3000, 0x1000, 0x300,
                                                       ERIX_PROCD_SEG_R | ERIX_PROCD_SEG_W, 0};
    q.plan_hash = erix_procd_loader_plan_hash(&q);
}

static erix_status_t check(void)
{
    q.plan_hash = erix_procd_loader_plan_hash(&q); /* the caller hashes what it sends */
    memset(&plan, 0x5a, sizeof plan);
    return procd_loader_check_plan(&q, &plan);
}

static void a_valid_plan_becomes_a_load_plan(void)
{
    valid_plan();
    ERIX_CHECK_EQ(procd_loader_check_plan(&q, &plan), ERIX_OK);
    ERIX_CHECK_EQ(plan.entry, 0x401010);
    ERIX_CHECK_EQ(plan.stack_size, 0x4000);
    ERIX_CHECK_EQ(plan.segment_count, 2);
    ERIX_CHECK_EQ(plan.image_bytes, 0x1000 + 0x3000);
    ERIX_CHECK_EQ(plan.segments[1].vaddr, 0x403000);
    ERIX_CHECK_EQ(plan.segments[1].memsz, 0x3000);
    ERIX_CHECK_EQ(plan.segments[1].file_offset, 0x1000);
    ERIX_CHECK_EQ(plan.segments[1].filesz, 0x300);
    ERIX_CHECK_EQ(plan.segments[1].perms, ERIX_ELF_PERM_R | ERIX_ELF_PERM_W);
    ERIX_CHECK_EQ(plan.segments[0].perms, ERIX_ELF_PERM_R | ERIX_ELF_PERM_X);
    ERIX_CHECK_EQ(plan.segments[2].memsz, 0);
    valid_plan();
    q.stack_size = 0; /* the default stack */
    ERIX_CHECK_EQ(check(), ERIX_OK);
}

static void the_header_is_checked(void)
{
    valid_plan();
    q.version = 2;
    ERIX_CHECK_EQ(check(), ERIX_ERR_VERSION);
    valid_plan();
    q.transfer_id = 0;
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_ARGUMENT);
    valid_plan();
    q.priority = 256;
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_ARGUMENT);
    valid_plan();
    q.segment_count = 0;
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_ARGUMENT);
    valid_plan();
    q.segment_count = ERIX_PROCD_LOADER_MAX_SEGMENTS + 1;
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_ARGUMENT);
    valid_plan();
    q.segments[5].memsz = 1; /* an unused entry that is not zero */
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_ARGUMENT);
    valid_plan();
    q.source_size = 0;
    ERIX_CHECK_EQ(check(), ERIX_ERR_LIMIT);
    valid_plan();
    q.source_size = ERIX_PROCD_LOADER_MAX_BYTES + 1;
    ERIX_CHECK_EQ(check(), ERIX_ERR_LIMIT);
}

static void segments_are_checked(void)
{
    valid_plan();
    q.segments[1].perms = ERIX_PROCD_SEG_R | ERIX_PROCD_SEG_W | ERIX_PROCD_SEG_X;
    ERIX_CHECK_EQ(check(), ERIX_ERR_DENIED); /* W^X */
    valid_plan();
    q.segments[0].perms = ERIX_PROCD_SEG_W | ERIX_PROCD_SEG_X;
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_ARGUMENT); /* no R */
    valid_plan();
    q.segments[1].perms |= 8;
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_ARGUMENT);
    valid_plan();
    q.segments[1].reserved = 1;
    ERIX_CHECK_EQ(check(), ERIX_ERR_INVALID_ARGUMENT);
    valid_plan();
    q.segments[1].memsz = 0;
    ERIX_CHECK_EQ(check(), ERIX_ERR_OUT_OF_RANGE);
    valid_plan();
    q.segments[1].filesz = 0x3001;
    ERIX_CHECK_EQ(check(), ERIX_ERR_OUT_OF_RANGE);
    valid_plan();
    q.segments[0].vaddr = ERIX_USER_BASE - 0x1000;
    q.entry = q.segments[0].vaddr;
    ERIX_CHECK_EQ(check(), ERIX_ERR_OUT_OF_RANGE);
    valid_plan();
    q.segments[1].vaddr = ERIX_USER_TOP - 0x1000; /* memsz 0x3000 runs past the top */
    ERIX_CHECK_EQ(check(), ERIX_ERR_OUT_OF_RANGE);
    valid_plan();
    q.segments[1].vaddr = 0xfffffffffffff000ull;
    ERIX_CHECK_EQ(check(), ERIX_ERR_OUT_OF_RANGE);
    valid_plan();
    q.segments[1].file_offset = sizeof source - 0x100; /* 0x300 bytes from there: past the end */
    ERIX_CHECK_EQ(check(), ERIX_ERR_OUT_OF_RANGE);
    valid_plan();
    q.segments[1].file_offset = 0xffffffffffffff00ull;
    ERIX_CHECK_EQ(check(), ERIX_ERR_OUT_OF_RANGE);
}

static void segments_ascend_without_overlap(void)
{
    valid_plan();
    q.segments[1].vaddr = 0x401800; /* shares the text's page */
    ERIX_CHECK_EQ(check(), ERIX_ERR_OVERLAP);
    valid_plan();
    struct erix_procd_loader_segment t = q.segments[0];
    q.segments[0] = q.segments[1];
    q.segments[1] = t;
    ERIX_CHECK_EQ(check(), ERIX_ERR_OVERLAP); /* out of order */
    valid_plan();
    q.segments[1].vaddr = 0x402000; /* the next page: adjacent is fine */
    ERIX_CHECK_EQ(check(), ERIX_OK);
    valid_plan();
    q.segments[1].memsz = (257ull << 20);
    ERIX_CHECK_EQ(check(), ERIX_ERR_LIMIT); /* more than 256 MiB */
}

static void the_entry_must_be_in_the_text(void)
{
    valid_plan();
    q.entry = 0x403000; /* the data */
    ERIX_CHECK_EQ(check(), ERIX_ERR_OUT_OF_RANGE);
    valid_plan();
    q.entry = 0x400fff;
    ERIX_CHECK_EQ(check(), ERIX_ERR_OUT_OF_RANGE);
    valid_plan();
    q.segments[0].filesz = 0x10;
    q.entry = 0x401010; /* in the segment, past its file bytes */
    ERIX_CHECK_EQ(check(), ERIX_ERR_OUT_OF_RANGE);
    valid_plan();
    q.entry = 0x401000;
    ERIX_CHECK_EQ(check(), ERIX_OK);
}

static void the_stack_is_checked(void)
{
    valid_plan();
    q.stack_size = 0x4001;
    ERIX_CHECK_EQ(check(), ERIX_ERR_ALIGNMENT);
    valid_plan();
    q.stack_size = ERIX_USER_STACK_MAX + 0x1000;
    ERIX_CHECK_EQ(check(), ERIX_ERR_OUT_OF_RANGE);
    valid_plan();
    q.segments[1].vaddr = ERIX_USER_STACK_TOP - 0x5000; /* its span meets the stack */
    ERIX_CHECK_EQ(check(), ERIX_ERR_OVERLAP);
}

static void the_plan_hash_is_checked(void)
{
    valid_plan();
    q.plan_hash ^= 1;
    ERIX_CHECK_EQ(procd_loader_check_plan(&q, &plan), ERIX_ERR_MALFORMED);
    valid_plan();
    q.entry = 0x401020; /* changed after hashing */
    ERIX_CHECK_EQ(procd_loader_check_plan(&q, &plan), ERIX_ERR_MALFORMED);
    valid_plan();
    q.arg = 99;          /* not part of the plan */
    q.transfer_id = 77;
    ERIX_CHECK_EQ(procd_loader_check_plan(&q, &plan), ERIX_OK);
}

static void opened(void)
{
    valid_plan();
    ERIX_CHECK_EQ(procd_loader_check_plan(&q, &plan), ERIX_OK);
    procd_loader_init(&l, buf, sizeof buf);
    procd_loader_begin(&l, &q, &plan);
}

static erix_status_t chunk(uint32_t id, uint32_t seq, uint64_t off, uint32_t len)
{
    struct erix_procd_loader_chunk_req c = {id, seq, off, len, 0};
    erix_status_t st = procd_loader_check_chunk(&l, &c);
    if (st == ERIX_OK)
        procd_loader_take_chunk(&l, &c, source + off);
    return st;
}

static void chunks_come_in_order(void)
{
    procd_loader_init(&l, buf, sizeof buf);
    ERIX_CHECK_EQ(chunk(9, 0, 0, 10), ERIX_ERR_NOT_FOUND); /* nothing open */
    opened();
    ERIX_CHECK(l.active);
    ERIX_CHECK_EQ(chunk(8, 0, 0, 10), ERIX_ERR_NOT_FOUND);
    ERIX_CHECK_EQ(chunk(9, 1, 0, 10), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(chunk(9, 0, 5, 10), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(l.received, 0); /* refusals change nothing */
    ERIX_CHECK_EQ(chunk(9, 0, 0, 1000), ERIX_OK);
    ERIX_CHECK_EQ(chunk(9, 0, 1000, 1000), ERIX_ERR_STATE); /* a repeat */
    ERIX_CHECK_EQ(chunk(9, 2, 1000, 1000), ERIX_ERR_STATE); /* a gap */
    ERIX_CHECK_EQ(chunk(9, 1, 2000, 1000), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(chunk(9, 1, 1000, 4001), ERIX_ERR_OUT_OF_RANGE); /* past the source */
    ERIX_CHECK_EQ(l.received, 1000);
    ERIX_CHECK_EQ(l.next_sequence, 1);
    ERIX_CHECK_EQ(chunk(9, 1, 1000, 4000), ERIX_OK);
    ERIX_CHECK_EQ(chunk(9, 2, 5000, 1), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK(memcmp(buf, source, sizeof source) == 0);
}

static void the_staging_buffer_bounds_a_transfer(void)
{
    valid_plan();
    ERIX_CHECK_EQ(procd_loader_check_plan(&q, &plan), ERIX_OK);
    procd_loader_init(&l, buf, 2000); /* smaller than the source */
    procd_loader_begin(&l, &q, &plan);
    ERIX_CHECK_EQ(chunk(9, 0, 0, 1000), ERIX_OK);
    ERIX_CHECK_EQ(chunk(9, 1, 1000, 1001), ERIX_ERR_OUT_OF_RANGE);
}

static erix_status_t commit(uint32_t id, uint32_t chunks, uint64_t hash)
{
    struct erix_procd_loader_commit_req c = {id, chunks, hash, 0, 0};
    return procd_loader_check_commit(&l, &c);
}

static void commit_needs_everything_and_both_hashes(void)
{
    opened();
    ERIX_CHECK_EQ(commit(8, 0, q.source_hash), ERIX_ERR_NOT_FOUND);
    (void)chunk(9, 0, 0, 1000);
    ERIX_CHECK_EQ(commit(9, 1, q.source_hash), ERIX_ERR_TRUNCATED);
    (void)chunk(9, 1, 1000, 4000);
    ERIX_CHECK_EQ(commit(9, 1, q.source_hash), ERIX_ERR_TRUNCATED); /* chunk count */
    ERIX_CHECK_EQ(commit(9, 2, q.source_hash ^ 1), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(commit(9, 2, q.source_hash), ERIX_OK);
    buf[4999] ^= 1; /* the bytes are not what was hashed */
    ERIX_CHECK_EQ(commit(9, 2, q.source_hash), ERIX_ERR_MALFORMED);
    procd_loader_end(&l);
    ERIX_CHECK(!l.active);
    ERIX_CHECK_EQ(l.received, 0);
    ERIX_CHECK_EQ(commit(9, 2, q.source_hash), ERIX_ERR_NOT_FOUND);
}

static void a_begin_replaces_an_open_transfer(void)
{
    opened();
    (void)chunk(9, 0, 0, 1000);
    q.transfer_id = 10;
    q.plan_hash = erix_procd_loader_plan_hash(&q);
    procd_loader_begin(&l, &q, &plan);
    ERIX_CHECK_EQ(l.id, 10);
    ERIX_CHECK_EQ(l.received, 0);
    ERIX_CHECK_EQ(l.next_sequence, 0);
    ERIX_CHECK_EQ(chunk(9, 1, 1000, 10), ERIX_ERR_NOT_FOUND);
}

int main(void)
{
    ERIX_RUN(a_valid_plan_becomes_a_load_plan);
    ERIX_RUN(the_header_is_checked);
    ERIX_RUN(segments_are_checked);
    ERIX_RUN(segments_ascend_without_overlap);
    ERIX_RUN(the_entry_must_be_in_the_text);
    ERIX_RUN(the_stack_is_checked);
    ERIX_RUN(the_plan_hash_is_checked);
    ERIX_RUN(chunks_come_in_order);
    ERIX_RUN(the_staging_buffer_bounds_a_transfer);
    ERIX_RUN(commit_needs_everything_and_both_hashes);
    ERIX_RUN(a_begin_replaces_an_open_transfer);
    return erix_test_finish();
}
