/* SPDX-License-Identifier: MIT */
/*
 * The DRV statements the request stream shows, one row each.  A row counts
 * the requests it applied to and keeps the first that broke it, with what
 * was sent and what the statement expects.
 */
#ifndef FAULTLINE_DRIVER_STREAM_CHECKS_H
#define FAULTLINE_DRIVER_STREAM_CHECKS_H

#include "state.h"
#include "stream.h"

enum level { L_MUST, L_SHOULD, L_MAY };

struct verdict {
	const char *id;
	enum level level;
	const char *desc;	/* what holds, in the spec's words */
	const char *what;	/* what it applies to, plural: "MAPs" */
	unsigned long applied, broken;
	unsigned int first_line;	/* of the first break */
	char sent[160], expected[120];
};

/* Guest RAM as the VM was given it, for the memory-type rules. */
struct ram {
	struct range r[4];
	size_t n;
};

#define STREAM_MAX_ROWS 24

/* A reboot: QEMU's system reset after the driver's first requests in one
 * trace file (one QEMU process; the reset that starts a file is no reboot). */
struct reboot {
	size_t row;		/* the first of its rows in v */
	bool active;		/* the driver sent requests in this file */
	bool after;		/* a reboot came before, in this file */
	bool probed, attached;	/* in the boot since the last system reset */
};

struct stream {
	struct state st;
	struct ram ram;
	struct verdict v[STREAM_MAX_ROWS];
	size_t nv;
	struct reboot rb;
};

/* Counts one application of a row; on a break keeps the first one's text. */
void checks_judge(struct verdict *v, bool ok, unsigned int line, const char *expected,
		  const char *sent_fmt, ...) __attribute__((format(printf, 5, 6)));
void checks_init(struct stream *s);
void checks_event(struct stream *s, const struct event *ev);
/* The end of one trace file (one QEMU process): a reboot never spans two. */
void checks_file_end(struct stream *s);
/* Rules judged once the stream has ended (e.g. what never happened). */
void checks_finish(struct stream *s);

#endif
