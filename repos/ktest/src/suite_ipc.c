/* suite_ipc.c - placeholder */
#include "suite.h"

static bool nothing(void)
{
    return true;
}

static const struct suite_test tests[] = {
    {"ipc.placeholder", nothing},
};

SUITE_GROUP(group_ipc, tests);
