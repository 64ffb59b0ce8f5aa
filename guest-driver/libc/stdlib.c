// SPDX-License-Identifier: MIT
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <faultline/rt.h>
#include <asm/platform.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Base 0 picks 16 for "0x", 8 for a leading 0, else 10.  Saturates. */
unsigned long long strtoull(const char *s, char **end, int base)
{
	const char *p = s;
	unsigned long long v = 0;
	bool neg = false, any = false, over = false;
	int d;

	if (base < 0 || base == 1 || base > 36) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	for (; (d = digit_value(*p)) < base; p++, any = true) {
		if (v > (~0ull - d) / base)
			over = true;
		v = v * base + d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (over)
		return ~0ull;
	return neg ? -v : v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return strtoull(s, end, base);
}

_Noreturn void abort(void)
{
	console_line_start();
	printf("Bail out! abort\n");
	rt_exit(2);
}

_Noreturn void __assert_fail(const char *expr, const char *file, int line)
{
	console_line_start();
	printf("Bail out! assertion failed: %s at %s:%d\n", expr, file, line);
	rt_exit(2);
}
