// SPDX-License-Identifier: MIT
/* (to be written) */
#include "tests/env.h"

const struct test detach_tests[] = {};
const unsigned int detach_count = 0;
