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

#define STREAM_MAX_ROWS 20

struct stream {
	struct state st;
	struct ram ram;
	struct verdict v[STREAM_MAX_ROWS];
	size_t nv;
};

void checks_init(struct stream *s);
void checks_event(struct stream *s, const struct event *ev);
/* Rules judged once the stream has ended (e.g. what never happened). */
void checks_finish(struct stream *s);

#endif
