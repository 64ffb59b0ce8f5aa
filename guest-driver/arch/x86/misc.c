// SPDX-License-Identifier: MIT
#include <faultline/rt.h>

void rt_mb(void)
{
	asm volatile("mfence" : : : "memory");
}
