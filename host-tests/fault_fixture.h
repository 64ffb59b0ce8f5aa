/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture every fault test starts from (fault_env.c), for inclusion
 * after kselftest_harness.h by each test program.  A kernel without the
 * mock or IOPF skips the test with the reason; any other setup failure fails
 * it, naming the step.
 */
#ifndef FAULTLINE_FAULT_FIXTURE_H
#define FAULTLINE_FAULT_FIXTURE_H

#include <string.h>
#include "iommufd_helpers.h"

FIXTURE(fault) {
	struct fault_env e;
};

FIXTURE_SETUP(fault)
{
	const char *why = "";
	int rc = fault_env_setup(&self->e, &why);

	if (rc == FAULT_ENV_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, rc) TH_LOG("setup: %s: %s", why, strerror(-rc));
}

FIXTURE_TEARDOWN(fault)
{
	fault_env_teardown(&self->e);
}

#endif
