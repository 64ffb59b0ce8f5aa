// SPDX-License-Identifier: MIT
/* TAP lines and verdicts exactly as docs/guest-protocol.md and README state. */
#include <string.h>
#include "host_rt.h"
#include "harness/check.h"
#include "harness/tap.h"
#include "ut.h"

static char out[2048];

static void start(void)
{
	tap_reset();
	rt_capture(out, sizeof(out));
}

static const char *stop(void)
{
	rt_capture(NULL, 0);
	return out;
}

static void lines(void)
{
	start();
	tap_line(true, "a", "DEV-ATT-1", TAP_NONE, NULL);
	tap_line(false, "b", "DEV-ATT-2,DEV-ATT-3", TAP_NONE, NULL);
	tap_line(true, "c", "X-1", TAP_SKIP, "no endpoint");
	tap_line(true, "d", NULL, TAP_INFO, "observed S_INVAL");
	UT_STREQ(stop(), "ok 1 - a [DEV-ATT-1]\nnot ok 2 - b [DEV-ATT-2,DEV-ATT-3]\n"
		 "ok 3 - c [X-1] # SKIP no endpoint\nok 4 - d # INFO observed S_INVAL\n",
		 "tap: numbering, IDs in brackets, directives");
	UT_CHECK(tap_counts().failed == 1 && tap_counts().skipped == 1 && tap_counts().info == 1 &&
		 tap_exit_code() == 1, "tap: counts and exit code follow the lines");
}

static void must_fails(void)
{
	struct check c = { .level = MUST, .ids = "DEV-ATT-1" };

	start();
	check_desc(&c, "attach rejects non-zero reserved");
	check_sent(&c, "ATTACH dom 1 ep 0x10 reserved 01 00 00 00");
	check_expected(&c, "S_INVAL");
	check_observed(&c, "S_OK");
	UT_CHECK(!check_end(&c, false), "check: a failed check returns false");
	UT_STREQ(stop(), "not ok 1 - attach rejects non-zero reserved [DEV-ATT-1]\n"
		 "#   sent: ATTACH dom 1 ep 0x10 reserved 01 00 00 00\n"
		 "#   expected: S_INVAL\n#   observed: S_OK\n",
		 "check: a MUST violated is not ok with sent, expected and observed");
}

static void should_warns(void)
{
	start();
	check_that(SHOULD, "DEV-MAP-1", false, "map rejects misaligned start", "S_RANGE", "S_OK");
	UT_STREQ(stop(), "ok 1 - map rejects misaligned start [DEV-MAP-1] # WARN observed S_OK, "
		 "expected S_RANGE\n", "check: a SHOULD violated is ok with a WARN directive");
	UT_CHECK(tap_exit_code() == 0 && tap_counts().warned == 1,
		 "check: a warning is counted and does not fail the run");
	start();
	check_that(DESCR, "INF-OPS-1", false, "x", "used length 0", "S_INVAL");
	UT_STREQ(stop(), "ok 1 - x [INF-OPS-1] # WARN observed S_INVAL, expected used length 0 "
		 "(descriptive statement)\n", "check: a descriptive statement contradicted warns");
}

static void record_and_skip(void)
{
	start();
	record("DEV-DET-3", "detach of an unattached endpoint", "S_OK");
	skip("DEV-CFG-3", "initial bypass", "BYPASS_CONFIG not offered");
	check_that(MUST, "DEV-CFG-1", true, "page_size_mask set", "non-zero", "0x1000");
	UT_STREQ(stop(), "ok 1 - detach of an unattached endpoint [DEV-DET-3] # INFO observed S_OK\n"
		 "ok 2 - initial bypass [DEV-CFG-3] # SKIP BYPASS_CONFIG not offered\n"
		 "ok 3 - page_size_mask set [DEV-CFG-1]\n", "check: record, skip and pass lines");
}

static void diag_and_done(void)
{
	start();
	tap_test_start(7, "attach.reserved", "DEV-ATT-1");
	tap_diag("one\ntwo");
	tap_line(true, "a", "X", TAP_NONE, NULL);
	tap_done();
	UT_STREQ(stop(), "# test 7 attach.reserved [DEV-ATT-1]\n#   one\n#   two\nok 1 - a [X]\n# done\n1..1\n",
		 "tap: test marker, multi-line diagnostics, done and plan");
}

void ut_tap(void)
{
	lines();
	must_fails();
	should_warns();
	record_and_skip();
	diag_and_done();
}
