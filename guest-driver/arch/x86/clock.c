// SPDX-License-Identifier: MIT
/*
 * rt_clock_ns() from the TSC, whose rate is measured once at boot against
 * PIT channel 2 (gated through port 0x61, so no interrupt is needed).
 */
#include <faultline/rt.h>
#include "x86.h"
#include <asm/io.h>

#define PIT_HZ		1193182ull
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PIT_CH2_MODE0	0xb0	/* channel 2, lobyte/hibyte, mode 0 */
#define PORT_B		0x61
#define PORT_B_GATE2	0x01
#define PORT_B_SPEAKER	0x02
#define PORT_B_OUT2	0x20
#define CAL_TICKS	11932u	/* 10 ms of PIT input clock */
/* Port reads cost well over 100 ns, so this bounds a dead PIT to ~1 s. */
#define CAL_SPIN_LIMIT	10000000ul
/* Used when the PIT never fires: a wrong clock beats a hung guest. */
#define FALLBACK_TSC_HZ	1000000000ull

static uint64_t tsc_origin;
static uint64_t ns_mult;	/* ns = tsc_delta * ns_mult >> 32 */

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* TSC ticks during CAL_TICKS PIT ticks, or 0 if OUT2 never rose. */
static uint64_t tsc_per_pit_period(void)
{
	uint8_t ctl = inb(PORT_B) & ~(PORT_B_GATE2 | PORT_B_SPEAKER);
	unsigned long spins = 0;
	uint64_t t0, t1;

	outb(ctl, PORT_B);
	outb(PIT_CH2_MODE0, PIT_CMD);
	outb(CAL_TICKS & 0xff, PIT_CH2);
	outb(CAL_TICKS >> 8, PIT_CH2);
	outb(ctl | PORT_B_GATE2, PORT_B);	/* counting starts */
	t0 = rdtsc();
	while (!(inb(PORT_B) & PORT_B_OUT2) && ++spins < CAL_SPIN_LIMIT)
		;
	t1 = rdtsc();
	outb(ctl, PORT_B);
	return spins < CAL_SPIN_LIMIT ? t1 - t0 : 0;
}

void clock_init(void)
{
	uint64_t period_ns = CAL_TICKS * RT_NSEC_PER_SEC / PIT_HZ;
	uint64_t ticks = tsc_per_pit_period();

	if (!ticks)
		ticks = FALLBACK_TSC_HZ / RT_NSEC_PER_SEC * period_ns;
	ns_mult = (period_ns << 32) / ticks;
	tsc_origin = rdtsc();
}

uint64_t rt_clock_ns(void)
{
	return (uint64_t)(((unsigned __int128)(rdtsc() - tsc_origin) * ns_mult) >> 32);
}
