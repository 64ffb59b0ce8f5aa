// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <faultline/rt.h>
#include "harness/tap.h"

static struct tap_counts counts;

static void put(const char *s)
{
	rt_write(s, strlen(s));
}

void tap_reset(void)
{
	counts = (struct tap_counts){ 0 };
}

void tap_header(const char *image, const char *version)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "TAP version 13\n# faultline %s %s\n", image, version);
	put(buf);
}

static const char *directive_name(enum tap_directive d)
{
	switch (d) {
	case TAP_SKIP: return "SKIP";
	case TAP_WARN: return "WARN";
	case TAP_INFO: return "INFO";
	case TAP_NONE: break;
	}
	return "";
}

void tap_line(bool ok, const char *desc, const char *ids, enum tap_directive d,
	      const char *text)
{
	char buf[512];
	int n;

	counts.total++;
	counts.failed += !ok;
	counts.skipped += d == TAP_SKIP;
	counts.warned += d == TAP_WARN;
	counts.info += d == TAP_INFO;
	n = snprintf(buf, sizeof(buf), "%s %u - %s", ok ? "ok" : "not ok", counts.total, desc);
	if (ids && *ids && n < (int)sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - n, " [%s]", ids);
	if (d != TAP_NONE && n < (int)sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - n, " # %s%s%s", directive_name(d),
			      text && *text ? " " : "", text ? text : "");
	if (n >= (int)sizeof(buf) - 1)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	rt_write(buf, n);
}

/* Each line of the text becomes its own "#   " line, so TAP stays valid. */
static void diag_text(const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);

		put("#   ");
		rt_write(text, len);
		put("\n");
		text += len + (nl != NULL);
	}
}

void tap_diag(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	diag_text(buf);
}

void tap_test_start(unsigned int index, const char *name, const char *ids)
{
	char buf[200];

	if (ids && *ids)
		snprintf(buf, sizeof(buf), "# test %u %s [%s]\n", index, name, ids);
	else
		snprintf(buf, sizeof(buf), "# test %u %s\n", index, name);
	put(buf);
}

void tap_done(void)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "# done\n1..%u\n", counts.total);
	put(buf);
}

void tap_bail(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put("Bail out! ");
	put(buf);
	put("\n");
}

struct tap_counts tap_counts(void)
{
	return counts;
}

void tap_restore(struct tap_counts c)
{
	counts = c;
}

int tap_exit_code(void)
{
	return counts.failed ? 1 : 0;
}
