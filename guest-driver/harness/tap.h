/* SPDX-License-Identifier: MIT */
/*
 * TAP 13 output.  Lines are numbered from 1 per program run; the runner
 * renumbers them across boots.  See docs/guest-protocol.md.
 */
#ifndef FAULTLINE_TAP_H
#define FAULTLINE_TAP_H

#include <stdbool.h>

enum tap_directive { TAP_NONE, TAP_SKIP, TAP_WARN, TAP_INFO };

struct tap_counts {
	unsigned int total, failed, skipped, warned, info;
};

void tap_header(const char *image, const char *version);
/* "ok N - desc [ids] # DIRECTIVE text"; ids and text may be NULL. */
void tap_line(bool ok, const char *desc, const char *ids, enum tap_directive d,
	      const char *text);
/* "#   text" diagnostic, one per line of text. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "# test <index> <name> [ids]" marker before each test (ids may be NULL). */
void tap_test_start(unsigned int index, const char *name, const char *ids);
/* "# done" and the plan. */
void tap_done(void);
void tap_bail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct tap_counts tap_counts(void);
/* Counts carried over from before a system reset (harness/reset.c). */
void tap_restore(struct tap_counts c);
/* 0 when nothing failed, else 1: the program's exit code. */
int tap_exit_code(void);
/* Starts counting afresh (for the unit tests). */
void tap_reset(void);

#endif
