// SPDX-License-Identifier: MIT
/*
 * Exit, reset, and the bytes kept across a reset.
 *
 * rt_exit() uses Arm semihosting (QEMU -semihosting): SYS_EXIT with
 * ADP_Stopped_ApplicationExit makes QEMU exit with the given subcode, and
 * the subcode is (code << 1) | 1, what isa-debug-exit gives on x86, so the
 * runner reads the same statuses on both.  PSCI SYSTEM_OFF would exit 0
 * whatever the result.
 *
 * A reset is PSCI SYSTEM_RESET.  QEMU keeps RAM across it (it only reloads
 * the image and the device tree) and starts RAM zeroed, so the last page of
 * RAM (alloc.c) does what x86's CMOS bytes do.
 */
#include <string.h>
#include <faultline/rt.h>
#include "aarch64.h"

#define SEMIHOSTING_SYS_EXIT		0x18
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

extern uintptr_t keep_page;

void psci_call(uint32_t fn)
{
	register uint64_t x0 asm("x0") = fn;

	asm volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
}

_Noreturn void rt_exit(int code)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, ((uint64_t)code << 1) | 1 };
	register uint64_t x0 asm("x0") = SEMIHOSTING_SYS_EXIT;
	register uint64_t x1 asm("x1") = (uintptr_t)block;

	asm volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	/* Without -semihosting hlt is undefined and never gets here. */
	psci_call(PSCI_SYSTEM_OFF);
	for (;;)
		asm volatile("wfi");
}

void rt_keep_store(const uint8_t buf[RT_KEEP_SIZE])
{
	memcpy((void *)keep_page, buf, RT_KEEP_SIZE);
}

void rt_keep_load(uint8_t buf[RT_KEEP_SIZE])
{
	memcpy(buf, (const void *)keep_page, RT_KEEP_SIZE);
}

_Noreturn void rt_system_reset(void)
{
	psci_call(PSCI_SYSTEM_RESET);
	for (;;)
		asm volatile("wfi");
}
