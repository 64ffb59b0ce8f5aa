/* SPDX-License-Identifier: MIT */
/*
 * MMIO accessors: each is exactly one ldr/str of the given width, so that
 * the compiler can neither split nor merge device accesses.  No barriers:
 * device memory is mapped nGnRE (mmu.c), whose accesses to one device stay
 * in program order; ordering against normal memory is rt_mb()'s job.
 * aarch64 has no port I/O.
 */
#ifndef FAULTLINE_ASM_IO_H
#define FAULTLINE_ASM_IO_H

#include <stdint.h>

#define MMIO_READ(name, type, insn, reg)				\
static inline type name(const volatile void *addr)			\
{									\
	type v;								\
									\
	asm volatile(insn " %" reg "0, [%1]"				\
		     : "=r"(v) : "r"(addr) : "memory");			\
	return v;							\
}

#define MMIO_WRITE(name, type, insn, reg)				\
static inline void name(volatile void *addr, type v)			\
{									\
	asm volatile(insn " %" reg "0, [%1]"				\
		     : : "rZ"(v), "r"(addr) : "memory");		\
}

MMIO_READ(mmio_read8, uint8_t, "ldrb", "w")
MMIO_READ(mmio_read16, uint16_t, "ldrh", "w")
MMIO_READ(mmio_read32, uint32_t, "ldr", "w")
MMIO_READ(mmio_read64, uint64_t, "ldr", "x")
MMIO_WRITE(mmio_write8, uint8_t, "strb", "w")
MMIO_WRITE(mmio_write16, uint16_t, "strh", "w")
MMIO_WRITE(mmio_write32, uint32_t, "str", "w")
MMIO_WRITE(mmio_write64, uint64_t, "str", "x")

#undef MMIO_READ
#undef MMIO_WRITE

#endif
