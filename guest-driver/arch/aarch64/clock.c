// SPDX-License-Identifier: MIT
/*
 * rt_clock_ns() from the generic timer's virtual counter (CNTVCT_EL0 at
 * CNTFRQ_EL0 Hz, set by QEMU: no calibration needed), and rt_relax(), which
 * waits for RELAX_NS in wfi with the virtual timer armed.  wfi wakes on an
 * interrupt the GIC signals even while PSTATE.I masks it, so the guest takes
 * no interrupt and needs no handler: the GIC (gic.c) only has to forward
 * the timer's PPI.  Halting matters under -icount sleep=off: a halted CPU
 * lets QEMU run its virtual clock straight to the next deadline (edu's
 * 100 ms DMA, or this timer's), where a polling loop would have to execute
 * instructions until the clock gets there.  Without a GIC it polls.
 */
#include <stdbool.h>
#include <faultline/rt.h>
#include "aarch64.h"

/* As on x86: a poll notices a device within a fraction of its deadlines. */
#define RELAX_NS	RT_NSEC_PER_MSEC
#define CNTV_ENABLE	1u

static uint64_t origin;
static uint64_t ns_mult;	/* ns = ticks * ns_mult >> 32 */
static uint64_t relax_ticks;	/* 0: poll */

static uint64_t counter(void)
{
	uint64_t v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

void clock_init(void)
{
	uint64_t freq;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	if (!freq)
		freq = RT_NSEC_PER_SEC;		/* a wrong clock beats a hung guest */
	ns_mult = (RT_NSEC_PER_SEC << 32) / freq;
	if (gic_init())
		relax_ticks = freq * RELAX_NS / RT_NSEC_PER_SEC;
	origin = counter();
}

uint64_t rt_clock_ns(void)
{
	return (uint64_t)(((unsigned __int128)(counter() - origin) * ns_mult) >> 32);
}

/* One wfi with the virtual timer armed ticks ahead. */
static void wait_ticks(uint64_t ticks)
{
	asm volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb"
		     : : "r"(counter() + ticks), "r"((uint64_t)CNTV_ENABLE));
	asm volatile("dsb sy; wfi" : : : "memory");
	/* Disabled, the timer drops its level-sensitive interrupt line. */
	asm volatile("msr cntv_ctl_el0, xzr; isb" : : : "memory");
}

/* One wait of ns (a second at most) in wfi, the timer armed for its end. */
void rt_relax_for(uint64_t ns)
{
	uint64_t ticks;

	if (!relax_ticks) {
		asm volatile("yield" : : : "memory");
		return;
	}
	if (ns > RT_NSEC_PER_SEC)
		ns = RT_NSEC_PER_SEC;
	ticks = ns * relax_ticks / RELAX_NS;
	wait_ticks(ticks ? ticks : 1);
}

void rt_relax(void)
{
	rt_relax_for(RELAX_NS);
}
