/*
 * test_parse_reject.c - the refusal corpus: each case breaks one rule of the
 * valid sample (builder.c), in the configuration or in the emitted bytes, and
 * asserts the exact status and that `view` was left untouched. The rule
 * numbers are those of ARCHITECTURE.md.
 */
#include <erix/caps.h>
#include <erix/procd.h>

#include <erix_test.h>

#include "builder.h"
#include "parse_check.h"

typedef struct tb_cfg cfg_t;

struct cfg_case {
    const char *name;
    void (*mutate)(cfg_t *c);
    erix_status_t want;
};

struct img_case {
    const char *name;
    void (*mutate)(uint8_t *img, size_t *size);
    int reseal; /* recompute the checksum after the change */
    erix_status_t want;
};

static uint8_t img[TB_CAP + 64];

static void expect_status(const char *name, const uint8_t *buf, size_t size, erix_status_t want)
{
    const char *why;
    erix_status_t got = tb_parse_checked(buf, size, &why);

    if (got != want || why != NULL)
        fprintf(stderr, "case %s: got %s, want %s%s%s\n", name, erix_status_name(got),
                erix_status_name(want), why ? ": " : "", why ? why : "");
    ERIX_CHECK_EQ(got, want);
    ERIX_CHECK(why == NULL);
}

static void run_cfg(const struct cfg_case *k)
{
    static cfg_t c;

    tb_sample(&c);
    k->mutate(&c);
    size_t n = tb_emit(&c, img, sizeof img);
    ERIX_CHECK(n != 0);
    expect_status(k->name, img, n, k->want);
}

static void run_img(const struct img_case *k)
{
    static cfg_t c;

    tb_sample(&c);
    size_t n = tb_emit(&c, img, sizeof img);
    k->mutate(img, &n);
    if (k->reseal)
        tb_seal(img, n);
    expect_status(k->name, img, n, k->want);
}

/* --- header (rules 2..14), on emitted bytes ------------------------------------ */

/* An image mutator; SET stores a header field, ADD moves one. */
#define IMG(name) static void name(uint8_t *b, size_t *n __attribute__((unused)))
#define SET(off, v) tb_put32(b, (off), (uint32_t)(v))
#define ADD(off, d) tb_put32(b, (off), tb_get32(b, (off)) + (uint32_t)(d))

IMG(magic0) { b[0] = 'e'; }
IMG(magic7) { b[7] = 'H'; }
IMG(version0) { SET(TB_OFF_VERSION, 0); }
IMG(version2) { SET(TB_OFF_VERSION, 2); }
IMG(hsize72) { SET(TB_OFF_HEADER_SIZE, 72); }
IMG(hsize88) { SET(TB_OFF_HEADER_SIZE, 88); }
IMG(total_over_max) { SET(TB_OFF_TOTAL, 65544); }
IMG(total_past_input) { SET(TB_OFF_TOTAL, (uint32_t)*n + 8); }
IMG(total_huge) { SET(TB_OFF_TOTAL, ~0u); }
IMG(trailing_bytes) { b[*n] = 0; *n += 8; }
IMG(total_below_input) { SET(TB_OFF_TOTAL, (uint32_t)*n - 8); }
IMG(checksum_off) { ADD(TB_OFF_CHECKSUM, 1); }
IMG(checksum_zero) { SET(TB_OFF_CHECKSUM, 0); }
IMG(byte_after_seal) { b[80 + 3] ^= 0x20; }
IMG(padding_after_seal) { b[*n - 40 - 1] = 1; }
IMG(last_byte_after_seal) { b[*n - 1] ^= 1; }
IMG(services_33) { SET(TB_OFF_SVC_COUNT, 33); }
IMG(caps_257) { SET(TB_OFF_CAP_COUNT, 257); }
IMG(deps_257) { SET(TB_OFF_DEP_COUNT, 257); }
IMG(drivers_33) { SET(TB_OFF_DRV_COUNT, 33); }
IMG(counts_huge) { SET(TB_OFF_CAP_COUNT, ~0u); }
IMG(svc_off_4) { SET(TB_OFF_SVC_OFFSET, 84); }
IMG(cap_off_1) { ADD(TB_OFF_CAP_OFFSET, 1); }
IMG(dep_off_2) { ADD(TB_OFF_DEP_OFFSET, 2); }
IMG(drv_off_4) { ADD(TB_OFF_DRV_OFFSET, -4); }
IMG(svc_in_header) { SET(TB_OFF_SVC_OFFSET, 72); }
IMG(svc_at_zero) { SET(TB_OFF_SVC_OFFSET, 0); }
IMG(drv_past_end) { SET(TB_OFF_DRV_OFFSET, (uint32_t)*n - 32); }
IMG(cap_off_huge) { SET(TB_OFF_CAP_OFFSET, 0xfffffff8u); }
IMG(svc_count_past_end) { SET(TB_OFF_SVC_COUNT, 32); }
IMG(empty_past_end)
{
    SET(TB_OFF_DRV_COUNT, 0);
    SET(TB_OFF_DRV_OFFSET, (uint32_t)*n + 8);
}
IMG(caps_on_services) { SET(TB_OFF_CAP_OFFSET, 80); }
IMG(deps_into_caps) { ADD(TB_OFF_DEP_OFFSET, -8); }
IMG(drivers_on_deps) { SET(TB_OFF_DRV_OFFSET, tb_get32(b, TB_OFF_DEP_OFFSET)); }
IMG(drivers_in_services) { SET(TB_OFF_DRV_OFFSET, 80 + 64); }
IMG(services_over_caps) { SET(TB_OFF_SVC_OFFSET, 80 + 16); }
IMG(profile_empty) { memset(b + TB_OFF_PROFILE, 0, 24); }
IMG(profile_upper) { b[TB_OFF_PROFILE] = 'P'; }
IMG(profile_space) { b[TB_OFF_PROFILE + 6] = ' '; }
IMG(profile_unpadded) { memset(b + TB_OFF_PROFILE, 'a', 24); }
IMG(profile_hidden) { b[TB_OFF_PROFILE + 23] = 'x'; }

static const struct img_case img_cases[] = {
    {"magic byte 0", magic0, 1, ERIX_ERR_MALFORMED},
    {"magic byte 7", magic7, 1, ERIX_ERR_MALFORMED},
    {"version 0", version0, 1, ERIX_ERR_VERSION},
    {"version 2", version2, 1, ERIX_ERR_VERSION},
    {"header_size 72", hsize72, 1, ERIX_ERR_MALFORMED},
    {"header_size 88", hsize88, 1, ERIX_ERR_MALFORMED},
    {"total_size over the maximum", total_over_max, 1, ERIX_ERR_LIMIT},
    {"total_size ~0", total_huge, 1, ERIX_ERR_LIMIT},
    {"total_size past the input", total_past_input, 1, ERIX_ERR_TRUNCATED},
    {"input longer than total_size", trailing_bytes, 0, ERIX_ERR_MALFORMED},
    {"total_size short of the input", total_below_input, 1, ERIX_ERR_MALFORMED},
    {"checksum + 1", checksum_off, 0, ERIX_ERR_MALFORMED},
    {"checksum 0", checksum_zero, 0, ERIX_ERR_MALFORMED},
    {"a service byte changed after sealing", byte_after_seal, 0, ERIX_ERR_MALFORMED},
    {"padding changed after sealing", padding_after_seal, 0, ERIX_ERR_MALFORMED},
    {"the last byte changed after sealing", last_byte_after_seal, 0, ERIX_ERR_MALFORMED},
    {"33 services", services_33, 1, ERIX_ERR_LIMIT},
    {"257 caps", caps_257, 1, ERIX_ERR_LIMIT},
    {"257 deps", deps_257, 1, ERIX_ERR_LIMIT},
    {"33 drivers", drivers_33, 1, ERIX_ERR_LIMIT},
    {"cap_count ~0", counts_huge, 1, ERIX_ERR_LIMIT},
    {"service_offset misaligned", svc_off_4, 1, ERIX_ERR_ALIGNMENT},
    {"cap_offset misaligned", cap_off_1, 1, ERIX_ERR_ALIGNMENT},
    {"dep_offset misaligned", dep_off_2, 1, ERIX_ERR_ALIGNMENT},
    {"driver_offset misaligned", drv_off_4, 1, ERIX_ERR_ALIGNMENT},
    {"services inside the header", svc_in_header, 1, ERIX_ERR_OUT_OF_RANGE},
    {"services at offset 0", svc_at_zero, 1, ERIX_ERR_OUT_OF_RANGE},
    {"drivers past the end", drv_past_end, 1, ERIX_ERR_OUT_OF_RANGE},
    {"cap_offset near 4 GiB", cap_off_huge, 1, ERIX_ERR_OUT_OF_RANGE},
    {"service_count past the end", svc_count_past_end, 1, ERIX_ERR_OUT_OF_RANGE},
    {"an empty table past the end", empty_past_end, 1, ERIX_ERR_OUT_OF_RANGE},
    {"caps on the services", caps_on_services, 1, ERIX_ERR_OVERLAP},
    {"deps into the caps", deps_into_caps, 1, ERIX_ERR_OVERLAP},
    {"drivers on the deps", drivers_on_deps, 1, ERIX_ERR_OVERLAP},
    {"drivers inside the services", drivers_in_services, 1, ERIX_ERR_OVERLAP},
    {"services over the caps", services_over_caps, 1, ERIX_ERR_OVERLAP},
    {"profile empty", profile_empty, 1, ERIX_ERR_MALFORMED},
    {"profile upper case", profile_upper, 1, ERIX_ERR_MALFORMED},
    {"profile with a space", profile_space, 1, ERIX_ERR_MALFORMED},
    {"profile without NUL", profile_unpadded, 1, ERIX_ERR_MALFORMED},
    {"profile: a byte after the NUL", profile_hidden, 1, ERIX_ERR_MALFORMED},
};

/* --- services (rules 15..27) ------------------------------------------------------ */

#define SVC(i) (&c->svc[i])

static void role_empty(cfg_t *c) { tb_name(SVC(TB_MEMD)->role, ""); }
static void role_upper(cfg_t *c) { tb_name(SVC(TB_MEMD)->role, "Memd"); }
static void role_underscore(cfg_t *c) { tb_name(SVC(TB_MEMD)->role, "mem_d"); }
static void role_slash(cfg_t *c) { tb_name(SVC(TB_MEMD)->role, "mem/d"); }
static void role_unpadded(cfg_t *c) { memset(SVC(TB_MEMD)->role, 'm', 24); }
static void role_hidden(cfg_t *c) { SVC(TB_MEMD)->role[20] = 'x'; }
static void role_high_bit(cfg_t *c) { SVC(TB_MEMD)->role[1] = (char)0xe9; }
static void module_empty(cfg_t *c) { tb_name(SVC(TB_LOGD)->module, ""); }
static void module_dot(cfg_t *c) { tb_name(SVC(TB_LOGD)->module, "logd.elf"); }
static void module_unpadded(cfg_t *c) { memset(SVC(TB_LOGD)->module, 'l', 24); }
static void role_duplicate(cfg_t *c) { tb_name(SVC(TB_LOGD)->role, "memd"); }
static void role_duplicate_first(cfg_t *c) { tb_name(SVC(TB_MEMD)->role, "procd"); }
static void launch0(cfg_t *c) { SVC(TB_MEMD)->launch = 0; }
static void launch5(cfg_t *c) { SVC(TB_MEMD)->launch = 5; }
static void launch255(cfg_t *c) { SVC(TB_MEMD)->launch = 255; }
static void restart2(cfg_t *c) { SVC(TB_LOGD)->restart = 2; }
static void priority0(cfg_t *c) { SVC(TB_PROBE)->priority = 0; }
static void priority200(cfg_t *c) { SVC(TB_PROBE)->priority = 200; }
static void priority255(cfg_t *c) { SVC(TB_PROBE)->priority = 255; }
static void service_flags(cfg_t *c) { SVC(TB_MEMD)->flags = 1; }
static void service_reserved(cfg_t *c) { SVC(TB_MEMD)->reserved = 0x100; }
static void drv_role_staged(cfg_t *c)
{
    tb_name(SVC(TB_LOGD)->role, "drv-logd");
    tb_name(c->drv[0].consumer_role, "drv-logd");
}
static void drv_role_direct(cfg_t *c) { tb_name(SVC(TB_PROCD)->role, "drv-procd"); }
static void drv_role_spawn(cfg_t *c) { tb_name(SVC(TB_PROBE)->role, "drv-probe"); }
static void driver_without_prefix(cfg_t *c) { tb_name(SVC(TB_SERIAL)->role, "serial"); }
static void driver_short_prefix(cfg_t *c) { tb_name(SVC(TB_SERIAL)->role, "drv"); }
static void spawn_with_caps(cfg_t *c)
{
    SVC(TB_PROBE)->cap_count = 1; /* takes logd's only cap */
    SVC(TB_LOGD)->cap_count = 0;
}
static void restart_direct(cfg_t *c) { SVC(TB_PROCD)->restart = ERIX_RESTART_ALWAYS; }
static void restart_driver(cfg_t *c) { SVC(TB_SERIAL)->restart = ERIX_RESTART_ALWAYS; }
static void restart_spawn(cfg_t *c) { SVC(TB_PROBE)->restart = ERIX_RESTART_ALWAYS; }
static void restart_deviced(cfg_t *c) { SVC(TB_DEVICED)->restart = ERIX_RESTART_ALWAYS; }
static void cap_first_shifted(cfg_t *c) { SVC(TB_MEMD)->cap_first++; }
static void cap_ranges_overlap(cfg_t *c) { SVC(TB_MEMD)->cap_first = 0; }
static void cap_range_gap(cfg_t *c) { SVC(TB_PROCD)->cap_count--; }
static void cap_range_past_table(cfg_t *c) { SVC(TB_LOGD)->cap_count++; }
static void cap_count_huge(cfg_t *c) { SVC(TB_LOGD)->cap_count = 0xffff; }
static void cap_unowned(cfg_t *c) { c->cap[c->ncap++] = c->cap[0]; }
static void dep_first_shifted(cfg_t *c) { SVC(TB_DEVICED)->dep_first = 2; }
static void dep_ranges_overlap(cfg_t *c) { SVC(TB_LOGD)->dep_first = 0; }
static void dep_range_past_table(cfg_t *c) { SVC(TB_LOGD)->dep_count = 3; }
static void dep_first_huge(cfg_t *c) { SVC(TB_MEMD)->dep_first = 0xffff; }
static void dep_unowned(cfg_t *c) { c->dep[c->ndep++] = c->dep[0]; }

/* --- capabilities (rules 28..34) ----------------------------------------------------- */

#define CAP(i) (&c->cap[i])
/* Sample caps: procd 0..5 (family, procd endpoint, ready, untyped, vspace, image),
 * memd 6..7, deviced 8..11, drv-serial 12..13 (family, service endpoint), logd 14. */

static void source0(cfg_t *c) { CAP(2)->source = 0; }
static void source8(cfg_t *c) { CAP(2)->source = ERIX_SRC_COUNT; }
static void purpose0(cfg_t *c) { CAP(7)->purpose = 0; }
static void purpose_count(cfg_t *c) { CAP(7)->purpose = ERIX_PURPOSE_COUNT; }
static void rights0(cfg_t *c) { CAP(7)->rights = 0; }
static void rights20(cfg_t *c) { CAP(7)->rights = 0x20; }
static void rights_ff(cfg_t *c) { CAP(7)->rights = 0xff; }
static void cap_reserved0(cfg_t *c) { CAP(14)->reserved0 = 1; }
static void cap_reserved(cfg_t *c) { CAP(14)->reserved = 0x80000000u; }
static void family_generic(cfg_t *c) { CAP(0)->arg = ERIX_EP_GENERIC; }
static void family_root(cfg_t *c) { CAP(0)->arg = ERIX_EP_ROOT; }
static void family16(cfg_t *c) { CAP(0)->arg = ERIX_EP_KIND_COUNT; }
static void family_huge(cfg_t *c) { CAP(0)->arg = 0x10000007u; }
static void badge3(cfg_t *c) { CAP(1)->arg = 3; }
static void badge_event(cfg_t *c) { CAP(1)->arg = ERIX_PROCD_BADGE_EVENT; }
static void peer_past_table(cfg_t *c) { CAP(13)->arg = TB_SAMPLE_SERVICES; }
static void peer_huge(cfg_t *c) { CAP(13)->arg = ~0u; }
static void image_past_table(cfg_t *c) { CAP(5)->arg = TB_SAMPLE_SERVICES; }
static void untyped0(cfg_t *c) { CAP(3)->arg = 0; }
static void vspace_arg(cfg_t *c) { CAP(4)->arg = 1; }
static void ready_arg(cfg_t *c) { CAP(2)->arg = 2; }
static void slot0(cfg_t *c) { CAP(14)->dest_slot = 0; }
static void slot31(cfg_t *c) { CAP(14)->dest_slot = 31; }
static void slot16(cfg_t *c) { CAP(14)->dest_slot = ERIX_PROCD_CHILD_SERVICE_SLOT; }
static void slot4096(cfg_t *c) { CAP(14)->dest_slot = 4096; }
static void slot_huge(cfg_t *c) { CAP(14)->dest_slot = ~0u; }
static void slot_repeated(cfg_t *c) { CAP(5)->dest_slot = CAP(0)->dest_slot; }
static void slot_repeated_adjacent(cfg_t *c) { CAP(7)->dest_slot = CAP(6)->dest_slot; }

/* --- dependencies (rules 35..38) ----------------------------------------------------- */

/* Sample deps: memd 0 (procd), deviced 1..2 (procd, memd), drv-serial 3 (deviced),
 * phase0-probe 4 (procd), logd 5..6 (memd, deviced). */
static void dep_reserved(cfg_t *c) { c->dep[3].reserved = 1; }
static void dep_past_table(cfg_t *c) { c->dep[3].service = TB_SAMPLE_SERVICES; }
static void dep_ffff(cfg_t *c) { c->dep[3].service = 0xffff; }
static void dep_on_itself(cfg_t *c) { c->dep[3].service = TB_SERIAL; }
static void dep_on_itself_first(cfg_t *c) { c->dep[0].service = TB_MEMD; }
static void dep_twice(cfg_t *c) { c->dep[6].service = c->dep[5].service; }

/* --- drivers (rules 39..47) ---------------------------------------------------------- */

#define DRV (&c->drv[0])

static void driver_flags(cfg_t *c) { DRV->flags = 1; }
static void driver_reserved(cfg_t *c) { DRV->reserved = 1; }
static void driver_service_past_table(cfg_t *c) { DRV->service = TB_SAMPLE_SERVICES; }
static void driver_for_staged(cfg_t *c) { c->drv[c->ndrv++] = *DRV; c->drv[1].service = TB_LOGD; }
static void driver_for_probe(cfg_t *c) { DRV->service = TB_PROBE; }
static void driver_twice(cfg_t *c) { c->drv[c->ndrv++] = *DRV; }
static void match0(cfg_t *c) { DRV->match = 0; }
static void match4(cfg_t *c) { DRV->match = 4; }
static void platform_vendor(cfg_t *c) { DRV->vendor = 0x1af4; }
static void platform_device(cfg_t *c) { DRV->device = 1; }
static void fixture_class(cfg_t *c)
{
    DRV->match = ERIX_MATCH_FIXTURE;
    DRV->class_code = 0xffffffffu;
}
static void pci_class_25_bits(cfg_t *c)
{
    DRV->match = ERIX_MATCH_PCI;
    DRV->class_code = 0x1000000u;
}
static void pci_class_almost_any(cfg_t *c)
{
    DRV->match = ERIX_MATCH_PCI;
    DRV->class_code = 0xfffffffeu;
}
static void consumer_upper(cfg_t *c) { tb_name(DRV->consumer_role, "Logd"); }
static void consumer_unpadded(cfg_t *c) { memset(DRV->consumer_role, 'l', 24); }
static void consumer_hidden(cfg_t *c)
{
    memset(DRV->consumer_role, 0, 24);
    DRV->consumer_role[5] = 'x';
}
static void consumer_unknown(cfg_t *c) { tb_name(DRV->consumer_role, "seriald"); }
static void driver_row_missing(cfg_t *c) { c->ndrv = 0; }
static void second_driver_without_row(cfg_t *c)
{
    tb_service(c, "drv-fixture", "drv-fixture", ERIX_LAUNCH_DEVICED_DRIVER, 120);
}

static const struct cfg_case cfg_cases[] = {
    {"role empty", role_empty, ERIX_ERR_MALFORMED},
    {"role upper case", role_upper, ERIX_ERR_MALFORMED},
    {"role with _", role_underscore, ERIX_ERR_MALFORMED},
    {"role with /", role_slash, ERIX_ERR_MALFORMED},
    {"role without NUL", role_unpadded, ERIX_ERR_MALFORMED},
    {"role: a byte after the NUL", role_hidden, ERIX_ERR_MALFORMED},
    {"role with a byte >= 0x80", role_high_bit, ERIX_ERR_MALFORMED},
    {"module empty", module_empty, ERIX_ERR_MALFORMED},
    {"module with .", module_dot, ERIX_ERR_MALFORMED},
    {"module without NUL", module_unpadded, ERIX_ERR_MALFORMED},
    {"role used twice", role_duplicate, ERIX_ERR_EXISTS},
    {"role of service 0 again", role_duplicate_first, ERIX_ERR_EXISTS},
    {"launch 0", launch0, ERIX_ERR_INVALID_ARGUMENT},
    {"launch 5", launch5, ERIX_ERR_INVALID_ARGUMENT},
    {"launch 255", launch255, ERIX_ERR_INVALID_ARGUMENT},
    {"restart 2", restart2, ERIX_ERR_INVALID_ARGUMENT},
    {"priority 0", priority0, ERIX_ERR_INVALID_ARGUMENT},
    {"priority 200", priority200, ERIX_ERR_INVALID_ARGUMENT},
    {"priority 255", priority255, ERIX_ERR_INVALID_ARGUMENT},
    {"service flags", service_flags, ERIX_ERR_MALFORMED},
    {"service reserved", service_reserved, ERIX_ERR_MALFORMED},
    {"drv- role staged by procd", drv_role_staged, ERIX_ERR_DENIED},
    {"drv- role launched by rootd", drv_role_direct, ERIX_ERR_DENIED},
    {"drv- role spawned", drv_role_spawn, ERIX_ERR_DENIED},
    {"driver without drv-", driver_without_prefix, ERIX_ERR_DENIED},
    {"driver named drv", driver_short_prefix, ERIX_ERR_DENIED},
    {"spawned service with caps", spawn_with_caps, ERIX_ERR_DENIED},
    {"restart always for rootd-direct", restart_direct, ERIX_ERR_DENIED},
    {"restart always for a deviced driver", restart_driver, ERIX_ERR_DENIED},
    {"restart always for procd-spawn", restart_spawn, ERIX_ERR_DENIED},
    {"restart always for deviced", restart_deviced, ERIX_ERR_DENIED},
    {"cap_first shifted", cap_first_shifted, ERIX_ERR_MALFORMED},
    {"cap ranges overlap", cap_ranges_overlap, ERIX_ERR_MALFORMED},
    {"a gap between cap ranges", cap_range_gap, ERIX_ERR_MALFORMED},
    {"cap range past the table", cap_range_past_table, ERIX_ERR_OUT_OF_RANGE},
    {"cap_count 0xffff", cap_count_huge, ERIX_ERR_OUT_OF_RANGE},
    {"a cap no service owns", cap_unowned, ERIX_ERR_MALFORMED},
    {"dep_first shifted", dep_first_shifted, ERIX_ERR_MALFORMED},
    {"dep ranges overlap", dep_ranges_overlap, ERIX_ERR_MALFORMED},
    {"dep range past the table", dep_range_past_table, ERIX_ERR_OUT_OF_RANGE},
    {"dep_first 0xffff", dep_first_huge, ERIX_ERR_MALFORMED},
    {"a dep no service owns", dep_unowned, ERIX_ERR_MALFORMED},
    {"source 0", source0, ERIX_ERR_INVALID_ARGUMENT},
    {"source 8", source8, ERIX_ERR_INVALID_ARGUMENT},
    {"purpose 0", purpose0, ERIX_ERR_INVALID_ARGUMENT},
    {"purpose ERIX_PURPOSE_COUNT", purpose_count, ERIX_ERR_INVALID_ARGUMENT},
    {"rights 0", rights0, ERIX_ERR_INVALID_ARGUMENT},
    {"rights 0x20", rights20, ERIX_ERR_INVALID_ARGUMENT},
    {"rights 0xff", rights_ff, ERIX_ERR_INVALID_ARGUMENT},
    {"cap reserved0", cap_reserved0, ERIX_ERR_MALFORMED},
    {"cap reserved", cap_reserved, ERIX_ERR_MALFORMED},
    {"family GENERIC", family_generic, ERIX_ERR_INVALID_ARGUMENT},
    {"family ROOT", family_root, ERIX_ERR_INVALID_ARGUMENT},
    {"family 16", family16, ERIX_ERR_INVALID_ARGUMENT},
    {"family 0x10000007", family_huge, ERIX_ERR_INVALID_ARGUMENT},
    {"procd badge 3", badge3, ERIX_ERR_INVALID_ARGUMENT},
    {"procd badge EVENT", badge_event, ERIX_ERR_INVALID_ARGUMENT},
    {"service endpoint past the table", peer_past_table, ERIX_ERR_OUT_OF_RANGE},
    {"service endpoint ~0", peer_huge, ERIX_ERR_OUT_OF_RANGE},
    {"image past the table", image_past_table, ERIX_ERR_OUT_OF_RANGE},
    {"untyped 0 pages", untyped0, ERIX_ERR_INVALID_ARGUMENT},
    {"self-vspace with an arg", vspace_arg, ERIX_ERR_INVALID_ARGUMENT},
    {"rootd-ready with an arg", ready_arg, ERIX_ERR_INVALID_ARGUMENT},
    {"slot 0", slot0, ERIX_ERR_INVALID_SLOT},
    {"slot 31", slot31, ERIX_ERR_INVALID_SLOT},
    {"slot 16 (procd's own)", slot16, ERIX_ERR_INVALID_SLOT},
    {"slot 4096", slot4096, ERIX_ERR_INVALID_SLOT},
    {"slot ~0", slot_huge, ERIX_ERR_INVALID_SLOT},
    {"slot twice in one service", slot_repeated, ERIX_ERR_EXISTS},
    {"slot twice, adjacent", slot_repeated_adjacent, ERIX_ERR_EXISTS},
    {"dep reserved", dep_reserved, ERIX_ERR_MALFORMED},
    {"dep past the table", dep_past_table, ERIX_ERR_OUT_OF_RANGE},
    {"dep 0xffff", dep_ffff, ERIX_ERR_OUT_OF_RANGE},
    {"dep on itself", dep_on_itself, ERIX_ERR_MALFORMED},
    {"dep on itself, first dep", dep_on_itself_first, ERIX_ERR_MALFORMED},
    {"dep twice", dep_twice, ERIX_ERR_EXISTS},
    {"driver flags", driver_flags, ERIX_ERR_MALFORMED},
    {"driver reserved", driver_reserved, ERIX_ERR_MALFORMED},
    {"driver service past the table", driver_service_past_table, ERIX_ERR_OUT_OF_RANGE},
    {"driver row for a staged service", driver_for_staged, ERIX_ERR_DENIED},
    {"driver row for a spawned service", driver_for_probe, ERIX_ERR_DENIED},
    {"two driver rows for one service", driver_twice, ERIX_ERR_EXISTS},
    {"match 0", match0, ERIX_ERR_INVALID_ARGUMENT},
    {"match 4", match4, ERIX_ERR_INVALID_ARGUMENT},
    {"platform match with a vendor", platform_vendor, ERIX_ERR_INVALID_ARGUMENT},
    {"platform match with a device", platform_device, ERIX_ERR_INVALID_ARGUMENT},
    {"fixture match with a class", fixture_class, ERIX_ERR_INVALID_ARGUMENT},
    {"PCI class of 25 bits", pci_class_25_bits, ERIX_ERR_INVALID_ARGUMENT},
    {"PCI class 0xfffffffe", pci_class_almost_any, ERIX_ERR_INVALID_ARGUMENT},
    {"consumer upper case", consumer_upper, ERIX_ERR_MALFORMED},
    {"consumer without NUL", consumer_unpadded, ERIX_ERR_MALFORMED},
    {"consumer: bytes after an empty name", consumer_hidden, ERIX_ERR_MALFORMED},
    {"consumer not a configured role", consumer_unknown, ERIX_ERR_NOT_FOUND},
    {"driver service without a row", driver_row_missing, ERIX_ERR_NOT_FOUND},
    {"second driver service without a row", second_driver_without_row, ERIX_ERR_NOT_FOUND},
};

static void test_image_rules(void)
{
    for (size_t i = 0; i < sizeof img_cases / sizeof img_cases[0]; i++)
        run_img(&img_cases[i]);
}

static void test_config_rules(void)
{
    for (size_t i = 0; i < sizeof cfg_cases / sizeof cfg_cases[0]; i++)
        run_cfg(&cfg_cases[i]);
}

static void test_arguments(void)
{
    static cfg_t c;
    struct erix_bootcfg_view v;

    tb_sample(&c);
    size_t n = tb_emit(&c, img, sizeof img);
    ERIX_CHECK_EQ(erix_bootcfg_parse(NULL, n, &v), ERIX_ERR_INVALID_ARGUMENT);
    ERIX_CHECK_EQ(erix_bootcfg_parse(img, n, NULL), ERIX_ERR_INVALID_ARGUMENT);
    expect_status("size 0", img, 0, ERIX_ERR_TRUNCATED);
}

/* A bigger-than-maximum module whose header agrees with it: refused by size. */
static void test_oversized_input(void)
{
    static cfg_t c;
    static uint8_t big[ERIX_BOOTCFG_MAX_SIZE + 8];

    tb_minimal(&c);
    tb_emit(&c, big, sizeof big);
    tb_put32(big, TB_OFF_TOTAL, sizeof big);
    tb_seal(big, sizeof big);
    expect_status("65544-byte module", big, sizeof big, ERIX_ERR_LIMIT);
    tb_put32(big, TB_OFF_TOTAL, ERIX_BOOTCFG_MAX_SIZE);
    tb_seal(big, ERIX_BOOTCFG_MAX_SIZE);
    expect_status("65536-byte module (tables anywhere inside)", big, ERIX_BOOTCFG_MAX_SIZE,
                  ERIX_OK);
}

/* Every length short of the image: refused as truncated, whatever the cut hits. */
static void test_every_truncation(void)
{
    static cfg_t c;
    void (*configs[])(cfg_t *) = {tb_sample, tb_minimal};

    for (size_t k = 0; k < 2; k++) {
        configs[k](&c);
        size_t n = tb_emit(&c, img, sizeof img);
        for (size_t len = 0; len < n; len++) {
            char name[64];
            snprintf(name, sizeof name, "truncated to %zu of %zu", len, n);
            expect_status(name, img, len, ERIX_ERR_TRUNCATED);
        }
        expect_status("whole", img, n, ERIX_OK);
    }
}

/* The content is checked before the alignment: a broken image reports its fault. */
static void test_unaligned(void)
{
    static cfg_t c;
    static _Alignas(8) uint8_t buf[TB_CAP + 8];
    struct erix_bootcfg_view v, canary;

    tb_sample(&c);
    for (size_t shift = 1; shift < 8; shift++) {
        size_t n = tb_emit(&c, buf + shift, sizeof buf - shift);
        memset(&canary, 0x5a, sizeof canary);
        v = canary;
        ERIX_CHECK_EQ(erix_bootcfg_parse(buf + shift, n, &v), ERIX_ERR_ALIGNMENT);
        ERIX_CHECK(memcmp(&v, &canary, sizeof v) == 0);
        buf[shift + 2] = 'x';
        ERIX_CHECK_EQ(erix_bootcfg_parse(buf + shift, n, &v), ERIX_ERR_MALFORMED);
        tb_seal(buf + shift, n);
        ERIX_CHECK_EQ(erix_bootcfg_parse(buf + shift, n, &v), ERIX_ERR_MALFORMED);
        tb_emit(&c, buf + shift, sizeof buf - shift);
        buf[shift + 80 + 49] = 0; /* procd's priority */
        tb_seal(buf + shift, n);
        ERIX_CHECK_EQ(erix_bootcfg_parse(buf + shift, n, &v), ERIX_ERR_INVALID_ARGUMENT);
        ERIX_CHECK(memcmp(&v, &canary, sizeof v) == 0);
    }
}

int main(void)
{
    ERIX_RUN(test_image_rules);
    ERIX_RUN(test_config_rules);
    ERIX_RUN(test_arguments);
    ERIX_RUN(test_oversized_input);
    ERIX_RUN(test_every_truncation);
    ERIX_RUN(test_unaligned);
    return erix_test_finish();
}
