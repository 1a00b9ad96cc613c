/*
 * test_real_elf.c - real-world check: parse executables ld.lld produced.
 *
 * Usage: test_real_elf FILE EXPECT, EXPECT being "ok" or a status name
 * (ERIX_ERR_DENIED for a PIE). Meson passes images it linked with the cross
 * toolchain (clang + ld.lld, -z stack-size=65536); without that toolchain it
 * runs with no arguments and reports a skip (exit 77).
 */
#include <stdlib.h>
#include <string.h>

#include "elf_check.h"
#include "plan_check.h"

#include <erix/elf.h>

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0 ||
        fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n)) == NULL ||
        fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(EXIT_FAILURE);
    }
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* What the linked program must look like once accepted. */
static void check_plan(const struct erix_elf_image *img, size_t size,
                       const struct erix_elf_limits *lim)
{
    const char *why = plan_check(img, size, lim);
    int text = 0, bss = 0;

    if (why != NULL)
        fprintf(stderr, "  plan_check: %s\n", why);
    ERIX_CHECK(why == NULL);
    ERIX_CHECK_EQ(img->stack_size, 65536);
    for (uint32_t i = 0; i < img->segment_count; i++) {
        const struct erix_elf_segment *seg = &img->segments[i];
        text |= (seg->perms & ERIX_ELF_PERM_X) != 0;
        bss |= (seg->perms & ERIX_ELF_PERM_W) != 0 && seg->memsz > seg->filesz;
        printf("  segment %u: vaddr %#llx memsz %#llx offset %#llx filesz %#llx perms %u\n",
               i, (unsigned long long)seg->vaddr, (unsigned long long)seg->memsz,
               (unsigned long long)seg->file_offset, (unsigned long long)seg->filesz,
               seg->perms);
    }
    ERIX_CHECK(text);
    ERIX_CHECK(bss);
}

int main(int argc, char **argv)
{
    struct erix_elf_limits lim = {
        .user_base = 0x10000, .user_top = 0x800000000000,
        .max_image_bytes = 64u << 20, .max_stack_bytes = 1u << 20,
    };
    struct erix_elf_image img;
    erix_status_t st;
    size_t size;
    uint8_t *data;

    if (argc != 3) {
        printf("skipped: no cross toolchain (clang + ld.lld) to link a real image\n");
        return 77;
    }
    data = read_file(argv[1], &size);
    st = erix_elf_parse(data, size, &lim, &img);
    printf("%s: %s\n", argv[1], erix_status_name(st));
    if (strcmp(argv[2], "ok") == 0) {
        CHECK_STATUS(st, ERIX_OK);
        if (st == ERIX_OK)
            check_plan(&img, size, &lim);
    } else {
        ERIX_CHECK(strcmp(erix_status_name(st), argv[2]) == 0);
    }
    free(data);
    return erix_test_finish();
}
