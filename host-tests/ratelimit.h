/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How long until a kernel ratelimit state (lib/ratelimit.c) lets calls
 * through, from the log of those it let through: a window begins at the
 * first call after the last one ended (interval jiffies later) and allows
 * burst calls.  The log's clock is not jiffies: under TCG on a loaded machine
 * jiffies fell 5.7 s behind it in 21 s.  So the log carries marks of jiffies
 * (times(2)'s clock ticks), and an event counts at the jiffies of the first
 * mark after it, the latest its own can be.  Pure: tests in check/unit.
 */
#ifndef FAULTLINE_RATELIMIT_H
#define FAULTLINE_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The text of a mark: "faultline: jiffies <clock ticks>". */
#define RL_MARK "faultline: jiffies "

/* One burst of calls at one time (the log's microseconds, then ticks). */
struct rl_event {
	uint64_t t;
	unsigned int calls;
};

/* A mark: the log's microseconds and the clock ticks written in it. */
struct rl_mark {
	uint64_t us, ticks;
};

/* In ticks; the margin covers their rounding from jiffies. */
struct rl_limit {
	uint64_t interval, margin;
	unsigned int burst;
};

/* rl_wait EVENTS N LIMIT NOW NEED: how long to wait from NOW until NEED calls
 * in a row are surely allowed, given every EVENT so far that had a call
 * allowed (in time order, in ticks): a window still in force began less than
 * interval + margin ago, so it let through at most the calls of the events
 * since then; 0 when those leave room for NEED. */
uint64_t rl_wait(const struct rl_event *ev, size_t n, struct rl_limit lim, uint64_t now,
		 unsigned int need);

/* rl_to_ticks EVENTS N MARKS M: each event's time from the log's microseconds
 * to the ticks of the first mark at or after it; false when one has none. */
bool rl_to_ticks(struct rl_event *ev, size_t n, const struct rl_mark *mk, size_t m);

/* kmsg_record_us RECORD US: the log-clock time of a /dev/kmsg record
 * ("prio,seq,us,flags;message"); -1 when RECORD is not one. */
int kmsg_record_us(const char *rec, uint64_t *us);

/* kmsg_mark RECORD MARK: whether RECORD is a mark, and what it says. */
bool kmsg_mark(const char *rec, struct rl_mark *mk);

/* dmar_event RECORD EV N MAX: adds a /dev/kmsg record to the N events of
 * VT-d's dmar_fault in EV and returns their new count (past MAX: not stored).
 * Each "DRHD: handling fault status reg" is a fault interrupt, which spends
 * one call on that line, one on each fault record it prints ("Request device
 * [..."), and one on its loop's last turn, which finds none. */
size_t dmar_event(const char *rec, struct rl_event *ev, size_t n, size_t max);

#endif
