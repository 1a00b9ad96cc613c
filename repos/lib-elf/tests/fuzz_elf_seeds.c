/*
 * fuzz_elf_seeds.c - writes a seed corpus for fuzz_elf: the valid images of
 * the unit tests (builder.c), one file each, into the directory argv[1].
 */
#include <stdio.h>
#include <stdlib.h>

#include "builder.h"

static void write_seed(const char *dir, const char *name, void (*make)(struct tb_image *))
{
    static uint8_t buf[TB_CAP];
    struct tb_image im;
    char path[4096];
    size_t n;
    FILE *f;

    make(&im);
    n = tb_emit(&im, buf, sizeof buf);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(buf, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(EXIT_FAILURE);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return EXIT_FAILURE;
    }
    write_seed(argv[1], "minimal.elf", tb_minimal);
    write_seed(argv[1], "lld_like.elf", tb_lld_like);
    return EXIT_SUCCESS;
}
