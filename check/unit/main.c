// SPDX-License-Identifier: MIT
#include "ut.h"

unsigned int ut_count, ut_failed;

int main(void)
{
	printf("TAP version 13\n");
	ut_virtqueue();
	ut_viommu();
	ut_tap();
	ut_suite();
	ut_stall();
	ut_ratelimit();
	printf("1..%u\n", ut_count);
	return ut_failed ? 1 : 0;
}
