// SPDX-License-Identifier: MIT
#include <faultline/rt.h>
#include "clock.h"

#define TICK_NS		RT_NSEC_PER_USEC	/* each reading of the clock */
#define RELAX_NS	RT_NSEC_PER_MSEC	/* each polling pause */

static uint64_t now_ns;

uint64_t __wrap_rt_clock_ns(void)
{
	now_ns += TICK_NS;
	return now_ns;
}

void __wrap_rt_relax(void)
{
	now_ns += RELAX_NS;
}

void __wrap_rt_relax_for(uint64_t ns)
{
	now_ns += ns;
}
