/*
 * test_user_ld.c - check an executable linked with user.ld and crt0.S:
 * lib-elf's loader accepts it, and it has the layout README promises.
 *
 * Usage: test_user_ld FILE STACK_SIZE. Meson passes images it linked with
 * clang + ld.lld (tests/real); by hand it checks a cross build's sample:
 *   build/tests/test_user_ld <cross build>/erix-rt-sample 65536
 * Without the cross toolchain Meson runs it with no arguments: skip (77).
 */
#include <stdlib.h>
#include <string.h>

#include <erix/elf.h>
#include <erix/layout.h>
#include <erix_test.h>

#define PT_DYNAMIC 2u
#define PT_INTERP 3u
#define PT_TLS 7u
#define ET_EXEC 2u
#define X_R (ERIX_ELF_PERM_R | ERIX_ELF_PERM_X)
#define R_W (ERIX_ELF_PERM_R | ERIX_ELF_PERM_W)

static uint8_t *image;
static size_t image_size;

static void read_image(const char *path)
{
    FILE *f = fopen(path, "rb");
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0 ||
        fseek(f, 0, SEEK_SET) != 0 || (image = malloc((size_t)n)) == NULL ||
        fread(image, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(EXIT_FAILURE);
    }
    fclose(f);
    image_size = (size_t)n;
}

static uint64_t get(size_t off, size_t width)
{
    uint64_t v = 0;
    if (off > image_size || width > image_size - off) {
        fprintf(stderr, "read past the image at %zu\n", off);
        exit(EXIT_FAILURE);
    }
    memcpy(&v, image + off, width);
    return v;
}

/* Program headers lib-elf ignores but a static program must not have. */
static void check_program_headers(void)
{
    uint64_t phoff = get(32, 8), phnum = get(56, 2);
    ERIX_CHECK_EQ(get(16, 2), ET_EXEC);
    for (uint64_t i = 0; i < phnum; i++) {
        uint64_t type = get(phoff + i * 56, 4);
        ERIX_CHECK(type != PT_INTERP && type != PT_DYNAMIC && type != PT_TLS);
    }
}

static int discarded(const char *name)
{
    static const char *const gone[] = {".comment", ".eh_frame", ".interp", ".dynamic", ".note"};
    for (unsigned i = 0; i < sizeof gone / sizeof gone[0]; i++)
        if (strncmp(name, gone[i], strlen(gone[i])) == 0)
            return 1;
    return 0;
}

/* Sections user.ld discards are gone. */
static void check_sections(void)
{
    uint64_t shoff = get(40, 8), shnum = get(60, 2), shstrndx = get(62, 2);
    uint64_t strtab = get(shoff + shstrndx * 64 + 24, 8);
    for (uint64_t i = 1; i < shnum; i++) {
        uint64_t name_off = strtab + get(shoff + i * 64, 4);
        char name[64] = {0};
        for (size_t k = 0; k + 1 < sizeof name; k++)
            if ((name[k] = (char)get(name_off + k, 1)) == 0)
                break;
        if (discarded(name))
            fprintf(stderr, "  section %s should have been discarded\n", name);
        ERIX_CHECK(!discarded(name));
    }
}

static void print_plan(const struct erix_elf_image *img)
{
    printf("  entry %#llx stack %llu\n", (unsigned long long)img->entry,
           (unsigned long long)img->stack_size);
    for (uint32_t i = 0; i < img->segment_count; i++) {
        const struct erix_elf_segment *s = &img->segments[i];
        printf("  segment %u: vaddr %#llx memsz %#llx offset %#llx filesz %#llx perms %u\n", i,
               (unsigned long long)s->vaddr, (unsigned long long)s->memsz,
               (unsigned long long)s->file_offset, (unsigned long long)s->filesz, s->perms);
    }
}

/* text (R+X) at the image base, opening with _start; then rodata (R); then
 * R+W segments only, the last one holding bss; every segment page aligned. */
static void check_layout(const struct erix_elf_image *img, uint64_t stack)
{
    const struct erix_elf_segment *seg = img->segments;
    uint32_t n = img->segment_count;
    ERIX_CHECK_EQ(img->stack_size, stack);
    ERIX_CHECK(n >= 3);
    if (n < 3)
        return;
    ERIX_CHECK_EQ(seg[0].vaddr, ERIX_USER_IMAGE_BASE);
    ERIX_CHECK_EQ(seg[0].perms, X_R);
    ERIX_CHECK_EQ(img->entry, seg[0].vaddr);
    ERIX_CHECK_EQ(get((size_t)seg[0].file_offset, 2), 0xed31); /* xorl %ebp, %ebp */
    ERIX_CHECK_EQ(seg[1].perms, ERIX_ELF_PERM_R);
    for (uint32_t i = 0; i < n; i++) {
        ERIX_CHECK_EQ(seg[i].vaddr % ERIX_PAGE_SIZE, 0);
        if (i >= 2)
            ERIX_CHECK_EQ(seg[i].perms, R_W);
    }
    ERIX_CHECK(seg[n - 1].memsz > seg[n - 1].filesz);
}

int main(int argc, char **argv)
{
    struct erix_elf_limits lim = {
        .user_base = ERIX_USER_BASE, .user_top = ERIX_USER_TOP,
        .max_image_bytes = 64u << 20, .max_stack_bytes = ERIX_USER_STACK_MAX,
    };
    struct erix_elf_image img;
    if (argc != 3) {
        printf("skipped: no cross toolchain (clang + ld.lld) to link a user.ld image\n");
        return 77;
    }
    read_image(argv[1]);
    erix_status_t st = erix_elf_parse(image, image_size, &lim, &img);
    printf("%s: %s\n", argv[1], erix_status_name(st));
    ERIX_CHECK_EQ(st, ERIX_OK);
    if (st == ERIX_OK) {
        print_plan(&img);
        check_layout(&img, strtoull(argv[2], NULL, 0));
        check_program_headers();
        check_sections();
    }
    free(image);
    return erix_test_finish();
}
