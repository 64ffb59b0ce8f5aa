// SPDX-License-Identifier: MIT
/*
 * Bump allocator over [page-aligned _end, top of RAM): DMA buffers and
 * page tables live for the whole run, so nothing is ever freed.
 */
#include <stdint.h>
#include <string.h>
#include <faultline/rt.h>
#include "x86.h"

#define PAGE_SIZE	4096u

extern char _end[];

static uintptr_t next;
static uintptr_t limit;

void alloc_init(uint64_t top)
{
	next = ((uintptr_t)_end + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	limit = top > next ? top : next;
}

void *rt_alloc(size_t size, size_t align)
{
	uintptr_t p;

	if (!align || (align & (align - 1)))
		return NULL;
	p = (next + align - 1) & ~(uintptr_t)(align - 1);
	if (p < next || p > limit || size > limit - p)
		return NULL;
	next = p + size;
	return memset((void *)p, 0, size);
}

uint64_t rt_virt_to_phys(const void *p)
{
	return (uintptr_t)p;
}

void *rt_phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}
