// SPDX-License-Identifier: MIT
/* The conformance suite in spec order; a test's index is its place here. */
#include <string.h>
#include "tests/fixture.h"

struct group {
	const struct test *tests;
	const unsigned int *count;
};

static const struct group groups[] = {
	{ features_tests, &features_count },
	{ config_tests, &config_count },
	{ framing_tests, &framing_count },
	{ ops_tests, &ops_count },
	{ attach_tests, &attach_count },
	{ detach_tests, &detach_count },
	{ map_tests, &map_count },
	{ unmap_tests, &unmap_count },
	{ probe_tests, &probe_count },
	{ resv_mem_tests, &resv_mem_count },
	{ bypass_tests, &bypass_count },
	{ init_tests, &init_count },
	{ descriptors_tests, &descriptors_count },
	{ dma_tests, &dma_count },
	{ faults_tests, &faults_count },
	{ eventq_tests, &eventq_count },
	{ sequences_tests, &sequences_count },
	/* Last: the runner boots them on their own (harness/reset.h). */
	{ reset_tests, &reset_count },
};

#define SUITE_MAX_TESTS 256

unsigned int suite_collect(struct test *out);

unsigned int suite_collect(struct test *out)
{
	unsigned int n = 0;

	for (unsigned int g = 0; g < ARRAY_SIZE(groups); g++)
		for (unsigned int i = 0; i < *groups[g].count && n < SUITE_MAX_TESTS; i++)
			out[n++] = groups[g].tests[i];
	return n;
}
