// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of ratelimit.h.  The kernel resets a window at the first call
 * once jiffies are past begin + interval (___ratelimit).
 */
#include <stdio.h>
#include <string.h>

#include "ratelimit.h"

uint64_t rl_wait_us(const struct rl_event *ev, size_t n, struct rl_limit lim, uint64_t now_us,
		    unsigned int need)
{
	uint64_t begin = 0, end;
	unsigned int used = 0;
	int open = 0;

	for (size_t i = 0; i < n; i++) {
		if (!open || ev[i].us - begin > lim.interval_us) {
			begin = ev[i].us;
			used = 0;
			open = 1;
		}
		used += ev[i].calls;
		if (used > lim.burst)
			used = lim.burst;
	}
	end = begin + lim.interval_us + lim.margin_us;
	if (!open || now_us > end || used + need <= lim.burst)
		return 0;
	return end - now_us;
}

int kmsg_record_us(const char *rec, uint64_t *us)
{
	unsigned long long seq, t;
	int prio;

	if (sscanf(rec, "%d,%llu,%llu", &prio, &seq, &t) != 3)
		return -1;
	*us = t;
	return 0;
}

size_t dmar_event(const char *rec, struct rl_event *ev, size_t n, size_t max)
{
	uint64_t us;

	if (kmsg_record_us(rec, &us) < 0)
		return n;
	if (strstr(rec, "DRHD: handling fault status reg")) {
		if (n < max)
			ev[n] = (struct rl_event){ .us = us, .calls = 2 };
		return n + 1;
	}
	if (n > 0 && n <= max && strstr(rec, "Request device ["))
		ev[n - 1].calls++;
	return n;
}
