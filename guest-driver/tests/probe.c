// SPDX-License-Identifier: MIT
/* (to be written) */
#include "tests/env.h"

const struct test probe_tests[] = {};
const unsigned int probe_count = 0;
