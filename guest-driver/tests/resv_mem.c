// SPDX-License-Identifier: MIT
/* (to be written) */
#include "tests/env.h"

const struct test resv_mem_tests[] = {};
const unsigned int resv_mem_count = 0;
