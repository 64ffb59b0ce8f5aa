// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include <faultline/virtio_iommu.h>
#include "tests/env.h"

uint64_t env_default_features(const struct viommu *v)
{
	uint64_t want = VIRTIO_IOMMU_FEATURES_DEFINED;

	/* The legacy bypass bit only when the device has nothing better. */
	if (viommu_offered(v, VIRTIO_IOMMU_F_BYPASS_CONFIG))
		want &= ~VIRTIO_BIT(VIRTIO_IOMMU_F_BYPASS);
	return want;
}

bool env_init(struct env *e, uint64_t want, const struct test *t)
{
	int err = viommu_init(&e->v, e->t, want);

	if (err) {
		fail_setup(t->ids, t->name, "initialising the virtio-iommu: %s",
			   vio_strerror(err));
		return false;
	}
	return true;
}

bool env_setup(struct env *e, const struct test *t)
{
	e->v.offered = e->t->ops->device_features(e->t);
	return env_init(e, env_default_features(&e->v), t);
}

bool check_status(enum level level, const char *ids, const char *desc, int observed,
		  int expected, const char *sent_fmt, ...)
{
	struct check c = { .level = level, .ids = ids };
	va_list ap;

	check_desc(&c, "%s", desc);
	va_start(ap, sent_fmt);
	vsnprintf(c.sent, sizeof(c.sent), sent_fmt, ap);
	va_end(ap);
	check_expected(&c, "%s", viommu_status_name(expected));
	check_observed(&c, "%s", viommu_status_name(observed));
	return check_end(&c, observed == expected);
}
