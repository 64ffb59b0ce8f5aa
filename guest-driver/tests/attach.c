// SPDX-License-Identifier: MIT
/* (to be written) */
#include "tests/env.h"

const struct test attach_tests[] = {};
const unsigned int attach_count = 0;
