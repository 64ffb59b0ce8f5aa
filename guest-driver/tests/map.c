// SPDX-License-Identifier: MIT
/* (to be written) */
#include "tests/env.h"

const struct test map_tests[] = {};
const unsigned int map_count = 0;
