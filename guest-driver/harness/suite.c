// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness/reset.h"
#include "harness/suite.h"
#include "harness/tap.h"

#ifndef FAULTLINE_VERSION
#define FAULTLINE_VERSION "dev"
#endif

void suite_parse_args(int argc, char **argv, struct suite_opts *o)
{
	*o = (struct suite_opts){ .from = 1 };
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strncmp(a, "from=", 5))
			o->from = (unsigned int)strtoul(a + 5, NULL, 10);
		else if (!strncmp(a, "filter=", 7) && a[7])
			o->filter = a + 7;
		else if (!strcmp(a, "list"))
			o->list = true;
		else if (!strcmp(a, "probe"))
			o->probe = true;
		else if (!strcmp(a, "reboot=on"))
			o->reboot = true;
	}
}

bool glob_match(const char *pat, const char *s)
{
	const char *star = NULL, *retry = NULL;

	while (*s) {
		if (*pat == '*') {
			star = ++pat;
			retry = s;
		} else if (*pat == '?' || *pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star;
			s = ++retry;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

static bool match_one(const char *pat, const char *s, bool glob)
{
	return glob ? glob_match(pat, s) : strstr(s, pat) != NULL;
}

bool suite_matches(const struct test *t, const char *pat)
{
	bool glob = strchr(pat, '*') || strchr(pat, '?');

	/* "=NAME": that test alone, by its exact name. */
	if (pat[0] == '=')
		return !strcmp(t->name, pat + 1);
	const char *p = t->ids;
	char id[32];

	if (match_one(pat, t->name, glob))
		return true;
	while (p && *p) {
		size_t len = 0;

		while (p[len] && p[len] != ',')
			len++;
		if (len < sizeof(id)) {
			memcpy(id, p, len);
			id[len] = '\0';
			if (match_one(pat, id, glob))
				return true;
		}
		p += len + (p[len] == ',');
	}
	return false;
}

static const char *fresh_why;
static unsigned int fresh_from;

void suite_fresh_vm(const char *why)
{
	fresh_why = why;
}

unsigned int suite_fresh_from(void)
{
	return fresh_from;
}

static bool selected(const struct test *t, unsigned int index, const struct suite_opts *o)
{
	return index >= o->from && (!o->filter || suite_matches(t, o->filter));
}

/* Whether a boot with o runs t (index i): selected, and not deferred. */
static bool runs(const struct test *t, unsigned int i, const struct suite_opts *o)
{
	return selected(t, i, o) && (!suite_needs_reset(t) || o->reboot);
}

/*
 * next_runnable: after the test at index FROM asked for a fresh VM, the index
 * of the next test a boot would run; 0 when none is left: no VM booted for
 * nothing.
 */
static unsigned int next_runnable(const struct suite *s, unsigned int from, const struct suite_opts *o)
{
	for (unsigned int i = from; i < s->count; i++)
		if (runs(&s->tests[i], i + 1, o))
			return i + 1;
	return 0;
}

/* The index this boot starts from: from=, or the test a machine reset resumes. */
static unsigned int first_index(const struct suite_opts *o)
{
	unsigned int from = o->from ? o->from : 1;

	return suite_resuming() > from ? suite_resuming() : from;
}

unsigned int suite_last_test(const struct suite *s, const struct suite_opts *o)
{
	unsigned int last = 0;

	for (unsigned int i = first_index(o); i <= s->count; i++)
		if (runs(&s->tests[i - 1], i, o))
			last = i;
	return last;
}

/*
 * Before the first test: the tests this boot defers (the runner boots each on
 * its own, where the machine may reset), then the last test it runs, so that
 * after a crash the runner knows whether a fresh VM would run anything.
 */
static void announce(const struct suite *s, const struct suite_opts *o)
{
	for (unsigned int i = first_index(o); i <= s->count; i++) {
		const struct test *t = &s->tests[i - 1];

		if (selected(t, i, o) && !runs(t, i, o))
			printf("# deferred %u %s\n", i, t->name);
	}
	printf("# last-test %u\n", suite_last_test(s, o));
}

/* ask_fresh_vm FROM: the boot ends; the runner goes on from FROM in a fresh VM. */
static void ask_fresh_vm(unsigned int from)
{
	fresh_from = from;
	if (from)
		printf("# fresh-vm %u %s\n", from, fresh_why);
}

int suite_main(const struct suite *s, const struct suite_opts *o)
{
	fresh_from = 0;
	tap_header(s->image, FAULTLINE_VERSION);
	if (o->probe) {
		printf("faultline-probe ok\n");
		return 0;
	}
	if (!o->list)
		suite_resume_begin(o);
	if (s->describe && !o->list)
		s->describe(s->fx);
	if (!o->list)
		announce(s, o);
	for (unsigned int i = 0; i < s->count; i++) {
		const struct test *t = &s->tests[i];

		if (!selected(t, i + 1, o) || i + 1 < suite_resuming())
			continue;
		if (o->list) {
			printf("# list %u %s [%s]\n", i + 1, t->name, t->ids);
			continue;
		}
		/* Deferred: announced before the first test. */
		if (suite_needs_reset(t) && !o->reboot)
			continue;
		suite_resume_enter(i + 1);
		tap_test_start(i + 1, t->name, t->ids);
		fresh_why = NULL;
		if (!s->setup || s->setup(s->fx, t)) {
			t->run(s->fx);
			if (s->after)
				s->after(s->fx, t);
			/* The test's own reset could not be made clean: the next test. */
			if (fresh_why) {
				ask_fresh_vm(next_runnable(s, i + 1, o));
				break;
			}
		} else if (fresh_why) {
			ask_fresh_vm(i + 1);
			break;
		}
	}
	if (o->list)
		return 0;
	if (s->summary)
		s->summary(s->fx);
	tap_done();
	return tap_exit_code();
}
