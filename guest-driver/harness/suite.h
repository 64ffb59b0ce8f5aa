/* SPDX-License-Identifier: MIT */
/*
 * A suite is a table of tests run in order.  The index of a test in its
 * table is stable for a given image, so the runner can resume after a crash
 * with from=<index + 1>.  Each program defines its own struct fixture.
 */
#ifndef FAULTLINE_SUITE_H
#define FAULTLINE_SUITE_H

#include <stdbool.h>

struct fixture;

struct test {
	const char *name;	/* group.case, e.g. "framing.unknown_type" */
	const char *ids;	/* statement IDs, comma separated */
	void (*run)(struct fixture *fx);
};

struct suite_opts {
	unsigned int from;	/* 1-based index of the first test to run */
	const char *filter;	/* NULL: every test */
	bool list;
	bool probe;
	bool reboot;		/* reboot=on: the machine may reset (harness/reset.h) */
};

/* Parses from=N, filter=PAT, list, probe and reboot=on; ignores anything else. */
void suite_parse_args(int argc, char **argv, struct suite_opts *o);
/* Glob with * and ?, anchored at both ends. */
bool glob_match(const char *pat, const char *s);
/* "=NAME": exactly that name; else a glob if pat has a wildcard, else a
 * substring, against name or an ID. */
bool suite_matches(const struct test *t, const char *pat);

struct suite {
	const char *image;
	const struct test *tests;
	unsigned int count;
	/* Prints what is under test as diagnostics, after the TAP header. */
	void (*describe)(struct fixture *fx);
	/* Prints closing diagnostics after the last test (may be NULL). */
	void (*summary)(struct fixture *fx);
	/* Called before each selected test; false skips it (setup reported). */
	bool (*setup)(struct fixture *fx, const struct test *t);
	/* Called after each test that ran (may be NULL). */
	void (*after)(struct fixture *fx, const struct test *t);
	struct fixture *fx;
};

/*
 * Called by a setup that could not give the test a clean device: the test
 * and those after it run in a fresh VM.  The boot ends after
 * "# fresh-vm <index> <why>" (docs/guest-protocol.md).
 */
void suite_fresh_vm(const char *why);
/* After suite_main: the index the fresh VM starts from, 0 if none was asked. */
unsigned int suite_fresh_from(void);

/*
 * The index of the last test a boot with o runs (selected, and not deferred
 * to a boot of its own), 0 when none: printed as "# last-test <index>".
 */
unsigned int suite_last_test(const struct suite *s, const struct suite_opts *o);
/* Prints the header, runs or lists the selected tests; returns the exit code. */
int suite_main(const struct suite *s, const struct suite_opts *o);

#endif
