/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The window of a kernel ratelimit state (lib/ratelimit.c), rebuilt from the
 * log it let through: a window begins at the first call after the last one
 * ended (interval later) and allows burst calls.  Pure: tests in check/unit.
 */
#ifndef FAULTLINE_RATELIMIT_H
#define FAULTLINE_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

/* One burst of calls at one time (microseconds of the kernel's log clock). */
struct rl_event {
	uint64_t us;
	unsigned int calls;
};

/* The kernel compares jiffies, the log has its own clock: a window counts as
 * over MARGIN after its interval. */
struct rl_limit {
	uint64_t interval_us, margin_us;
	unsigned int burst;
};

/* rl_wait_us EVENTS N LIMIT NOW_US NEED: how long to wait from NOW_US until
 * NEED calls in a row are allowed, given every EVENT so far that had a call
 * allowed (in time order): 0 when the current window has room for them or
 * is over. */
uint64_t rl_wait_us(const struct rl_event *ev, size_t n, struct rl_limit lim, uint64_t now_us,
		    unsigned int need);

/* kmsg_record_us RECORD US: the log-clock time of a /dev/kmsg record
 * ("prio,seq,us,flags;message"); -1 when RECORD is not one. */
int kmsg_record_us(const char *rec, uint64_t *us);

/* dmar_event RECORD EV N MAX: adds a /dev/kmsg record to the N events of
 * VT-d's dmar_fault in EV and returns their new count (past MAX: not stored).
 * Each "DRHD: handling fault status reg" is a fault interrupt, which spends
 * one call on that line, one on each fault record it prints ("Request device
 * [..."), and one on its loop's last turn, which finds none. */
size_t dmar_event(const char *rec, struct rl_event *ev, size_t n, size_t max);

#endif
