// SPDX-License-Identifier: MIT
#include <faultline/rt.h>

/* Orders normal-memory accesses (rings, buffers) against device accesses. */
void rt_mb(void)
{
	asm volatile("dsb sy" : : : "memory");
}
