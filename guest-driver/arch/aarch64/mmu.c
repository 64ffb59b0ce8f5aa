// SPDX-License-Identifier: MIT
/*
 * The identity map, built and enabled by boot.S before any other C code
 * (so with the MMU off: every access here is aligned, -mstrict-align).
 * One level-1 table of 1 GiB blocks covers the first 512 GiB, all of
 * QEMU virt's fixed memory map but the high PCIe MMIO window: RAM's region
 * [1 GiB, 256 GiB) is normal write-back memory, the rest (flash, GIC, UART,
 * low ECAM and MMIO below 1 GiB; high GIC redistributors and ECAM from
 * 256 GiB) is Device-nGnRE and never executable.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <asm/platform.h>
#include "aarch64.h"

#define GIB		(1ull << 30)
#define VA_BITS		39		/* T0SZ 25: the walk starts at level 1 */
#define RAM_START	(1 * GIB)	/* virt's memory map (hw/arm/virt.c) */
#define RAM_END		(256 * GIB)

#define MAIR_DEVICE	0x04		/* attr 0: Device-nGnRE */
#define MAIR_NORMAL	0xff		/* attr 1: normal, inner/outer write-back */
#define PTE_BLOCK	0x1ull
#define PTE_ATTR(i)	((uint64_t)(i) << 2)
#define PTE_SH_INNER	(3ull << 8)
#define PTE_AF		(1ull << 10)
#define PTE_PXN		(1ull << 53)
#define PTE_UXN		(1ull << 54)

#define TCR_T0SZ	(64 - VA_BITS)
#define TCR_IRGN0_WB	(1ull << 8)
#define TCR_ORGN0_WB	(1ull << 10)
#define TCR_SH0_INNER	(3ull << 12)
#define TCR_EPD1	(1ull << 23)	/* no TTBR1 walks: nothing lives high */
#define TCR_IPS_SHIFT	32

#define SCTLR_M		(1ull << 0)
#define SCTLR_A		(1ull << 1)
#define SCTLR_C		(1ull << 2)
#define SCTLR_I		(1ull << 12)
#define SCTLR_WXN	(1ull << 19)

static uint64_t l1[512] __attribute__((aligned(4096)));

static bool is_ram(uint64_t pa)
{
	return pa >= RAM_START && pa < RAM_END;
}

void mmu_init(void)
{
	uint64_t mmfr0, sctlr;

	for (uint64_t i = 0; i < 512; i++) {
		uint64_t pa = i * GIB;

		l1[i] = pa | PTE_BLOCK | PTE_AF | (is_ram(pa) ?
			PTE_ATTR(1) | PTE_SH_INNER : PTE_ATTR(0) | PTE_PXN | PTE_UXN);
	}
	asm volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
	asm volatile("msr mair_el1, %0" : : "r"((uint64_t)MAIR_NORMAL << 8 | MAIR_DEVICE));
	/* IPS: the CPU's own physical address size (PARange, the same encoding). */
	asm volatile("msr tcr_el1, %0" : : "r"(TCR_T0SZ | TCR_IRGN0_WB | TCR_ORGN0_WB |
		     TCR_SH0_INNER | TCR_EPD1 | (mmfr0 & 7) << TCR_IPS_SHIFT));
	asm volatile("msr ttbr0_el1, %0" : : "r"((uint64_t)(uintptr_t)l1));
	asm volatile("dsb ish; tlbi vmalle1; dsb ish; isb" : : : "memory");
	asm volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr = (sctlr | SCTLR_M | SCTLR_C | SCTLR_I) & ~(SCTLR_A | SCTLR_WXN);
	asm volatile("msr sctlr_el1, %0; isb" : : "r"(sctlr) : "memory");
}

void *arch_map_mmio(uint64_t pa, uint64_t len)
{
	uint64_t end = pa + len;

	if (!len || end < pa || end > 1ull << VA_BITS)
		return NULL;
	for (uint64_t a = pa & ~(GIB - 1); a < end; a += GIB)
		if (is_ram(a))
			return NULL;
	return (void *)(uintptr_t)pa;
}
