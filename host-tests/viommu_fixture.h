/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixtures of the vIOMMU tests (viommu_env.c), for inclusion after
 * kselftest_harness.h: "viommu" starts from a mock vIOMMU, "vevent" from a
 * device attached through a vDEVICE with a vEVENTQ to read.  A kernel (or a
 * uAPI built against) without them skips with the kernel's release named.
 */
#ifndef FAULTLINE_VIOMMU_FIXTURE_H
#define FAULTLINE_VIOMMU_FIXTURE_H

#include <string.h>
#include "viommu_helpers.h"

#define VIOMMU_FIXTURE(name, stage)						\
	FIXTURE(name) {								\
		struct viommu_env e;						\
	};									\
	FIXTURE_SETUP(name)							\
	{									\
		const char *why = "";						\
		int rc = viommu_env_setup(&self->e, stage, &why);		\
										\
		if (rc == FAULT_ENV_SKIP)					\
			SKIP(return, "%s", why);				\
		ASSERT_EQ(0, rc) TH_LOG("setup: %s: %s", why, strerror(-rc));	\
	}									\
	FIXTURE_TEARDOWN(name)							\
	{									\
		viommu_env_teardown(&self->e);					\
	}

#endif
