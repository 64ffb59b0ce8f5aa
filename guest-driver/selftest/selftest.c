// SPDX-License-Identifier: MIT
/*
 * A guest that misbehaves on purpose, to prove the runner turns a failure,
 * a hang, an exception and a triple fault into diagnosed verdicts and
 * resumes after each.  check/runner/selftest.sh asserts the outcome.
 */
#include <stdint.h>
#include <asm/crash.h>
#include <faultline/rt.h>
#include "harness/check.h"
#include "harness/suite.h"

struct fixture;

static void pass(struct fixture *e)
{
	(void)e;
	check_that(MUST, "SELF-1", true, "selftest: passes", "true", "true");
}

static void fail(struct fixture *e)
{
	(void)e;
	check_that(MUST, "SELF-2", false, "selftest: fails", "1", "0");
}

static void hang(struct fixture *e)
{
	(void)e;
	for (;;)	/* deliberately unbounded: the runner's timeout must end it */
		rt_relax();
}

static void exception(struct fixture *e)
{
	(void)e;
	crash_exception();
}

static void triple_fault(struct fixture *e)
{
	(void)e;
	crash_reset();
}

static const struct test tests[] = {
	{ "selftest.pass", "SELF-1", pass },
	{ "selftest.fail", "SELF-2", fail },
	{ "selftest.hang", "SELF-3", hang },
	{ "selftest.after_hang", "SELF-1", pass },
	{ "selftest.exception", "SELF-4", exception },
	{ "selftest.after_exception", "SELF-1", pass },
	{ "selftest.triple_fault", "SELF-5", triple_fault },
	{ "selftest.after_triple_fault", "SELF-1", pass },
};

int main(int argc, char **argv)
{
	struct suite_opts o;
	struct suite s = {
		.image = "selftest",
		.tests = tests,
		.count = sizeof(tests) / sizeof(tests[0]),
	};

	suite_parse_args(argc, argv, &o);
	return suite_main(&s, &o);
}
