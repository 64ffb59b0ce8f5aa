// SPDX-License-Identifier: MIT
#include <string.h>
#include <faultline/rt.h>
#include "harness/reset.h"
#include "harness/tap.h"

/* The kept bytes: a tag, the state, the test, the TAP counts, the test's data. */
enum { K_TAG0, K_TAG1, K_STATE, K_TEST, K_TOTAL_LO, K_TOTAL_HI, K_FAILED, K_SKIPPED,
       K_WARNED, K_INFO, K_DATA };
enum { TAG0 = 'F', TAG1 = 'L' };
enum { STATE_RUNNING = 1, STATE_RESET = 2 };

_Static_assert(K_DATA + SUITE_RESET_DATA <= RT_KEEP_SIZE, "kept bytes fit");

static unsigned int current;	/* index of the test being run */
static unsigned int resuming;	/* the test whose reset started this boot, or 0 */
static uint8_t kept[RT_KEEP_SIZE];

bool suite_needs_reset(const struct test *t)
{
	return !strncmp(t->name, "reset.", 6);
}

static void keep_state(uint8_t state)
{
	kept[K_TAG0] = TAG0;
	kept[K_TAG1] = TAG1;
	kept[K_STATE] = state;
	rt_keep_store(kept);
}

static uint8_t small(unsigned int n)
{
	return n > 255 ? 255 : (uint8_t)n;
}

_Noreturn void suite_system_reset(const uint8_t data[SUITE_RESET_DATA])
{
	struct tap_counts c = tap_counts();

	kept[K_TEST] = small(current);
	kept[K_TOTAL_LO] = (uint8_t)c.total;
	kept[K_TOTAL_HI] = (uint8_t)(c.total >> 8);
	kept[K_FAILED] = small(c.failed);
	kept[K_SKIPPED] = small(c.skipped);
	kept[K_WARNED] = small(c.warned);
	kept[K_INFO] = small(c.info);
	memcpy(kept + K_DATA, data, SUITE_RESET_DATA);
	keep_state(STATE_RESET);
	rt_system_reset();
}

bool suite_after_reset(uint8_t data[SUITE_RESET_DATA])
{
	if (!resuming || resuming != current)
		return false;
	memcpy(data, kept + K_DATA, SUITE_RESET_DATA);
	return true;
}

void suite_resume_begin(const struct suite_opts *o)
{
	rt_keep_load(kept);
	resuming = 0;
	if (kept[K_TAG0] != TAG0 || kept[K_TAG1] != TAG1) {
		memset(kept, 0, sizeof(kept));
	} else if (kept[K_STATE] == STATE_RESET) {
		resuming = kept[K_TEST];
		tap_restore((struct tap_counts){
			.total = kept[K_TOTAL_LO] | (unsigned int)kept[K_TOTAL_HI] << 8,
			.failed = kept[K_FAILED], .skipped = kept[K_SKIPPED],
			.warned = kept[K_WARNED], .info = kept[K_INFO],
		});
		tap_diag("the machine was reset by test %u, which resumes", kept[K_TEST]);
	} else if (kept[K_STATE] == STATE_RUNNING && o->reboot) {
		tap_bail("the machine was reset unexpectedly while running test %u", kept[K_TEST]);
		rt_exit(2);
	}
	/* From now on, a reset no test asked for is caught by the boot after it. */
	if (o->reboot)
		keep_state(STATE_RUNNING);
}

void suite_resume_enter(unsigned int index)
{
	current = index;
	if (kept[K_TAG0] == TAG0 && kept[K_TEST] != small(index)) {
		kept[K_TEST] = small(index);
		rt_keep_store(kept);
	}
}

unsigned int suite_resuming(void)
{
	return resuming;
}
