// SPDX-License-Identifier: MIT
/* (to be written) */
#include "tests/env.h"

const struct test unmap_tests[] = {};
const unsigned int unmap_count = 0;
