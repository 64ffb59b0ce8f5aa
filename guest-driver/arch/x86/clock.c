// SPDX-License-Identifier: MIT
/*
 * rt_clock_ns() from the TSC, whose rate is measured once at boot against
 * PIT channel 2 (gated through port 0x61, so no interrupt is needed); and
 * rt_relax(), which halts for RELAX_NS on the local APIC timer, whose rate
 * is measured against the TSC.  Both calibrations halt between their
 * readings, so that under -icount sleep=off they cost no wall time.
 * With relax=spin on the command line nothing halts: under KVM nested in
 * TCG's emulated SVM, a halted guest now and then never got its timer
 * interrupt (README, "The guest suite under KVM, nested").
 */
#include <stdbool.h>
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
#define PIT_LATCH_CH2	0x80	/* counter latch command, channel 2 */
#define CAL_TICKS	11932u	/* 10 ms of PIT input clock */
/* Port reads cost well over 100 ns, so this bounds a dead PIT to ~1 s. */
#define CAL_SPIN_LIMIT	10000000ul
/*
 * With the APIC: halts of CAL_HALT_COUNT ticks (~1 ms) between readings.  A
 * wake-up costs ~60 us of wall time under TCG, so few long halts; the
 * overshoot past the terminal count is read back from the counter.  The
 * counter wraps after 55 ms, far beyond one halt at the APIC's 1 GHz.
 */
#define CAL_HALT_COUNT	1000000u
#define CAL_HALT_LIMIT	1000ul
/* Used when the PIT never fires: a wrong clock beats a hung guest. */
#define FALLBACK_TSC_HZ	1000000000ull
/* APIC ticks measured against the TSC: ~1 ms at QEMU's 1 GHz APIC clock. */
#define APIC_CAL_COUNT	1000000u
/*
 * Each rt_relax(): short enough that a poll notices a device within a
 * fraction of its deadlines (the shortest the tests use is 10 ms), long
 * enough that a 100 ms edu transfer takes few wake-ups.
 */
#define RELAX_NS	RT_NSEC_PER_MSEC

static uint64_t tsc_origin;
static uint64_t ns_mult;	/* ns = tsc_delta * ns_mult >> 32 */
static bool have_apic;
static uint32_t relax_count;	/* APIC ticks per rt_relax(), 0: pause */

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* One wait between two readings of the PIT; false once the limit is hit. */
static bool cal_wait(unsigned long *n)
{
	if (have_apic) {
		apic_halt(CAL_HALT_COUNT);
		return ++*n < CAL_HALT_LIMIT;
	}
	return ++*n < CAL_SPIN_LIMIT;
}

/* Channel 2's count now (latched, so both bytes are of one instant). */
static uint16_t pit_ch2_count(void)
{
	uint8_t lo;

	outb(PIT_LATCH_CH2, PIT_CMD);
	lo = inb(PIT_CH2);
	return (uint16_t)(lo | inb(PIT_CH2) << 8);
}

/*
 * TSC ticks while *pit PIT ticks passed, or 0 if OUT2 never rose.  In mode 0
 * the counter goes on down past its terminal count, so the ticks are the
 * count at the start plus how far it went below zero.
 */
static uint64_t tsc_per_pit_period(uint32_t *pit)
{
	uint8_t ctl = inb(PORT_B) & ~(PORT_B_GATE2 | PORT_B_SPEAKER);
	unsigned long n = 0;
	bool in_time = true;
	uint16_t c0, c1;
	uint64_t t0, t1;

	outb(ctl, PORT_B);
	outb(PIT_CH2_MODE0, PIT_CMD);
	outb(CAL_TICKS & 0xff, PIT_CH2);
	outb(CAL_TICKS >> 8, PIT_CH2);
	outb(ctl | PORT_B_GATE2, PORT_B);	/* counting starts */
	t0 = rdtsc();
	c0 = pit_ch2_count();
	while (!(inb(PORT_B) & PORT_B_OUT2) && (in_time = cal_wait(&n)))
		;
	t1 = rdtsc();
	c1 = pit_ch2_count();
	outb(ctl, PORT_B);
	if (!in_time)
		return 0;
	*pit = c0 + (uint16_t)(0x10000u - c1);
	return t1 - t0;
}

static uint64_t tsc_to_ns(uint64_t delta)
{
	return (uint64_t)(((unsigned __int128)delta * ns_mult) >> 32);
}

/* APIC ticks per RELAX_NS, from one halt of APIC_CAL_COUNT ticks. */
static uint32_t apic_relax_count(void)
{
	uint64_t t0 = rdtsc(), ns;

	apic_halt(APIC_CAL_COUNT);
	ns = tsc_to_ns(rdtsc() - t0);
	if (!ns)
		return 0;
	ns = RELAX_NS * APIC_CAL_COUNT / ns;
	return ns ? (ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns) : 1;
}

void clock_init(bool halt)
{
	uint32_t pit = CAL_TICKS;
	uint64_t period_ns, ticks;

	have_apic = halt && apic_init();
	ticks = tsc_per_pit_period(&pit);
	period_ns = pit * RT_NSEC_PER_SEC / PIT_HZ;
	if (!ticks)
		ticks = FALLBACK_TSC_HZ / RT_NSEC_PER_SEC * period_ns;
	ns_mult = (period_ns << 32) / ticks;
	if (have_apic)
		relax_count = apic_relax_count();
	tsc_origin = rdtsc();
}

uint64_t rt_clock_ns(void)
{
	return tsc_to_ns(rdtsc() - tsc_origin);
}

/* One halt of ns (a second at most), in APIC ticks at the rate measured. */
void rt_relax_for(uint64_t ns)
{
	uint64_t ticks;

	if (!relax_count) {
		asm volatile("pause" : : : "memory");
		return;
	}
	if (ns > RT_NSEC_PER_SEC)
		ns = RT_NSEC_PER_SEC;
	ticks = ns * relax_count / RELAX_NS;
	apic_halt(ticks > UINT32_MAX ? UINT32_MAX : ticks ? (uint32_t)ticks : 1);
}

void rt_relax(void)
{
	rt_relax_for(RELAX_NS);
}
