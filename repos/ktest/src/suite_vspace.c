/* suite_vspace.c - placeholder */
#include "suite.h"

static bool nothing(void)
{
    return true;
}

static const struct suite_test tests[] = {
    {"vspace.placeholder", nothing},
};

SUITE_GROUP(group_vspace, tests);
