/* suite_process.c - placeholder */
#include "suite.h"

static bool nothing(void)
{
    return true;
}

static const struct suite_test tests[] = {
    {"process.placeholder", nothing},
};

SUITE_GROUP(group_process, tests);
