/* SPDX-License-Identifier: MIT */
/*
 * Deliberate crashes for the runner's selftest guest (selftest/selftest.c):
 * an exception the guest reports and bails out on, and a machine reset the
 * guest did not ask the harness for.
 */
#ifndef FAULTLINE_ASM_CRASH_H
#define FAULTLINE_ASM_CRASH_H

/* An undefined instruction: vectors.c prints "EC 0x00 (unknown)" and bails out. */
static inline void crash_exception(void)
{
	__asm__ volatile("udf #0");
}

/*
 * aarch64 has no triple fault (a fault in the vectors loops instead of
 * resetting): the nearest is a reset nobody asked for, PSCI SYSTEM_RESET
 * straight from the test, bypassing the harness's bookkeeping.
 */
static inline void crash_reset(void)
{
	register unsigned long x0 __asm__("x0") = 0x84000009ul;

	__asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
}

#endif
