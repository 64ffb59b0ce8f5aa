// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include "harness/check.h"
#include "harness/tap.h"

#define FILL(field, fmt) do {						\
		va_list ap;						\
		va_start(ap, fmt);					\
		vsnprintf(c->field, sizeof(c->field), fmt, ap);		\
		va_end(ap);						\
	} while (0)

void check_desc(struct check *c, const char *fmt, ...) { FILL(desc, fmt); }
void check_sent(struct check *c, const char *fmt, ...) { FILL(sent, fmt); }
void check_expected(struct check *c, const char *fmt, ...) { FILL(expected, fmt); }
void check_observed(struct check *c, const char *fmt, ...) { FILL(observed, fmt); }

static void diagnose(const struct check *c)
{
	if (c->sent[0])
		tap_diag("sent: %s", c->sent);
	if (c->expected[0])
		tap_diag("expected: %s", c->expected);
	if (c->observed[0])
		tap_diag("observed: %s", c->observed);
}

bool check_end(struct check *c, bool pass)
{
	char text[400];

	if (pass) {
		tap_line(true, c->desc, c->ids, TAP_NONE, NULL);
		return true;
	}
	if (c->level == MUST) {
		tap_line(false, c->desc, c->ids, TAP_NONE, NULL);
		diagnose(c);
		return false;
	}
	snprintf(text, sizeof(text), "observed %s, expected %s%s", c->observed, c->expected,
		 c->level == DESCR ? " (descriptive statement)" : "");
	tap_line(true, c->desc, c->ids, TAP_WARN, text);
	if (c->sent[0])
		tap_diag("sent: %s", c->sent);
	return false;
}

bool check_that(enum level level, const char *ids, bool pass, const char *desc,
		const char *expected, const char *observed_fmt, ...)
{
	struct check c = { .level = level, .ids = ids };
	va_list ap;

	check_desc(&c, "%s", desc);
	check_expected(&c, "%s", expected);
	va_start(ap, observed_fmt);
	vsnprintf(c.observed, sizeof(c.observed), observed_fmt, ap);
	va_end(ap);
	return check_end(&c, pass);
}

void record(const char *ids, const char *desc, const char *observed_fmt, ...)
{
	char text[200] = "observed ";
	va_list ap;

	va_start(ap, observed_fmt);
	vsnprintf(text + 9, sizeof(text) - 9, observed_fmt, ap);
	va_end(ap);
	tap_line(true, desc, ids, TAP_INFO, text);
}

void skip(const char *ids, const char *desc, const char *reason_fmt, ...)
{
	char text[200];
	va_list ap;

	va_start(ap, reason_fmt);
	vsnprintf(text, sizeof(text), reason_fmt, ap);
	va_end(ap);
	tap_line(true, desc, ids, TAP_SKIP, text);
}

void fail_setup(const char *ids, const char *desc, const char *why_fmt, ...)
{
	char text[200];
	va_list ap;

	va_start(ap, why_fmt);
	vsnprintf(text, sizeof(text), why_fmt, ap);
	va_end(ap);
	tap_line(false, desc, ids, TAP_NONE, NULL);
	tap_diag("setup failed: %s", text);
}
