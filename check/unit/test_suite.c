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

/* run_table TABLE ARGS: the suite of three tests TABLE with the image's ARGS. */
static void run_table(const struct test *table, const char *args)
{
	char buf[128], out[1024], *argv[8];
	int argc = 0;
	struct suite_opts o;
	struct suite s = { .image = "unit", .tests = table, .count = 3 };

	strcpy(buf, args);
	for (char *p = strtok(buf, " "); p && argc < 8; p = strtok(NULL, " "))
		argv[argc++] = p;
	suite_parse_args(argc, argv, &o);
	ran = 0;
	tap_reset();
	rt_capture(out, sizeof(out));
	suite_main(&s, &o);
	rt_capture(NULL, 0);
}

static unsigned int run_with(const char *args)
{
	run_table(tests, args);
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

static void wants_fresh(struct fixture *e)
{
	(void)e;
	ran = ran * 10 + 4;
	suite_fresh_vm("unit: left the device unclean");
}

/* A test that asks for a fresh VM, a test that resets the machine, a plain one. */
static const struct test fresh_tests[] = {
	{ "seq.fresh", "GEN-1", wants_fresh },
	{ "reset.machine", "DEV-CFG-5,GEN-1", mark2 },
	{ "map.after", "DEV-MAP-2", mark3 },
};

/* fresh_with ARGS: runs fresh_tests; the fresh VM the suite then asks for (0: none). */
static unsigned int fresh_with(const char *args)
{
	run_table(fresh_tests, args);
	return suite_fresh_from();
}

/* A fresh VM is asked for only when a test is left to run in it (the "# fresh-vm"
 * and "# deferred" lines go to stdout: printf is not captured here). */
static void fresh_vm(void)
{
	UT_CHECK(fresh_with("image") == 3 && ran == 4,
		 "suite: a fresh VM starts at the next test that runs, past a deferred one");
	UT_CHECK(fresh_with("image filter=seq") == 0 && ran == 4,
		 "suite: no fresh VM when the filter leaves no test");
	UT_CHECK(fresh_with("image filter=GEN-1") == 0 && ran == 4,
		 "suite: no fresh VM when only deferred tests are left");
}

/* last_with ARGS: the "# last-test" index of fresh_tests booted with ARGS. */
static unsigned int last_with(const char *args)
{
	struct suite s = { .image = "unit", .tests = fresh_tests, .count = 3 };
	struct suite_opts o;
	char buf[128], *argv[8];
	int argc = 0;

	strcpy(buf, args);
	for (char *p = strtok(buf, " "); p && argc < 8; p = strtok(NULL, " "))
		argv[argc++] = p;
	suite_parse_args(argc, argv, &o);
	return suite_last_test(&s, &o);
}

/* The runner boots no fresh VM after a crash in the last test a boot runs. */
static void last_test(void)
{
	UT_CHECK(last_with("image") == 3, "suite: last test, every test selected");
	UT_CHECK(last_with("image filter=GEN-1") == 1,
		 "suite: last test passes over a deferred one");
	UT_CHECK(last_with("image filter=GEN-1 from=2") == 0,
		 "suite: last test 0 when only deferred tests are left");
	UT_CHECK(last_with("image filter=reset reboot=on") == 2,
		 "suite: with reboot=on a machine-reset test runs, and can be the last");
	UT_CHECK(last_with("image from=4") == 0, "suite: last test 0 past the table's end");
}

void ut_suite(void)
{
	glob();
	selection();
	fresh_vm();
	last_test();
}
