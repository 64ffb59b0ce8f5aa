/* SPDX-License-Identifier: MIT */
/*
 * Tests that span a system reset of the machine (docs/guest-protocol.md).
 * They form the "reset" group.  In an ordinary boot the suite only says it
 * deferred them ("# deferred <index> <name>"); the runner then boots each on
 * its own with reboot=on, which lets the machine reset.  Before the reset a
 * test stores a few bytes and calls suite_system_reset(); the program starts
 * again, the suite resumes that test, and suite_after_reset() hands the
 * bytes back.  The TAP counts run on across the reset, so the boot's plan
 * adds up.
 */
#ifndef FAULTLINE_RESET_H
#define FAULTLINE_RESET_H

#include <stdbool.h>
#include <stdint.h>
#include "harness/suite.h"

#define SUITE_RESET_DATA 6

/* Whether the test resets the machine (its group is "reset"). */
bool suite_needs_reset(const struct test *t);
/* True in the boot after the current test reset the machine, with its bytes. */
bool suite_after_reset(uint8_t data[SUITE_RESET_DATA]);
/* Keeps the bytes and the TAP counts, then resets the machine. */
_Noreturn void suite_system_reset(const uint8_t data[SUITE_RESET_DATA]);

/* For suite_main: at start, what the kept state says (a bail-out when the
 * machine reset with no test asking); before each test, its index. */
void suite_resume_begin(const struct suite_opts *o);
void suite_resume_enter(unsigned int index);
/* The test this boot resumes (0: none); the tests before it ran before the reset. */
unsigned int suite_resuming(void);

#endif
