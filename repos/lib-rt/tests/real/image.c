/*
 * image.c - test-only: the program test_user_ld's images are linked from,
 * with crt0.S, exit.c and sys_x86_64.c of the runtime and user.ld. It has
 * text, rodata, data and bss, so every segment of the layout appears.
 */
#include <erix/rt.h>

static const char message[] = "lib-rt user.ld image";
static const char *const table[] = {message, message + 4};
int counter = 42;
char bss_area[12000];

int64_t erix_main(uint64_t a0, uint64_t a1, uint64_t a2)
{
    volatile const char *p = table[(a0 + (uint64_t)counter) & 1];
    bss_area[counter] = p[0];
    counter++;
    return (int64_t)(a1 + a2);
}
