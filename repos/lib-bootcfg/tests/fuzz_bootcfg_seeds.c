/*
 * fuzz_bootcfg_seeds.c - writes a seed corpus for fuzz_bootcfg: the valid
 * images of the unit tests (builder.c), one file each, into argv[1]. Add
 * tests/data/golden.bcfg for the integrator's own encoding (README, "Fuzz").
 */
#include <stdio.h>
#include <stdlib.h>

#include "builder.h"

static void write_seed(const char *dir, const char *name, void (*make)(struct tb_cfg *))
{
    static uint8_t buf[TB_CAP];
    static struct tb_cfg c;
    char path[4096];
    FILE *f;

    make(&c);
    size_t n = tb_emit(&c, buf, sizeof buf);
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
    write_seed(argv[1], "sample.bcfg", tb_sample);
    write_seed(argv[1], "minimal.bcfg", tb_minimal);
    return EXIT_SUCCESS;
}
