// SPDX-License-Identifier: MIT
/* (to be written) */
#include "tests/env.h"

const struct test descriptors_tests[] = {};
const unsigned int descriptors_count = 0;
