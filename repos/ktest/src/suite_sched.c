/* suite_sched.c - placeholder */
#include "suite.h"

static bool nothing(void)
{
    return true;
}

static const struct suite_test tests[] = {
    {"sched.placeholder", nothing},
};

SUITE_GROUP(group_sched, tests);
