/* SPDX-License-Identifier: MIT */
/*
 * Verdicts by the strength of the statement checked: a MUST violated fails,
 * a SHOULD violated warns, an outcome the spec leaves open (MAY, or no
 * status specified) is recorded, a descriptive statement contradicted warns.
 * Every check names its statement IDs; diagnostics say sent, expected and
 * observed so a CI log is actionable without a rerun.
 */
#ifndef FAULTLINE_CHECK_H
#define FAULTLINE_CHECK_H

#include <stdbool.h>
#include <stdint.h>

enum level { MUST, SHOULD, DESCR };

struct check {
	enum level level;
	const char *ids;
	char desc[160];
	char sent[192];
	char expected[128];
	char observed[192];
};

/* Formatting helpers: each fills one field of the check. */
void check_desc(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void check_sent(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void check_expected(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void check_observed(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the verdict line for `pass` and, unless it passed, the diagnostics. */
bool check_end(struct check *c, bool pass);

/* A condition, with what was expected and what was seen. */
bool check_that(enum level level, const char *ids, bool pass, const char *desc,
		const char *expected, const char *observed_fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* An outcome the spec leaves open: recorded, never a verdict. */
void record(const char *ids, const char *desc, const char *observed_fmt, ...)
	__attribute__((format(printf, 3, 4)));
void skip(const char *ids, const char *desc, const char *reason_fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A check line that failed for a reason outside the device (setup). */
void fail_setup(const char *ids, const char *desc, const char *why_fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
