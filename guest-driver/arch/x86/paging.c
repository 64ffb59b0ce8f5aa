// SPDX-License-Identifier: MIT
/*
 * arch_map_mmio(): boot.S maps only the first 4 GiB (write-back); BARs may
 * sit far above that and device registers want uncached access, so ranges
 * are (re)mapped here with 2 MiB pages and tables from rt_alloc().
 */
#include <stddef.h>
#include <faultline/rt.h>
#include "x86.h"

#define PTE_P		(1ull << 0)
#define PTE_RW		(1ull << 1)
#define PTE_PWT		(1ull << 3)
#define PTE_PCD		(1ull << 4)
#define PTE_PS		(1ull << 7)
#define PTE_ADDR	0x000ffffffffff000ull
#define PAGE_2M		(1ull << 21)
#define VIRT_BITS	47	/* identity map: pa must be a canonical low half address */

static unsigned int phys_addr_bits(void)
{
	uint32_t eax, ebx, ecx, edx;

	asm volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
		     : "a"(0x80000000u), "c"(0));
	if (eax < 0x80000008u)
		return 36;
	asm volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
		     : "a"(0x80000008u), "c"(0));
	return eax & 0xff;
}

/* Neither boot.S nor this file makes 1 GiB pages, so a present entry is a table. */
static uint64_t *next_table(uint64_t *table, unsigned int idx)
{
	if (!(table[idx] & PTE_P)) {
		void *page = rt_alloc(4096, 4096);

		if (!page)
			return NULL;
		table[idx] = rt_virt_to_phys(page) | PTE_P | PTE_RW;
	}
	return rt_phys_to_virt(table[idx] & PTE_ADDR);
}

static int map_2m(uint64_t pa)
{
	uint64_t cr3, *pml4, *pdpt, *pd;

	asm volatile("mov %%cr3, %0" : "=r"(cr3));
	pml4 = rt_phys_to_virt(cr3 & PTE_ADDR);
	pdpt = next_table(pml4, (pa >> 39) & 511);
	pd = pdpt ? next_table(pdpt, (pa >> 30) & 511) : NULL;
	if (!pd)
		return -1;
	pd[(pa >> 21) & 511] = pa | PTE_P | PTE_RW | PTE_PS | PTE_PCD | PTE_PWT;
	asm volatile("invlpg (%0)" : : "r"(pa) : "memory");
	return 0;
}

void *arch_map_mmio(uint64_t pa, uint64_t len)
{
	unsigned int bits = phys_addr_bits();
	uint64_t end = pa + len;
	uint64_t a;

	if (bits > VIRT_BITS)
		bits = VIRT_BITS;
	if (!len || end < pa || end > 1ull << bits)
		return NULL;
	for (a = pa & ~(PAGE_2M - 1); a < end; a += PAGE_2M)
		if (map_2m(a))
			return NULL;
	return (void *)(uintptr_t)pa;
}
