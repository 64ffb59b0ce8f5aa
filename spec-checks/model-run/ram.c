// SPDX-License-Identifier: MIT
#include <stdbool.h>
#include <stdint.h>
#include <faultline/rt.h>
#include "model/model.h"
#include "ram.h"

#define RAM_MAX_REGIONS 4096

static struct {
	uint64_t start, end;	/* [start, end) */
} ram[RAM_MAX_REGIONS];
static unsigned int nram;

void *__wrap_rt_alloc(size_t size, size_t align)
{
	void *p = __real_rt_alloc(size, align);

	if (p && nram < RAM_MAX_REGIONS) {
		ram[nram].start = rt_virt_to_phys(p);
		ram[nram].end = ram[nram].start + size;
		nram++;
	}
	return p;
}

bool model_ram_contains(uint64_t pa, uint64_t len)
{
	for (unsigned int i = 0; i < nram; i++)
		if (pa >= ram[i].start && len <= ram[i].end - pa && pa <= ram[i].end)
			return true;
	return false;
}
