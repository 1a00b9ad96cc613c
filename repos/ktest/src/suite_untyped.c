/* suite_untyped.c - placeholder */
#include "suite.h"

static bool nothing(void)
{
    return true;
}

static const struct suite_test tests[] = {
    {"untyped.placeholder", nothing},
};

SUITE_GROUP(group_untyped, tests);
