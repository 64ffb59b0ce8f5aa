/* SPDX-License-Identifier: MIT */
/*
 * Deliberate crashes for the runner's selftest guest (selftest/selftest.c):
 * an exception the guest reports and bails out on, and a CPU reset the guest
 * did not ask the harness for.
 */
#ifndef FAULTLINE_ASM_CRASH_H
#define FAULTLINE_ASM_CRASH_H

#include <stdint.h>

/* #UD: idt.c prints "exception 6 (#UD)" and bails out. */
static inline void crash_exception(void)
{
	__asm__ volatile("ud2");
}

/* A triple fault: with no IDT, int3 cannot be delivered, and the CPU resets. */
static inline void crash_reset(void)
{
	static const struct { uint16_t limit; uint64_t base; } __attribute__((packed)) none;

	__asm__ volatile("lidt %0; int3" : : "m"(none));
}

#endif
