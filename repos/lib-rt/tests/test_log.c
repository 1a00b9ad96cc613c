/*
 * test_log.c - erix_log and erix_panic: whole lines, splitting at each sink's
 * bound, the kernel's marker refusal, the endpoint sink and the panic exit.
 */
#include <string.h>

#include <erix/kctl_rt.h>
#include <erix/log.h>
#include <erix/rt.h>
#include <erix_test.h>

#include "../src/log_lines.h"
#include "fake_kernel.h"

#define EP 2272u

static int line_is(unsigned i, const char *text)
{
    const struct fake_line *l = fake_line(i);
    return l != NULL && l->len == strlen(text) && memcmp(l->text, text, l->len) == 0;
}

static void test_one_line(void)
{
    fake_reset();
    ERIX_CHECK_EQ(erix_log("hello %s %d 0x%x", "world", -5, 255u), ERIX_OK);
    ERIX_CHECK_EQ(fake_lines(), 1);
    ERIX_CHECK(line_is(0, "hello world -5 0xff\n"));
    ERIX_CHECK_EQ(erix_log("already ended\n"), ERIX_OK);
    ERIX_CHECK(line_is(1, "already ended\n"));
    ERIX_CHECK_EQ(erix_log("%s", ""), ERIX_OK); /* an empty message is an empty line */
    ERIX_CHECK(line_is(2, "\n"));
    ERIX_CHECK_EQ(fake_lines(), 3);
}

static void test_embedded_newlines(void)
{
    fake_reset();
    ERIX_CHECK_EQ(erix_log("a\nb\n\nc"), ERIX_OK);
    ERIX_CHECK_EQ(fake_lines(), 4);
    ERIX_CHECK(line_is(0, "a\n"));
    ERIX_CHECK(line_is(1, "b\n"));
    ERIX_CHECK(line_is(2, "\n"));
    ERIX_CHECK(line_is(3, "c\n"));
}

/* The debug log takes 256 bytes, '\n' included: 255 characters a line. */
static void test_split_debug(void)
{
    char text[700];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = 0;
    fake_reset();
    ERIX_CHECK_EQ(erix_log("%s", text), ERIX_OK);
    ERIX_CHECK_EQ(fake_lines(), 3);
    ERIX_CHECK_EQ(fake_line(0)->len, 256);
    ERIX_CHECK_EQ(fake_line(1)->len, 256);
    ERIX_CHECK_EQ(fake_line(2)->len, 699 - 2 * 255 + 1);
    for (unsigned i = 0; i < 3; i++) {
        ERIX_CHECK_EQ(fake_line(i)->status, ERIX_OK);
        ERIX_CHECK_EQ(fake_line(i)->text[fake_line(i)->len - 1], '\n');
        ERIX_CHECK(memchr(fake_line(i)->text, '\n', fake_line(i)->len - 1) == NULL);
    }
    /* exactly 255 characters and a newline: one write, no empty tail */
    text[255] = 0;
    fake_reset();
    ERIX_CHECK_EQ(erix_log("%s\n", text), ERIX_OK);
    ERIX_CHECK_EQ(fake_lines(), 1);
    ERIX_CHECK_EQ(fake_line(0)->len, 256);
    fake_reset();
    text[255] = 'a';
    text[256] = 0;
    ERIX_CHECK_EQ(erix_log("%s", text), ERIX_OK);
    ERIX_CHECK_EQ(fake_lines(), 2);
    ERIX_CHECK(line_is(1, "a\n"));
}

static void test_marker_refused(void)
{
    fake_reset();
    ERIX_CHECK_EQ(erix_log("ERIX_ROOTD:READY"), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(erix_log("ROOTD_STAGE:X"), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(erix_log("ERIX_KERNEL:PANIC forged"), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(erix_log("ok ERIX_KERNEL: mid-line is fine"), ERIX_OK);
    /* the first refused line ends the call */
    ERIX_CHECK_EQ(erix_log("fine\nERIX_KERNEL:x\nnever"), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(fake_lines(), 6);
    ERIX_CHECK(line_is(4, "fine\n"));
    ERIX_CHECK_EQ(fake_line(5)->status, ERIX_ERR_DENIED);
}

/* Through a LOG endpoint: LOG_STRING calls, up to ERIX_KCTL_LOG_MAX bytes. */
static void test_endpoint_sink(void)
{
    static char text[1500];
    struct erix_kctl_log_req h;
    memset(text, 'e', sizeof text - 1);
    text[sizeof text - 1] = 0;
    fake_reset();
    ERIX_CHECK_EQ(erix_log_endpoint(), 0);
    erix_log_use_endpoint(EP);
    ERIX_CHECK_EQ(erix_log_endpoint(), EP);
    fake_push(ERIX_OK);
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_log("%s", text), ERIX_OK);
    ERIX_CHECK_EQ(fake_lines(), 0);
    ERIX_CHECK_EQ(fake_calls(), 2);
    const struct fake_sent *s = fake_call(0);
    memcpy(&h, s->body, sizeof h);
    ERIX_CHECK_EQ(s->op, ERIX_KCTL_LOG_STRING);
    ERIX_CHECK_EQ(s->arg, EP);
    ERIX_CHECK_EQ(h.length, ERIX_KCTL_LOG_MAX);
    ERIX_CHECK_EQ(s->len, sizeof h + ERIX_KCTL_LOG_MAX);
    ERIX_CHECK_EQ(s->body[sizeof h + ERIX_KCTL_LOG_MAX - 1], '\n');
    memcpy(&h, fake_call(1)->body, sizeof h);
    ERIX_CHECK_EQ(h.length, 1499 - (ERIX_KCTL_LOG_MAX - 1) + 1);
    fake_push(ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(erix_log("ERIX_ROOTD:READY"), ERIX_ERR_DENIED);
    fake_push(ERIX_OK);
    ERIX_CHECK_EQ(erix_log_write("raw", 3), ERIX_OK);
    ERIX_CHECK_EQ(fake_last()->len, sizeof h + 3);
    erix_log_use_endpoint(0);
    ERIX_CHECK_EQ(erix_log_write("raw", 3), ERIX_OK);
    ERIX_CHECK(line_is(0, "raw"));
}

static void test_panic(void)
{
    volatile int reached_after = 0;
    fake_reset();
    if (setjmp(fake_exit_jmp) == 0) {
        erix_panic("bad %u", 7u);
        reached_after = 1;
    }
    ERIX_CHECK(!reached_after);
    ERIX_CHECK_EQ(fake_exits, 1);
    ERIX_CHECK_EQ(fake_exit_code, ERIX_PANIC_EXIT_CODE);
    ERIX_CHECK(line_is(0, "PANIC: bad 7\n"));
    /* the endpoint refuses: the debug log gets it */
    fake_reset();
    erix_log_use_endpoint(EP);
    fake_push(ERIX_ERR_EMPTY_SLOT);
    if (setjmp(fake_exit_jmp) == 0)
        erix_panic("no endpoint");
    erix_log_use_endpoint(0);
    ERIX_CHECK_EQ(fake_calls(), 1);
    ERIX_CHECK(line_is(0, "PANIC: no endpoint\n"));
    ERIX_CHECK_EQ(fake_exit_code, 0xff);
}

static void test_exit(void)
{
    fake_reset();
    if (setjmp(fake_exit_jmp) == 0)
        erix_exit(0x1234);
    ERIX_CHECK_EQ(fake_exits, 1);
    ERIX_CHECK_EQ(fake_exit_code, 0x1234);
}

/* The splitter alone: bounds clamp, failures stop output. */
static unsigned writes;
static erix_status_t count_writes(void *ctx, const char *line, size_t len)
{
    (void)line;
    (void)len;
    writes++;
    return ctx != NULL ? ERIX_ERR_DENIED : ERIX_OK;
}

static void test_lines_core(void)
{
    struct erix_rt_lines l;
    int fail = 1;
    writes = 0;
    erix_rt_lines_init(&l, 0, count_writes, NULL); /* clamps to 2: one char a line */
    erix_rt_lines_puts(&l, "abc");
    ERIX_CHECK_EQ(erix_rt_lines_finish(&l), ERIX_OK);
    ERIX_CHECK_EQ(writes, 3);
    writes = 0;
    erix_rt_lines_init(&l, 100000, count_writes, &fail);
    ERIX_CHECK_EQ(l.max, ERIX_RT_LINE_CAP);
    erix_rt_lines_puts(&l, "a\nb\nc\n");
    ERIX_CHECK_EQ(erix_rt_lines_finish(&l), ERIX_ERR_DENIED);
    ERIX_CHECK_EQ(writes, 1);
}

int main(void)
{
    ERIX_RUN(test_one_line);
    ERIX_RUN(test_embedded_newlines);
    ERIX_RUN(test_split_debug);
    ERIX_RUN(test_marker_refused);
    ERIX_RUN(test_endpoint_sink);
    ERIX_RUN(test_panic);
    ERIX_RUN(test_exit);
    ERIX_RUN(test_lines_core);
    return erix_test_finish();
}
