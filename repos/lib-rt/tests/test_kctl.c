/*
 * test_kctl.c - every typed kernel-control wrapper: the op id, the exact
 * request bytes and length (the kernel refuses any other length), a plain
 * CALL on the given endpoint with no header flags, and the response checks.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/kctl_rt.h>
#include <erix/sys.h>
#include <erix_test.h>

#include "fake_kernel.h"

#define EP 2288u

/* The last call was `op` on EP with exactly these request bytes. */
#define CHECK_SENT(op_, req_)                                                  \
    do {                                                                       \
        const struct fake_sent *s_ = fake_last();                              \
        ERIX_CHECK(s_ != NULL);                                                \
        if (s_ == NULL)                                                        \
            break;                                                             \
        ERIX_CHECK_EQ(s_->nr, ERIX_SYS_CALL);                                  \
        ERIX_CHECK_EQ(s_->arg, EP);                                            \
        ERIX_CHECK_EQ(s_->op, (op_));                                          \
        ERIX_CHECK_EQ(s_->flags, 0);                                           \
        ERIX_CHECK_EQ(s_->len, sizeof(req_));                                  \
        ERIX_CHECK(memcmp(s_->body, &(req_), sizeof(req_)) == 0);              \
    } while (0)

static void test_caps(void)
{
    struct erix_kctl_query_cap_resp out, want = {ERIX_CAPINFO(4, 0x1f) | (7ull << 32), 0, 3};
    fake_reset();
    fake_push_body(ERIX_OK, ERIX_KCTL_QUERY_CAP, &want, sizeof want);
    ERIX_CHECK_EQ(erix_kctl_query_cap(EP, 2208, ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND,
                                      &out),
                  ERIX_OK);
    struct erix_kctl_query_cap_req q = {2208, ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND};
    CHECK_SENT(ERIX_KCTL_QUERY_CAP, q);
    ERIX_CHECK(memcmp(&out, &want, sizeof out) == 0);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_copy(EP, 10, 11, ERIX_RIGHT_SEND, 0xbeef), ERIX_OK);
    struct erix_kctl_copy_req c = {10, 11, ERIX_RIGHT_SEND, 0, 0xbeef};
    CHECK_SENT(ERIX_KCTL_CAP_COPY_ATTENUATED, c);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_create_endpoint(EP, 64, 900), ERIX_OK);
    struct erix_kctl_retype_req e = {64, 900, 0, 0};
    CHECK_SENT(ERIX_KCTL_CREATE_ENDPOINT, e);
}

static void test_memory(void)
{
    fake_reset();
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_retype_frame(EP, 64, 901, 3), ERIX_OK);
    struct erix_kctl_retype_req f = {64, 901, 0, 3};
    CHECK_SENT(ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, f);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_retype_untyped(EP, 64, 902, 256), ERIX_OK);
    struct erix_kctl_retype_req u = {64, 902, ERIX_CAP_UNTYPED, 256};
    CHECK_SENT(ERIX_KCTL_RETYPE_UNTYPED, u);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_untyped_reset(EP, 902), ERIX_OK);
    struct erix_kctl_slot_req r = {902, 0};
    CHECK_SENT(ERIX_KCTL_UNTYPED_RESET, r);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_map_frame(EP, 3, 901, 0x10000000, ERIX_MAP_READ | ERIX_MAP_WRITE),
                  ERIX_OK);
    struct erix_kctl_map_req m = {3, 901, 0x10000000, ERIX_MAP_READ | ERIX_MAP_WRITE, 0};
    CHECK_SENT(ERIX_KCTL_MAP_FRAME, m);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_unmap_frame(EP, 901), ERIX_OK);
    struct erix_kctl_slot_req um = {901, 0};
    CHECK_SENT(ERIX_KCTL_UNMAP_FRAME, um);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_fb_map(EP, 903), ERIX_OK);
    struct erix_kctl_slot_req fm = {903, 0};
    CHECK_SENT(ERIX_KCTL_FB_MAP, fm);

    struct erix_kctl_fb_resp fb, fbw = {0xfd000000, 1024, 768, 4096, 32, 1, 1};
    fake_push_body(ERIX_OK, ERIX_KCTL_FB_QUERY, &fbw, sizeof fbw);
    ERIX_CHECK_EQ(erix_kctl_fb_query(EP, &fb), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->len, 0);
    ERIX_CHECK_EQ(fake_last()->op, ERIX_KCTL_FB_QUERY);
    ERIX_CHECK(memcmp(&fb, &fbw, sizeof fb) == 0);

    uint64_t bar[2] = {0xfebf0000, 0x4000}, base = 0, size = 0;
    fake_push_body(ERIX_OK, ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME, bar, sizeof bar);
    ERIX_CHECK_EQ(erix_kctl_derive_bar(EP, 0, 3, 0, 1, 904, &base, &size), ERIX_OK);
    struct erix_kctl_pci_req p = {0, 3, 0, 1, 0, 0, 904, 0};
    CHECK_SENT(ERIX_KCTL_DERIVE_PCI_BAR_DEVICE_FRAME, p);
    ERIX_CHECK_EQ(base, 0xfebf0000);
    ERIX_CHECK_EQ(size, 0x4000);
}

/* WRITE_PROCESS_MEMORY: header struct + bytes, chunked at the kernel's bound. */
static void test_write_memory(void)
{
    static uint8_t data[2 * ERIX_KCTL_WRITE_MEM_MAX + 100];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 31u);
    fake_reset();
    for (int i = 0; i < 3; i++)
        fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_write_memory(EP, 50, 0x400000, data, sizeof data), ERIX_OK);
    ERIX_CHECK_EQ(fake_calls(), 3);
    size_t off = 0;
    for (unsigned i = 0; i < 3; i++) {
        const struct fake_sent *s = fake_call(i);
        struct erix_kctl_write_mem_req h;
        uint32_t n = i < 2 ? ERIX_KCTL_WRITE_MEM_MAX : 100;
        memcpy(&h, s->body, sizeof h);
        ERIX_CHECK_EQ(s->op, ERIX_KCTL_WRITE_PROCESS_MEMORY);
        ERIX_CHECK_EQ(s->len, sizeof h + n);
        ERIX_CHECK_EQ(h.tcb_slot, 50);
        ERIX_CHECK_EQ(h.length, n);
        ERIX_CHECK_EQ(h.vaddr, 0x400000 + off);
        ERIX_CHECK(memcmp(s->body + sizeof h, data + off, n) == 0);
        off += n;
    }
    ERIX_CHECK_EQ(fake_calls() > 0 ? fake_call(0)->len : 0, ERIX_IPC_MAX_BODY);
    /* stops at the first refusal */
    fake_reset();
    fake_push(ERIX_OK);
    fake_push(ERIX_ERR_STATE);
    ERIX_CHECK_EQ(erix_kctl_write_memory(EP, 50, 0x400000, data, sizeof data), ERIX_ERR_STATE);
    ERIX_CHECK_EQ(fake_calls(), 2);
    /* nothing to do; wrapping; no data */
    ERIX_CHECK_EQ(erix_kctl_write_memory(EP, 50, 0x400000, NULL, 0), ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_write_memory(EP, 50, UINT64_MAX - 3, data, 5), ERIX_ERR_OUT_OF_RANGE);
    ERIX_CHECK_EQ(erix_kctl_write_memory(EP, 50, 0x400000, NULL, 5), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(fake_calls(), 2);
}

static void test_process(void)
{
    struct erix_kctl_create_process_resp cr = {321, 0};
    uint32_t pid = 0;
    fake_reset();
    fake_push_body(ERIX_OK, ERIX_KCTL_CREATE_STAGED_PROCESS, &cr, sizeof cr);
    ERIX_CHECK_EQ(erix_kctl_create_process(EP, 64, 1000, 9, &pid), ERIX_OK);
    struct erix_kctl_create_process_req c = {64, 1000, 9, 0};
    CHECK_SENT(ERIX_KCTL_CREATE_STAGED_PROCESS, c);
    ERIX_CHECK_EQ(pid, 321);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_derive_grant(EP, 1000, 1002, 16, 32, ERIX_RIGHT_SEND), ERIX_OK);
    struct erix_kctl_grant_req g = {1000, 1002, 16, 32, ERIX_RIGHT_SEND, 0};
    CHECK_SENT(ERIX_KCTL_DERIVE_INSTALL_GRANT, g);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_install(EP, 1002, 2272, 20, ERIX_RIGHT_SEND, 0x55), ERIX_OK);
    struct erix_kctl_install_req in = {1002, 2272, 20, ERIX_RIGHT_SEND, 0x55};
    CHECK_SENT(ERIX_KCTL_INSTALL_WITH_GRANT, in);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_start(EP, 1000, 0x400000, 0x7ffeff000000, 1, 2, 3), ERIX_OK);
    struct erix_kctl_start_req st = {1000, 0, 0x400000, 0x7ffeff000000, 1, 2, 3};
    CHECK_SENT(ERIX_KCTL_START_PROCESS, st);

    uint32_t killed_pid = 321; /* the kernel answers KILL with the pid */
    fake_push_body(ERIX_OK, ERIX_KCTL_KILL_PROCESS, &killed_pid, sizeof killed_pid);
    ERIX_CHECK_EQ(erix_kctl_kill(EP, 1000, 7), ERIX_OK);
    struct erix_kctl_slot_req k = {1000, 7};
    CHECK_SENT(ERIX_KCTL_KILL_PROCESS, k);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_abort(EP, 1000), ERIX_OK);
    struct erix_kctl_slot_req a = {1000, 0};
    CHECK_SENT(ERIX_KCTL_ABORT_STAGED_PROCESS, a);

    struct erix_kctl_process_resp pr, prw = {321, ERIX_PROC_EXITED, 4, 0, 0, 9};
    fake_push_body(ERIX_OK, ERIX_KCTL_QUERY_PROCESS, &prw, sizeof prw);
    ERIX_CHECK_EQ(erix_kctl_query_process(EP, 1000, &pr), ERIX_OK);
    struct erix_kctl_slot_req q = {1000, 0};
    CHECK_SENT(ERIX_KCTL_QUERY_PROCESS, q);
    ERIX_CHECK(memcmp(&pr, &prw, sizeof pr) == 0);
}

static void test_process_endpoints(void)
{
    fake_reset();
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_set_fault_endpoint(EP, 1000, 12), ERIX_OK);
    struct erix_kctl_endpoint_reg_req f = {1000, 12};
    CHECK_SENT(ERIX_KCTL_SET_FAULT_ENDPOINT, f);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_register_pager(EP, 1000, 13), ERIX_OK);
    struct erix_kctl_endpoint_reg_req p = {1000, 13};
    CHECK_SENT(ERIX_KCTL_REGISTER_PAGER, p);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_resolve_fault(EP, 1000, ERIX_RESOLVE_KILL), ERIX_OK);
    struct erix_kctl_resolve_req r = {1000, ERIX_RESOLVE_KILL};
    CHECK_SENT(ERIX_KCTL_RESOLVE_FAULT, r);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_set_priority(EP, 1000, 200), ERIX_OK);
    struct erix_kctl_priority_req pr = {1000, 200};
    CHECK_SENT(ERIX_KCTL_SET_PRIORITY, pr);
}

static void test_log_ops(void)
{
    struct {
        struct erix_kctl_log_req h;
        char text[6];
    } __attribute__((packed)) want = {{6, 0}, "hello\n"};
    static char big[ERIX_KCTL_LOG_MAX + 1];
    memset(big, 'x', sizeof big);
    fake_reset();
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_log(EP, "hello\n", 6), ERIX_OK);
    CHECK_SENT(ERIX_KCTL_LOG_STRING, want);
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_serial_write(EP, "hello\n", 6), ERIX_OK);
    CHECK_SENT(ERIX_KCTL_WRITE_LEGACY_SERIAL, want);
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_log(EP, big, ERIX_KCTL_LOG_MAX), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->len, ERIX_IPC_MAX_BODY);
    ERIX_CHECK_EQ(erix_kctl_log(EP, big, ERIX_KCTL_LOG_MAX + 1), ERIX_ERR_LIMIT);
    ERIX_CHECK_EQ(erix_kctl_log(EP, NULL, 3), ERIX_ERR_INVALID_ARGUMENT);
    fake_push(ERIX_ERR_MALFORMED); /* length 0 goes to the kernel, which decides */
    ERIX_CHECK_EQ(erix_kctl_log(EP, "", 0), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(fake_last()->len, sizeof(struct erix_kctl_log_req));
}

static void test_ports_pci(void)
{
    uint64_t v = 0x5a;
    uint8_t byte = 0;
    uint32_t dword = 0;
    fake_reset();
    fake_push_body(ERIX_OK, ERIX_KCTL_IOPORT_READ8, &v, sizeof v);
    ERIX_CHECK_EQ(erix_kctl_port_read8(EP, 0x3fd, &byte), ERIX_OK);
    struct erix_kctl_port_req rd = {0x3fd, 0, 0, 0};
    CHECK_SENT(ERIX_KCTL_IOPORT_READ8, rd);
    ERIX_CHECK_EQ(byte, 0x5a);

    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_port_write8(EP, 0x3f8, 'A'), ERIX_OK);
    struct erix_kctl_port_req wr = {0x3f8, 'A', 0, 0};
    CHECK_SENT(ERIX_KCTL_IOPORT_WRITE8, wr);

    v = 0x12378086;
    fake_push_body(ERIX_OK, ERIX_KCTL_READ_PCI_CONFIG_DWORD, &v, sizeof v);
    ERIX_CHECK_EQ(erix_kctl_pci_read32(EP, 0, 31, 3, 0x40, &dword), ERIX_OK);
    struct erix_kctl_pci_req p = {0, 31, 3, 0, 0x40, 0, 0, 0};
    CHECK_SENT(ERIX_KCTL_READ_PCI_CONFIG_DWORD, p);
    ERIX_CHECK_EQ(dword, 0x12378086);

    fake_push(ERIX_ERR_DENIED);
    byte = 9;
    ERIX_CHECK_EQ(erix_kctl_port_read8(EP, 0x60, &byte), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(byte, 9);
}

static void test_acpi_clock_caps(void)
{
    struct erix_kctl_acpi_rsdp_resp rs, rsw = {0xf0000, 2, 36};
    uint64_t q[3], qw[3] = {1, 2, 3};
    fake_reset();
    fake_push_body(ERIX_OK, ERIX_KCTL_GET_ACPI_RSDP, &rsw, sizeof rsw);
    ERIX_CHECK_EQ(erix_kctl_acpi_rsdp(EP, &rs), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->len, 0);
    ERIX_CHECK(memcmp(&rs, &rsw, sizeof rs) == 0);

    fake_push_body(ERIX_OK, ERIX_KCTL_READ_ACPI_QWORDS, qw, sizeof qw);
    ERIX_CHECK_EQ(erix_kctl_acpi_read(EP, 0xf0000, q, 3), ERIX_OK);
    struct erix_kctl_acpi_read_req ar = {0xf0000, 3, 0};
    CHECK_SENT(ERIX_KCTL_READ_ACPI_QWORDS, ar);
    ERIX_CHECK(memcmp(q, qw, sizeof q) == 0);
    fake_push(ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_kctl_acpi_read(EP, 0xf0000, q, 0), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_kctl_acpi_read(EP, 0xf0000, NULL, 2), ERIX_ERR_INVALID_ARGUMENT);

    struct erix_kctl_clock_resp ck, ckw = {123456789, 42};
    fake_push_body(ERIX_OK, ERIX_KCTL_READ_MONOTONIC_CLOCK, &ckw, sizeof ckw);
    ERIX_CHECK_EQ(erix_kctl_clock(EP, &ck), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->op, ERIX_KCTL_READ_MONOTONIC_CLOCK);
    ERIX_CHECK_EQ(ck.nanoseconds, 123456789);
    ERIX_CHECK_EQ(ck.ticks, 42);

    uint64_t bits = ERIX_PLATFORM_PCI | ERIX_PLATFORM_COM1;
    uint32_t caps = 0;
    fake_push_body(ERIX_OK, ERIX_KCTL_READ_PLATFORM_CAPS, &bits, sizeof bits);
    ERIX_CHECK_EQ(erix_kctl_platform_caps(EP, &caps), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->len, 0);
    ERIX_CHECK_EQ(caps, ERIX_PLATFORM_PCI | ERIX_PLATFORM_COM1);
}

static void test_irq_hotplug(void)
{
    fake_reset();
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_kctl_irq_control(EP, 4, ERIX_IRQ_ENABLE), ERIX_OK);
    struct erix_kctl_irq_req c = {4, ERIX_IRQ_ENABLE, 0};
    CHECK_SENT(ERIX_KCTL_IRQ_CONTROL, c);
    fake_push(ERIX_ERR_TIMEOUT);
    ERIX_CHECK_EQ(erix_kctl_irq_wait(EP, 4, 5000), ERIX_ERR_TIMEOUT);
    struct erix_kctl_irq_req w = {4, 0, 5000};
    CHECK_SENT(ERIX_KCTL_IRQ_WAIT, w);
    fake_push(ERIX_ERR_WOULD_BLOCK);
    ERIX_CHECK_EQ(erix_kctl_hotplug_wait(EP), ERIX_ERR_WOULD_BLOCK);
    ERIX_CHECK_EQ(fake_last()->op, ERIX_KCTL_HOTPLUG_WAIT);
    ERIX_CHECK_EQ(fake_last()->len, 0);
}

/* A fixed-struct reply of another length is an ABI mismatch; nothing is copied. */
static void test_response_checks(void)
{
    struct erix_kctl_query_cap_resp out;
    uint8_t junk[40] = {1};
    memset(&out, 0x33, sizeof out);
    fake_reset();
    fake_push_body(ERIX_OK, ERIX_KCTL_QUERY_CAP, junk, 16);
    ERIX_CHECK_EQ(erix_kctl_query_cap(EP, 1, 0, &out), ERIX_ERR_MALFORMED);
    fake_push_body(ERIX_OK, ERIX_KCTL_QUERY_CAP, junk, 40);
    ERIX_CHECK_EQ(erix_kctl_query_cap(EP, 1, 0, &out), ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(out.value1, 0x3333333333333333ull);
    fake_push_body(ERIX_OK, ERIX_KCTL_MAP_FRAME, junk, 40); /* void op, oversized reply */
    ERIX_CHECK_EQ(erix_kctl_map_frame(EP, 3, 4, 0x1000, 1), ERIX_ERR_MALFORMED);
    fake_push(ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(erix_kctl_query_cap(EP, 1, 0, &out), ERIX_ERR_EMPTY_SLOT);
    ERIX_CHECK_EQ(out.value1, 0x3333333333333333ull);
    ERIX_CHECK_EQ(erix_kctl_query_cap(EP, 1, 0, NULL), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_kctl_query_cap(ERIX_CSPACE_SLOTS, 1, 0, &out), ERIX_ERR_INVALID_SLOT);
}

static void test_raw(void)
{
    uint8_t req[3] = {1, 2, 3}, resp[8];
    uint16_t len = 0;
    fake_reset();
    fake_push(ERIX_ERR_MALFORMED);
    ERIX_CHECK_EQ(erix_kctl_raw(EP, ERIX_KCTL_QUERY_CAP, req, 3, resp, 8, &len),
                  ERIX_ERR_MALFORMED);
    CHECK_SENT(ERIX_KCTL_QUERY_CAP, req);
    fake_push_body(ERIX_OK, 99, "abcd", 4);
    ERIX_CHECK_EQ(erix_kctl_raw(EP, 99, NULL, 0, resp, 8, &len), ERIX_OK);
    ERIX_CHECK_EQ(len, 4);
}

int main(void)
{
    ERIX_RUN(test_caps);
    ERIX_RUN(test_memory);
    ERIX_RUN(test_write_memory);
    ERIX_RUN(test_process);
    ERIX_RUN(test_process_endpoints);
    ERIX_RUN(test_log_ops);
    ERIX_RUN(test_ports_pci);
    ERIX_RUN(test_acpi_clock_caps);
    ERIX_RUN(test_irq_hotplug);
    ERIX_RUN(test_response_checks);
    ERIX_RUN(test_raw);
    return erix_test_finish();
}
