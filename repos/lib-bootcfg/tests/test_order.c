/*
 * test_order.c - erix_bootcfg_order: a chain listed backwards, a diamond,
 * independent services in table order, stability among the ready, a 2-cycle
 * and a 3-cycle refused (also next to an independent service), `order`
 * untouched on failure, and the argument checks.
 */
#include <erix_test.h>

#include "builder.h"

static _Alignas(8) uint8_t img[TB_CAP];
static struct tb_cfg cfg;

/* A service "sN" (procd-staged) depending on the listed indices (-1 ends). */
static void svc(const char *role, const int *deps)
{
    tb_service(&cfg, role, "m", ERIX_LAUNCH_PROCD_STAGED, 100);
    for (; *deps >= 0; deps++)
        tb_dep(&cfg, (uint16_t)*deps);
}

static erix_status_t order_of(uint16_t *order, size_t cap)
{
    struct erix_bootcfg_view v;

    size_t n = tb_emit(&cfg, img, sizeof img);
    ERIX_CHECK_EQ(erix_bootcfg_parse(img, n, &v), ERIX_OK);
    for (size_t i = 0; i < cap; i++)
        order[i] = 0xbeef;
    return erix_bootcfg_order(&v, order);
}

static void expect_order(const uint16_t *want, size_t n)
{
    uint16_t got[ERIX_BOOTCFG_MAX_SERVICES + 1];

    ERIX_CHECK_EQ(order_of(got, n + 1), ERIX_OK);
    for (size_t i = 0; i < n; i++)
        ERIX_CHECK_EQ(got[i], want[i]);
    ERIX_CHECK_EQ(got[n], 0xbeef); /* exactly service_count entries */
}

static void expect_cycle(size_t n)
{
    uint16_t got[ERIX_BOOTCFG_MAX_SERVICES];

    ERIX_CHECK_EQ(order_of(got, n), ERIX_ERR_MALFORMED);
    for (size_t i = 0; i < n; i++)
        ERIX_CHECK_EQ(got[i], 0xbeef);
}

static const int none[] = {-1};

static void test_chain(void)
{
    static const int on1[] = {1, -1}, on2[] = {2, -1};
    static const uint16_t want[] = {2, 1, 0};

    tb_init(&cfg, "none");
    svc("c", on1); /* c after b after a, listed c, b, a */
    svc("b", on2);
    svc("a", none);
    expect_order(want, 3);
}

static void test_diamond(void)
{
    static const int on12[] = {1, 2, -1}, on3[] = {3, -1};
    static const uint16_t want[] = {3, 1, 2, 0};

    tb_init(&cfg, "none");
    svc("top", on12);
    svc("left", on3);
    svc("right", on3);
    svc("bottom", none);
    expect_order(want, 4);
}

static void test_independent(void)
{
    static const uint16_t want[] = {0, 1, 2, 3, 4};

    tb_init(&cfg, "none");
    svc("e", none);
    svc("d", none);
    svc("c", none);
    svc("b", none);
    svc("a", none);
    expect_order(want, 5);
}

/* Among ready services the lowest index goes first, each time one is placed. */
static void test_stable(void)
{
    static const int on2[] = {2, -1}, on4[] = {4, -1};
    static const uint16_t want[] = {1, 2, 0, 3, 4, 5};

    tb_init(&cfg, "none");
    svc("x", on2);   /* 0: after z */
    svc("y", none);  /* 1 */
    svc("z", none);  /* 2 */
    svc("w", none);  /* 3 */
    svc("v", none);  /* 4 */
    svc("u", on4);   /* 5: after v */
    expect_order(want, 6);
}

static void test_two_cycle(void)
{
    static const int on0[] = {0, -1}, on1[] = {1, -1};

    tb_init(&cfg, "none");
    svc("a", on1);
    svc("b", on0);
    expect_cycle(2);
}

static void test_three_cycle(void)
{
    static const int on1[] = {1, -1}, on2[] = {2, -1}, on3[] = {3, -1};

    tb_init(&cfg, "none");
    svc("free", none); /* 0: placeable, yet the whole order is refused */
    svc("a", on3);     /* 1: after c */
    svc("b", on1);     /* 2: after a */
    svc("c", on2);     /* 3: after b */
    expect_cycle(4);
}

static void test_arguments(void)
{
    struct erix_bootcfg_view v = {0};
    uint16_t order[1];

    ERIX_CHECK_EQ(erix_bootcfg_order(NULL, order), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_bootcfg_order(&v, order), ERIX_ERR_INVALID_ARGUMENT);
    tb_init(&cfg, "none");
    size_t n = tb_emit(&cfg, img, sizeof img);
    ERIX_CHECK_EQ(erix_bootcfg_parse(img, n, &v), ERIX_OK);
    ERIX_CHECK_EQ(erix_bootcfg_order(&v, NULL), ERIX_ERR_INVALID_ARGUMENT);
}

int main(void)
{
    ERIX_RUN(test_chain);
    ERIX_RUN(test_diamond);
    ERIX_RUN(test_independent);
    ERIX_RUN(test_stable);
    ERIX_RUN(test_two_cycle);
    ERIX_RUN(test_three_cycle);
    ERIX_RUN(test_arguments);
    return erix_test_finish();
}
