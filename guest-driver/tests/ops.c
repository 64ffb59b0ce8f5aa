// SPDX-License-Identifier: MIT
/* (to be written) */
#include "tests/env.h"

const struct test ops_tests[] = {};
const unsigned int ops_count = 0;
