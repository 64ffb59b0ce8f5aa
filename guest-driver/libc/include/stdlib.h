/* SPDX-License-Identifier: MIT */
#ifndef FAULTLINE_STDLIB_H
#define FAULTLINE_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
/* Prints "Bail out! abort" and exits with code 2. */
_Noreturn void abort(void);

#endif
