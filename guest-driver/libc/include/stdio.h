/* SPDX-License-Identifier: MIT */
/* printf family on the guest console.  Conversions: d i u x X p s c %;
 * flags - 0 #; width and precision (also *); length hh h l ll z j t. */
#ifndef FAULTLINE_STDIO_H
#define FAULTLINE_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

#define __printf(f, a) __attribute__((format(printf, f, a)))

int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list ap) __printf(1, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__printf(3, 0);
int putchar(int c);
int puts(const char *s);

#endif
