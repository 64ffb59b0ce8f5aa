// SPDX-License-Identifier: MIT
#include <faultline/rt.h>

void rt_relax(void)
{
	asm volatile("pause" : : : "memory");
}

void rt_mb(void)
{
	asm volatile("mfence" : : : "memory");
}
