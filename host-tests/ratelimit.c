// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of ratelimit.h.  The kernel resets a window at the first call
 * once jiffies are past begin + interval (___ratelimit).  Two earlier
 * versions trusted the log's clock, one rebuilding each window, one bounding
 * by the events of the last 5.5 s of it; under load both let a fault's
 * record go unlogged: the kernel's windows were longer than the log's 5 s.
 */
#include <stdio.h>
#include <string.h>

#include "ratelimit.h"

/* The calls of N events, at most the burst. */
static unsigned int calls(const struct rl_event *ev, size_t n, unsigned int burst)
{
	unsigned int used = 0;

	for (size_t i = 0; i < n && used < burst; i++)
		used += ev[i].calls;
	return used < burst ? used : burst;
}

uint64_t rl_wait(const struct rl_event *ev, size_t n, struct rl_limit lim, uint64_t now,
		 unsigned int need)
{
	uint64_t span = lim.interval + lim.margin, t = now;
	size_t i = 0;

	for (;;) {
		/* At time t a window in force began after t - span: older events do not count. */
		while (i < n && ev[i].t + span < t)
			i++;
		if (i == n || calls(ev + i, n - i, lim.burst) + need <= lim.burst)
			return t - now;
		t = ev[i].t + span + 1;	/* when the oldest one counted ages out */
	}
}

bool rl_to_ticks(struct rl_event *ev, size_t n, const struct rl_mark *mk, size_t m)
{
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		while (j < m && mk[j].us < ev[i].t)
			j++;
		if (j == m)
			return false;
		ev[i].t = mk[j].ticks;
	}
	return true;
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

bool kmsg_mark(const char *rec, struct rl_mark *mk)
{
	const char *at = strstr(rec, ";" RL_MARK);
	unsigned long long ticks;

	if (!at || kmsg_record_us(rec, &mk->us) < 0 ||
	    sscanf(at + 1 + strlen(RL_MARK), "%llu", &ticks) != 1)
		return false;
	mk->ticks = ticks;
	return true;
}

size_t dmar_event(const char *rec, struct rl_event *ev, size_t n, size_t max)
{
	uint64_t us;

	if (kmsg_record_us(rec, &us) < 0)
		return n;
	if (strstr(rec, "DRHD: handling fault status reg")) {
		if (n < max)
			ev[n] = (struct rl_event){ .t = us, .calls = 2 };
		return n + 1;
	}
	if (n > 0 && n <= max && strstr(rec, "Request device ["))
		ev[n - 1].calls++;
	return n;
}
