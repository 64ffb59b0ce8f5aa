// SPDX-License-Identifier: MIT
/*
 * rt_sleep_until(): a wait with nothing to poll in as few pauses as the
 * clock allows.  A 1 ms rt_relax() a step cost each 100 ms wait a hundred
 * wake-ups, about 60 us of wall time each under TCG; rt_relax_for() halts
 * for the whole rest at once.
 */
#include <faultline/rt.h>

void rt_sleep_until(uint64_t t)
{
	uint64_t now;

	while ((now = rt_clock_ns()) < t)
		rt_relax_for(t - now);
}
