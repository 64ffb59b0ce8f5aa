/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The set-up every VFIO fixture starts from, for inclusion after
 * kselftest_harness.h: edu behind one VFIO path (vfio_setup.h) and two pages
 * for its DMA (edu_dma.h).  A VM or kernel without a piece skips the test
 * with the reason; any other failure fails it, naming the step.
 */
#ifndef FAULTLINE_VFIO_FIXTURE_H
#define FAULTLINE_VFIO_FIXTURE_H

#include <stdbool.h>
#include <string.h>

#include "edu_dma.h"
#include "iommu_log.h"
#include "vfio_map.h"
#include "vfio_setup.h"

/* vfio_fixture_setup ... PATH SRC DST: whether edu is ready on PATH (false:
 * the test was skipped).  SRC and DST get the pages of dma_pages(). */
static inline bool vfio_fixture_setup(struct __test_metadata *_metadata, struct vfio_env *e,
				      enum vfio_path path, uint8_t **src, uint8_t **dst)
{
	const char *why = "";
	int rc = vfio_env_setup(e, path, &why);

	if (rc == VFIO_ENV_SKIP)
		SKIP(return false, "%s", why);
	ASSERT_EQ(0, rc) TH_LOG("setup: %s: %s", why, strerror(-rc));
	*src = dma_pages();
	ASSERT_NE(NULL, *src);
	*dst = *src + PAGE;
	return true;
}

/*
 * VFIO_FIXTURE(NAME): the fixture NAME whose variants are VFIO paths, as
 * FIXTURE, FIXTURE_VARIANT, FIXTURE_SETUP and FIXTURE_TEARDOWN would write it
 * out.  Its tests see self->e (edu on the variant's path), self->src and
 * self->dst; the program adds each path with
 *	FIXTURE_VARIANT_ADD(NAME, name) { .path = VFIO_PATH_... };
 */
#define VFIO_FIXTURE(name)							\
	FIXTURE(name) {								\
		struct vfio_env e;						\
		uint8_t *src, *dst;						\
	};									\
	FIXTURE_VARIANT(name) {							\
		enum vfio_path path;						\
	};									\
	FIXTURE_SETUP(name)							\
	{									\
		vfio_fixture_setup(_metadata, &self->e, variant->path,		\
				   &self->src, &self->dst);			\
	}									\
	FIXTURE_TEARDOWN(name)							\
	{									\
		vfio_env_teardown(&self->e);					\
	}

#endif
