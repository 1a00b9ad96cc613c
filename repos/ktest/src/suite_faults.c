/* suite_faults.c - placeholder */
#include "suite.h"

static bool nothing(void)
{
    return true;
}

static const struct suite_test tests[] = {
    {"faults.placeholder", nothing},
};

SUITE_GROUP(group_faults, tests);
