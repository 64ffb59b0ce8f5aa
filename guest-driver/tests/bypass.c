// SPDX-License-Identifier: MIT
/* (to be written) */
#include "tests/env.h"

const struct test bypass_tests[] = {};
const unsigned int bypass_count = 0;
