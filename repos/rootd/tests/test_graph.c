/*
 * test_graph.c - rootd's launch graph against a scripted launcher: dependency
 * order, a cycle refused before anything starts, a failing service closed out
 * and nothing after it started, probes run to their exit, drivers started,
 * awaited and closed out through the launcher like services.
 */
#include <string.h>

#include <erix/bootcfg.h>

#include "erix_test.h"
#include "graph.h"

#define MAX 8

static struct erix_bootcfg_header hdr;
static struct erix_bootcfg_service svcs[MAX];
static struct erix_bootcfg_dep deps[32];
static struct erix_bootcfg_view view = {&hdr, svcs, NULL, deps, NULL};

struct script {
    char log[64][48];
    unsigned n;
    int fail_start;   /* service index whose start fails, -1 none */
    int fail_ready;   /* service index whose readiness fails */
    int fail_exit;    /* probe that does not exit cleanly */
};

static struct script sc;

static void note(const char *what, uint16_t i)
{
    if (sc.n < 64) {
        strcpy(sc.log[sc.n], what);
        size_t l = strlen(what);
        sc.log[sc.n][l] = (char)('0' + i);
        sc.log[sc.n][l + 1] = 0;
        sc.n++;
    }
}

static erix_status_t f_start(void *ctx, uint16_t i)
{
    (void)ctx;
    note("start", i);
    return (int)i == sc.fail_start ? ERIX_ERR_NO_MEMORY : ERIX_OK;
}

static erix_status_t f_ready(void *ctx, uint16_t i)
{
    (void)ctx;
    note("ready", i);
    return (int)i == sc.fail_ready ? ERIX_ERR_TIMEOUT : ERIX_OK;
}

static erix_status_t f_exit(void *ctx, uint16_t i, uint64_t *code)
{
    (void)ctx;
    note("probe", i);
    *code = 0x50;
    return (int)i == sc.fail_exit ? ERIX_ERR_STATE : ERIX_OK;
}

static void f_close(void *ctx, uint16_t i)
{
    (void)ctx;
    note("close", i);
}

static void f_stage(void *ctx, const char *name)
{
    (void)ctx;
    (void)name;
}

static const struct launcher launcher = {NULL, f_start, f_ready, f_exit, f_close, f_stage};

static void config(unsigned n)
{
    memset(&hdr, 0, sizeof hdr);
    memset(svcs, 0, sizeof svcs);
    memset(deps, 0, sizeof deps);
    hdr.service_count = n;
    for (unsigned i = 0; i < n; i++) {
        svcs[i].role[0] = (char)('a' + i);
        svcs[i].launch = ERIX_LAUNCH_PROCD_STAGED;
        svcs[i].priority = 100;
    }
    memset(&sc, 0, sizeof sc);
    sc.fail_start = sc.fail_ready = sc.fail_exit = -1;
}

/* service i depends on the listed services */
static void depend(unsigned i, const uint16_t *on, unsigned count)
{
    static unsigned used;
    if (i == 0)
        used = 0;
    svcs[i].dep_first = (uint16_t)used;
    svcs[i].dep_count = (uint16_t)count;
    for (unsigned k = 0; k < count; k++)
        deps[used++].service = on[k];
    hdr.dep_count = used;
}

static int logged(unsigned at, const char *what)
{
    return at < sc.n && strcmp(sc.log[at], what) == 0;
}

static void services_start_after_their_dependencies(void)
{
    config(3); /* 0 needs 2, 2 needs 1 */
    const uint16_t d0[] = {2}, d2[] = {1};
    depend(0, d0, 1);
    depend(1, NULL, 0);
    depend(2, d2, 1);
    struct graph_result res;
    graph_run(&view, &launcher, &res);
    ERIX_CHECK_EQ(res.outcome, GRAPH_READY);
    ERIX_CHECK_EQ(res.started, 3);
    ERIX_CHECK_EQ(sc.n, 6);
    ERIX_CHECK(logged(0, "start1") && logged(1, "ready1"));
    ERIX_CHECK(logged(2, "start2") && logged(3, "ready2"));
    ERIX_CHECK(logged(4, "start0") && logged(5, "ready0"));
}

static void a_cycle_is_refused_before_anything_starts(void)
{
    config(3);
    const uint16_t d0[] = {1}, d1[] = {2}, d2[] = {0};
    depend(0, d0, 1);
    depend(1, d1, 1);
    depend(2, d2, 1);
    struct graph_result res;
    graph_run(&view, &launcher, &res);
    ERIX_CHECK_EQ(res.outcome, GRAPH_CONTRACT_INVALID);
    ERIX_CHECK_EQ(res.status, ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(sc.n, 0);
}

static void a_failing_service_is_closed_out_and_nothing_follows(void)
{
    config(3);
    depend(0, NULL, 0);
    depend(1, NULL, 0);
    depend(2, NULL, 0);
    sc.fail_ready = 1;
    struct graph_result res;
    graph_run(&view, &launcher, &res);
    ERIX_CHECK_EQ(res.outcome, GRAPH_SERVICE_FAILED);
    ERIX_CHECK_EQ(res.failed_service, 1);
    ERIX_CHECK_EQ(res.status, ERIX_ERR_TIMEOUT);
    ERIX_CHECK_EQ(res.started, 1);
    ERIX_CHECK(logged(2, "start1") && logged(3, "ready1") && logged(4, "close1"));
    ERIX_CHECK_EQ(sc.n, 5); /* service 2 never started */
}

static void a_service_that_never_started_is_not_closed(void)
{
    config(2);
    depend(0, NULL, 0);
    depend(1, NULL, 0);
    sc.fail_start = 0;
    struct graph_result res;
    graph_run(&view, &launcher, &res);
    ERIX_CHECK_EQ(res.outcome, GRAPH_SERVICE_FAILED);
    ERIX_CHECK_EQ(res.failed_service, 0);
    ERIX_CHECK_EQ(sc.n, 1);
    ERIX_CHECK(logged(0, "start0"));
}

static void probes_run_to_exit_and_drivers_start_through_the_launcher(void)
{
    config(3);
    depend(0, NULL, 0);
    const uint16_t d[] = {0};
    depend(1, d, 1);
    depend(2, d, 1);
    svcs[1].launch = ERIX_LAUNCH_PROCD_SPAWN;
    svcs[2].launch = ERIX_LAUNCH_DEVICED_DRIVER;
    struct graph_result res;
    graph_run(&view, &launcher, &res);
    ERIX_CHECK_EQ(res.outcome, GRAPH_READY);
    ERIX_CHECK_EQ(res.started, 3);
    ERIX_CHECK(logged(2, "probe1"));
    ERIX_CHECK(logged(3, "start2") && logged(4, "ready2"));
    ERIX_CHECK_EQ(sc.n, 5);
}

static void a_driver_that_fails_is_closed_out(void)
{
    config(3); /* 1 (deviced) before 2 (a driver) before 0 */
    const uint16_t d1[] = {1}, d0[] = {2};
    depend(0, d0, 1);
    depend(1, NULL, 0);
    depend(2, d1, 1);
    svcs[2].launch = ERIX_LAUNCH_DEVICED_DRIVER;
    sc.fail_ready = 2;
    struct graph_result res;
    graph_run(&view, &launcher, &res);
    ERIX_CHECK_EQ(res.outcome, GRAPH_SERVICE_FAILED);
    ERIX_CHECK_EQ(res.failed_service, 2);
    ERIX_CHECK(logged(2, "start2") && logged(3, "ready2") && logged(4, "close2"));
    ERIX_CHECK_EQ(sc.n, 5); /* nothing after it */
}

static void a_probe_that_fails_fails_the_boot(void)
{
    config(2);
    depend(0, NULL, 0);
    depend(1, NULL, 0);
    svcs[1].launch = ERIX_LAUNCH_PROCD_SPAWN;
    sc.fail_exit = 1;
    struct graph_result res;
    graph_run(&view, &launcher, &res);
    ERIX_CHECK_EQ(res.outcome, GRAPH_SERVICE_FAILED);
    ERIX_CHECK_EQ(res.failed_service, 1);
}

static void stage_names_are_marker_safe(void)
{
    char out[32];
    graph_stage_name(out, sizeof out, "SERVICE_READY:", "drv-serial");
    ERIX_CHECK(strcmp(out, "SERVICE_READY:DRV_SERIAL") == 0);
    graph_stage_name(out, 10, "STARTED:", "procd");
    ERIX_CHECK(strcmp(out, "STARTED:P") == 0);
}

int main(void)
{
    ERIX_RUN(services_start_after_their_dependencies);
    ERIX_RUN(a_cycle_is_refused_before_anything_starts);
    ERIX_RUN(a_failing_service_is_closed_out_and_nothing_follows);
    ERIX_RUN(a_service_that_never_started_is_not_closed);
    ERIX_RUN(probes_run_to_exit_and_drivers_start_through_the_launcher);
    ERIX_RUN(a_driver_that_fails_is_closed_out);
    ERIX_RUN(a_probe_that_fails_fails_the_boot);
    ERIX_RUN(stage_names_are_marker_safe);
    return erix_test_finish();
}
