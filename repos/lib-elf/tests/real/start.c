/*
 * start.c - test-only: a tiny freestanding program, linked by ld.lld into the
 * static executables test_real_elf parses (rodata, text, data, bss).
 */
static const char message[] = "lib-elf real-world image";
static const char *const table[] = { message, message + 8 };
int counter = 42;
char bss_area[12000];

void _start(void);

void _start(void)
{
    volatile const char *p = table[counter & 1];

    bss_area[counter] = p[0];
    for (;;) {
    }
}
