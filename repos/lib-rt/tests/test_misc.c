/*
 * test_misc.c - the small pieces: the arena, local capability checks and
 * drops, rootd's report.
 */
#include <string.h>

#include <erix/rt.h>
#include <erix_test.h>

#include "fake_kernel.h"

static void test_arena_basic(void)
{
    _Alignas(64) static uint8_t mem[256];
    struct erix_arena a;
    erix_arena_init(&a, mem, sizeof mem);
    uint8_t *p = erix_arena_alloc(&a, 3, 1);
    ERIX_CHECK(p == mem);
    uint8_t *q = erix_arena_alloc(&a, 8, 8);
    ERIX_CHECK(q == mem + 8);
    uint8_t *r = erix_arena_alloc(&a, 1, 0); /* default: 16 */
    ERIX_CHECK(r == mem + 16);
    ERIX_CHECK_EQ(erix_arena_remaining(&a), 256 - 17);
    ERIX_CHECK(erix_arena_alloc(&a, 1, 3) == NULL);
    size_t mark = erix_arena_mark(&a);
    memset(mem, 0x7e, sizeof mem);
    uint8_t *z = erix_arena_zalloc(&a, 32, 32);
    ERIX_CHECK(z == mem + 32);
    for (int i = 0; i < 32; i++)
        ERIX_CHECK_EQ(z[i], 0);
    erix_arena_release(&a, mark);
    ERIX_CHECK_EQ(erix_arena_mark(&a), 17);
    erix_arena_release(&a, 200); /* forward is ignored */
    ERIX_CHECK_EQ(erix_arena_mark(&a), 17);
    erix_arena_reset(&a);
    ERIX_CHECK_EQ(erix_arena_remaining(&a), 256);
}

static void test_arena_limits(void)
{
    _Alignas(16) static uint8_t mem[100];
    struct erix_arena a;
    erix_arena_init(&a, mem, sizeof mem);
    ERIX_CHECK(erix_arena_alloc(&a, 100, 1) == mem);
    ERIX_CHECK(erix_arena_alloc(&a, 1, 1) == NULL);
    ERIX_CHECK(erix_arena_alloc(&a, 0, 1) == mem + 100); /* zero bytes still fit */
    erix_arena_reset(&a);
    ERIX_CHECK(erix_arena_alloc(&a, SIZE_MAX, 1) == NULL);
    ERIX_CHECK(erix_arena_alloc(&a, 99, 1) != NULL);
    ERIX_CHECK(erix_arena_alloc(&a, 1, 16) == NULL); /* padding does not fit */
    ERIX_CHECK_EQ(erix_arena_remaining(&a), 1);
    erix_arena_reset(&a);
    ERIX_CHECK(erix_arena_array(&a, SIZE_MAX / 2, 4, 8) == NULL);
    ERIX_CHECK(erix_arena_array(&a, 10, 10, 4) == mem);
    ERIX_CHECK(erix_arena_array(&a, 0, 10, 4) != NULL);
    erix_arena_init(&a, NULL, 50);
    ERIX_CHECK_EQ(erix_arena_remaining(&a), 0);
    ERIX_CHECK(erix_arena_alloc(&a, 1, 1) == NULL);
}

static void test_caps(void)
{
    struct erix_cap_info info;
    fake_reset();
    fake_set_cap(2208, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_COM1);
    fake_set_cap(64, ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL, 0);
    ERIX_CHECK_EQ(erix_cap_info(2208, &info), ERIX_OK);
    ERIX_CHECK_EQ(info.type, ERIX_CAP_ENDPOINT);
    ERIX_CHECK_EQ(info.endpoint_kind, ERIX_EP_COM1);
    ERIX_CHECK_EQ(erix_cap_info(2209, &info), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(erix_cap_expect(2208, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_COM1),
                  ERIX_OK);
    ERIX_CHECK_EQ(erix_cap_expect(2208, ERIX_CAP_ENDPOINT, 0, ERIX_CAP_ANY_KIND), ERIX_OK);
    ERIX_CHECK_EQ(erix_cap_expect(2208, ERIX_CAP_ENDPOINT, ERIX_RIGHT_SEND, ERIX_EP_I8042),
                  ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(erix_cap_expect(2208, ERIX_CAP_ENDPOINT, ERIX_RIGHT_RECV, ERIX_EP_COM1),
                  ERIX_ERR_NO_RIGHTS);
    ERIX_CHECK_EQ(erix_cap_expect(2208, ERIX_CAP_FRAME, 0, ERIX_CAP_ANY_KIND),
                  ERIX_ERR_WRONG_TYPE);
    ERIX_CHECK_EQ(erix_cap_expect(64, ERIX_CAP_UNTYPED, ERIX_RIGHTS_ALL, 0), ERIX_OK);
    ERIX_CHECK_EQ(erix_cap_expect(65, ERIX_CAP_UNTYPED, 0, 0), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(erix_cap_expect(5000, ERIX_CAP_UNTYPED, 0, 0), ERIX_ERR_INVALID_SLOT);
    ERIX_CHECK_EQ(erix_cap_drop(64), ERIX_OK);
    ERIX_CHECK_EQ(fake_dropped(64), 1);
    ERIX_CHECK_EQ(erix_cap_drop(64), ERIX_ERR_EMPTY_SLOT);
}

static void test_rootd_report(void)
{
    char long_name[ERIX_ROOTD_STAGE_NAME_MAX + 2];
    fake_reset();
    ERIX_CHECK_EQ(erix_rootd_report_stage("PROCD_READY"), ERIX_OK);
    const struct fake_report *r = fake_report(0);
    ERIX_CHECK_EQ(r->kind, ERIX_ROOTD_REPORT_STAGE);
    ERIX_CHECK_EQ(r->len, 11);
    ERIX_CHECK(strcmp(r->name, "PROCD_READY") == 0);
    ERIX_CHECK_EQ(erix_rootd_report_status(ERIX_ROOTD_STATUS_READY), ERIX_OK);
    r = fake_report(1);
    ERIX_CHECK_EQ(r->kind, ERIX_ROOTD_REPORT_STATUS);
    ERIX_CHECK_EQ(r->value, ERIX_ROOTD_STATUS_READY);
    ERIX_CHECK_EQ(r->len, 0);
    memset(long_name, 'A', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = 0;
    ERIX_CHECK_EQ(erix_rootd_report_stage(long_name), ERIX_ERR_INVALID_ARGUMENT);
    long_name[ERIX_ROOTD_STAGE_NAME_MAX] = 0;
    ERIX_CHECK_EQ(erix_rootd_report_stage(long_name), ERIX_OK);
    ERIX_CHECK_EQ(fake_report(2)->len, ERIX_ROOTD_STAGE_NAME_MAX);
    ERIX_CHECK_EQ(erix_rootd_report_stage(""), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_rootd_report_stage(NULL), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(fake_reports(), 3);
}

int main(void)
{
    ERIX_RUN(test_arena_basic);
    ERIX_RUN(test_arena_limits);
    ERIX_RUN(test_caps);
    ERIX_RUN(test_rootd_report);
    return erix_test_finish();
}
