/* suite_families.c - placeholder */
#include "suite.h"

static bool nothing(void)
{
    return true;
}

static const struct suite_test tests[] = {
    {"families.placeholder", nothing},
};

SUITE_GROUP(group_families, tests);
