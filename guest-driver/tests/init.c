// SPDX-License-Identifier: MIT
/* (to be written) */
#include "tests/env.h"

const struct test init_tests[] = {};
const unsigned int init_count = 0;
