/* SPDX-License-Identifier: MIT */
/*
 * Port I/O and MMIO accessors.  MMIO goes through inline-asm mov so that
 * each access is exactly one load or store of the given width: a plain
 * volatile dereference may be fused into a read-modify-write instruction.
 */
#ifndef FAULTLINE_ASM_IO_H
#define FAULTLINE_ASM_IO_H

#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %w1, %b0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	asm volatile("inw %w1, %w0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %w1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint8_t v, uint16_t port)
{
	asm volatile("outb %b0, %w1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t v, uint16_t port)
{
	asm volatile("outw %w0, %w1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint32_t v, uint16_t port)
{
	asm volatile("outl %0, %w1" : : "a"(v), "Nd"(port));
}

#define MMIO_READ(name, type, suffix)					\
static inline type name(const volatile void *addr)			\
{									\
	type v;								\
									\
	asm volatile("mov" suffix " %1, %0"				\
		     : "=r"(v) : "m"(*(const volatile type *)addr)	\
		     : "memory");					\
	return v;							\
}

#define MMIO_WRITE(name, type, suffix)					\
static inline void name(volatile void *addr, type v)			\
{									\
	asm volatile("mov" suffix " %1, %0"				\
		     : "=m"(*(volatile type *)addr) : "r"(v)		\
		     : "memory");					\
}

MMIO_READ(mmio_read8, uint8_t, "b")
MMIO_READ(mmio_read16, uint16_t, "w")
MMIO_READ(mmio_read32, uint32_t, "l")
MMIO_READ(mmio_read64, uint64_t, "q")
MMIO_WRITE(mmio_write8, uint8_t, "b")
MMIO_WRITE(mmio_write16, uint16_t, "w")
MMIO_WRITE(mmio_write32, uint32_t, "l")
MMIO_WRITE(mmio_write64, uint64_t, "q")

#undef MMIO_READ
#undef MMIO_WRITE

#endif
