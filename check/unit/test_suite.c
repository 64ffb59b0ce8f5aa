// SPDX-License-Identifier: MIT
/* Test selection: glob, filter by name or statement ID, from=, arguments. */
#include <string.h>
#include "host_rt.h"
#include "harness/suite.h"
#include "harness/tap.h"
#include "ut.h"

static const struct { const char *pat, *s; bool match; } globs[] = {
	{ "*", "", true },
	{ "attach*", "attach.reserved", true },
	{ "*reserved", "attach.reserved", true },
	{ "a?tach.*", "attach.x", true },
	{ "*.map*", "unmap.split", false },
	{ "DEV-ATT-?", "DEV-ATT-10", false },
	{ "*a*b*c", "aXbYc", true },
	{ "abc", "abcd", false },
};

static void glob(void)
{
	for (unsigned int i = 0; i < sizeof(globs) / sizeof(globs[0]); i++)
		UT_CHECK(glob_match(globs[i].pat, globs[i].s) == globs[i].match,
			 "suite: glob \"%s\" %s \"%s\"", globs[i].pat,
			 globs[i].match ? "matches" : "does not match", globs[i].s);
}

static unsigned int ran;

static void mark(struct fixture *e)
{
	(void)e;
	ran = ran * 10 + 1;
}

static void mark2(struct fixture *e)
{
	(void)e;
	ran = ran * 10 + 2;
}

static void mark3(struct fixture *e)
{
	(void)e;
	ran = ran * 10 + 3;
}

static const struct test tests[] = {
	{ "attach.reserved", "DEV-ATT-1", mark },
	{ "map.overlap", "DEV-MAP-2,DEV-MAP-9", mark2 },
	{ "unmap.split", "DEV-UNMAP-4", mark3 },
};

static unsigned int run_with(const char *args)
{
	char buf[128], out[1024], *argv[8];
	int argc = 0;
	struct suite_opts o;
	struct suite s = { .image = "unit", .tests = tests, .count = 3 };

	strcpy(buf, args);
	for (char *p = strtok(buf, " "); p && argc < 8; p = strtok(NULL, " "))
		argv[argc++] = p;
	suite_parse_args(argc, argv, &o);
	ran = 0;
	tap_reset();
	rt_capture(out, sizeof(out));
	suite_main(&s, &o);
	rt_capture(NULL, 0);
	return ran;
}

static void selection(void)
{
	UT_CHECK(run_with("image") == 123, "suite: every test runs in table order");
	UT_CHECK(run_with("image from=2") == 23, "suite: from=2 resumes at the second test");
	UT_CHECK(run_with("image filter=map") == 23, "suite: a plain filter is a substring");
	UT_CHECK(run_with("image filter=map.*") == 2, "suite: a glob filter is anchored");
	UT_CHECK(run_with("image filter=DEV-MAP-9") == 2, "suite: a filter matches a later ID");
	UT_CHECK(run_with("image filter==map.overlap") == 2 &&
		 run_with("image filter==map.over") == 0, "suite: filter =NAME is that name exactly");
	UT_CHECK(run_with("image filter=DEV-UNMAP-4 from=3") == 3 &&
		 run_with("image filter=attach from=2") == 0, "suite: filter and from combine");
}

void ut_suite(void)
{
	glob();
	selection();
}
