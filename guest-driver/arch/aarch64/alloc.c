// SPDX-License-Identifier: MIT
/*
 * Bump allocator over [page-aligned _end, top of RAM - one page): DMA
 * buffers live for the whole run, so nothing is ever freed.  The last page
 * of RAM holds the bytes kept across a reset (reset.c).
 */
#include <stdint.h>
#include <string.h>
#include <faultline/rt.h>
#include "aarch64.h"

#define PAGE_SIZE	4096u

static uintptr_t next;
static uintptr_t limit;

uintptr_t keep_page;

void alloc_init(uint64_t start, uint64_t top)
{
	next = (start + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	keep_page = (top & ~(uint64_t)(PAGE_SIZE - 1)) - PAGE_SIZE;
	limit = keep_page > next ? keep_page : next;
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
