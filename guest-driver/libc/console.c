// SPDX-License-Identifier: MIT
/*
 * rt_write() and console_line_start() over the architecture's one-byte
 * console_put() (<asm/platform.h>): "\n" goes out as "\r\n", and whether a
 * line is open is known here, once for every architecture.
 */
#include <stdbool.h>
#include <faultline/rt.h>
#include <asm/platform.h>

static bool mid_line;

void rt_write(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			console_put('\r');
		console_put(s[i]);
		mid_line = s[i] != '\n';
	}
}

void console_line_start(void)
{
	if (mid_line)
		rt_write("\n", 1);
}
