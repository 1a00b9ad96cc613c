/*
 * test_spawn.c - lib-spawn against a scripted kernel: the call sequence of a
 * good spawn, refusals before any kernel call, and a pool reset after a
 * failure at every step (nothing is left behind).
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/kctl.h>
#include <erix/layout.h>
#include <erix/spawn.h>

#include "erix_test.h"
#include "fake_kctl.h"

static uint8_t image[0x3000] __attribute__((aligned(8)));
static size_t image_size;

static void put16(size_t off, uint16_t v) { memcpy(image + off, &v, 2); }
static void put32(size_t off, uint32_t v) { memcpy(image + off, &v, 4); }
static void put64(size_t off, uint64_t v) { memcpy(image + off, &v, 8); }

static void phdr(unsigned i, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
                 uint64_t filesz, uint64_t memsz)
{
    size_t p = 64 + i * 56;
    put32(p, type);
    put32(p + 4, flags);
    put64(p + 8, off);
    put64(p + 16, vaddr);
    put64(p + 24, vaddr);
    put64(p + 32, filesz);
    put64(p + 40, memsz);
    put64(p + 48, 0x1000);
}

/* text R+X at 0x400000 (0x100 bytes), data R+W at 0x402000 (0x10 bytes, 0x2000 memsz), stack 32 KiB */
static void build_image(void)
{
    memset(image, 0, sizeof image);
    memcpy(image, "\177ELF", 4);
    image[4] = 2;
    image[5] = 1;
    image[6] = 1;
    put16(16, 2);
    put16(18, 62);
    put32(20, 1);
    put64(24, 0x400010);
    put64(32, 64);
    put16(52, 64);
    put16(54, 56);
    put16(56, 3);
    phdr(0, 1, 5, 0x1000, 0x400000, 0x100, 0x100);
    phdr(1, 1, 6, 0x2000, 0x402000, 0x10, 0x2000);
    phdr(2, 0x6474e551, 6, 0, 0, 0, 0x8000);
    memset(image + 0x1000, 0xc3, 0x100);
    memset(image + 0x2000, 0xab, 0x10);
    image_size = 0x2010;
}

static const struct erix_spawn_env env = {ERIX_SLOT_KERNEL_PROCESS, 3, 0, sizeof fake_scratch};

static struct erix_spawn_env test_env(void)
{
    struct erix_spawn_env e = env;
    e.scratch_vaddr = (uint64_t)(uintptr_t)fake_scratch;
    return e;
}

static void good_spawn_makes_the_expected_calls(void)
{
    build_image();
    fake_reset();
    struct erix_spawn_env e = test_env();
    struct erix_spawn_result r;
    ERIX_CHECK_EQ(erix_spawn_create(&e, 70, image, image_size, 100, 1000, &r), ERIX_OK);
    ERIX_CHECK_EQ(r.tcb_slot, 1000);
    ERIX_CHECK_EQ(r.vspace_slot, 1001);
    ERIX_CHECK_EQ(r.pid, 42);
    ERIX_CHECK_EQ(r.entry, 0x400010);
    ERIX_CHECK_EQ(r.stack_top, ERIX_USER_STACK_TOP);
    ERIX_CHECK_EQ(r.stack_size, 0x8000);
    ERIX_CHECK_EQ(r.slots_used, 5);
    ERIX_CHECK_EQ(fake_count("create"), 1);
    ERIX_CHECK_EQ(fake_count("retype"), 3);
    ERIX_CHECK_EQ(fake_count("unmap"), 2);
    ERIX_CHECK_EQ(fake_count("reset"), 0);
    /* the data segment's bytes went through the scratch window at the right offset */
    ERIX_CHECK_EQ(fake_scratch[0], 0xab);
    ERIX_CHECK_EQ(fake_scratch[0x10], 0);
    /* child mappings: text R+X, data R+W, stack R+W below the stack top */
    unsigned child_maps = 0;
    for (unsigned i = 0; i < fake_ncalls; i++) {
        const struct fake_call *k = &fake_calls[i];
        if (strcmp(k->op, "map") != 0 || k->a != 1001)
            continue;
        child_maps++;
        if (k->c == 0x400000)
            ERIX_CHECK_EQ(k->d, ERIX_MAP_READ | ERIX_MAP_EXEC);
        else if (k->c == 0x402000)
            ERIX_CHECK_EQ(k->d, ERIX_MAP_READ | ERIX_MAP_WRITE);
        else
            ERIX_CHECK_EQ(k->c, ERIX_USER_STACK_TOP - 0x8000);
    }
    ERIX_CHECK_EQ(child_maps, 3);
    ERIX_CHECK_EQ(erix_spawn_start(&e, &r, 7, 8, 9), ERIX_OK);
    ERIX_CHECK_EQ(fake_count("start"), 1);
}

static void bad_input_is_refused_before_any_kernel_call(void)
{
    build_image();
    struct erix_spawn_env e = test_env();
    struct erix_spawn_result r;
    memset(&r, 0x5a, sizeof r);
    fake_reset();
    image[18] = 3; /* wrong machine */
    ERIX_CHECK(erix_spawn_create(&e, 70, image, image_size, 100, 1000, &r) != ERIX_OK);
    build_image();
    ERIX_CHECK_EQ(erix_spawn_create(&e, 70, image, 100, 100, 1000, &r), ERIX_ERR_TRUNCATED);
    ERIX_CHECK_EQ(erix_spawn_create(&e, 70, image, image_size, 100, 0, &r),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_spawn_create(&e, 70, image, image_size, 100, 4090, &r),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_spawn_create(NULL, 70, image, image_size, 100, 1000, &r),
                  ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(fake_ncalls, 0);
    ERIX_CHECK_EQ(r.pid, 0x5a5a5a5a);
}

static void a_failure_at_any_step_resets_the_pool(void)
{
    build_image();
    struct erix_spawn_env e = test_env();
    fake_reset();
    struct erix_spawn_result r;
    ERIX_CHECK_EQ(erix_spawn_create(&e, 70, image, image_size, 100, 1000, &r), ERIX_OK);
    unsigned steps = fake_ncalls;
    for (unsigned step = 0; step < steps; step++) {
        fake_reset();
        fake_fail_at = (int)step;
        struct erix_spawn_result out;
        memset(&out, 0x5a, sizeof out);
        erix_status_t st = erix_spawn_create(&e, 70, image, image_size, 100, 1000, &out);
        ERIX_CHECK_EQ(st, ERIX_ERR_NO_MEMORY);
        /* creation itself failing leaves nothing to reset; every later failure resets */
        ERIX_CHECK_EQ(fake_count("reset"), step == 0 ? 0 : 1);
        if (step > 0)
            ERIX_CHECK_EQ(fake_calls[fake_ncalls - 1].a, 70);
        ERIX_CHECK_EQ(out.pid, 0x5a5a5a5a);
    }
}

static void a_segment_larger_than_scratch_is_refused_and_cleaned(void)
{
    build_image();
    struct erix_spawn_env e = test_env();
    e.scratch_size = 0x1000;
    fake_reset();
    struct erix_spawn_result r;
    ERIX_CHECK_EQ(erix_spawn_create(&e, 70, image, image_size, 100, 1000, &r), ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(fake_count("reset"), 1);
}

int main(void)
{
    ERIX_RUN(good_spawn_makes_the_expected_calls);
    ERIX_RUN(bad_input_is_refused_before_any_kernel_call);
    ERIX_RUN(a_failure_at_any_step_resets_the_pool);
    ERIX_RUN(a_segment_larger_than_scratch_is_refused_and_cleaned);
    return erix_test_finish();
}
