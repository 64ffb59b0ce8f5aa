// SPDX-License-Identifier: MIT
/* 5.13.3 Feature bits: what the device offers and which subsets it accepts. */
#include <faultline/virtio.h>
#include "tests/fixture.h"

#define F(bit) VIRTIO_BIT(VIRTIO_IOMMU_F_##bit)

static void map_unmap_offered(struct fixture *e)
{
	check_that(SHOULD, "DEV-FEAT-1", viommu_offered(&e->v, VIRTIO_IOMMU_F_MAP_UNMAP),
		   "features: device offers MAP_UNMAP", "bit 2 set",
		   "device features 0x%llx", (unsigned long long)e->v.offered);
}

static void legacy_bypass_not_offered(struct fixture *e)
{
	check_that(SHOULD, "DEV-FEAT-2", !viommu_offered(&e->v, VIRTIO_IOMMU_F_BYPASS),
		   "features: device does not offer legacy BYPASS", "bit 3 clear",
		   "device features 0x%llx", (unsigned long long)e->v.offered);
}

static void bypass_not_both(struct fixture *e)
{
	bool both = viommu_offered(&e->v, VIRTIO_IOMMU_F_BYPASS) &&
		    viommu_offered(&e->v, VIRTIO_IOMMU_F_BYPASS_CONFIG);

	check_that(SHOULD, "DEV-FEAT-3", !both,
		   "features: device does not offer both BYPASS and BYPASS_CONFIG",
		   "bits 3 and 6 not both set", "device features 0x%llx",
		   (unsigned long long)e->v.offered);
}

/* Feature subsets a driver may choose (DRV-FEAT-1 is only a SHOULD). */
static const struct {
	const char *desc;
	uint64_t want;
} subsets[] = {
	{ "features: device accepts VERSION_1 alone", 0 },
	{ "features: device accepts MAP_UNMAP alone", F(MAP_UNMAP) },
	{ "features: device accepts INPUT_RANGE, DOMAIN_RANGE and PROBE declined",
	  VIRTIO_IOMMU_FEATURES_DEFINED & ~(F(INPUT_RANGE) | F(DOMAIN_RANGE) | F(PROBE)) },
	{ "features: device accepts every offered feature", VIRTIO_IOMMU_FEATURES_DEFINED },
};

static void subsets_accepted(struct fixture *e)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(subsets); i++) {
		uint64_t got = 0;
		int err = vio_negotiate(e->t, subsets[i].want | VIRTIO_BIT(VIRTIO_F_VERSION_1),
					&got);

		record("DRV-FEAT-1", subsets[i].desc, "%s (driver features 0x%llx)",
		       err ? vio_strerror(err) : "FEATURES_OK kept", (unsigned long long)got);
	}
}

static void undefined_bits(struct fixture *e)
{
	/* Device-specific bits are 0-23; the spec defines 0-6. */
	uint64_t extra = e->v.offered & 0xffffffull & ~VIRTIO_IOMMU_FEATURES_DEFINED;

	record("DEV-FEAT-1", "features: device-specific bits beyond the spec's",
	       "0x%llx (device features 0x%llx)", (unsigned long long)extra,
	       (unsigned long long)e->v.offered);
}

const struct test features_tests[] = {
	{ "features.map_unmap_offered", "DEV-FEAT-1", map_unmap_offered },
	{ "features.legacy_bypass_not_offered", "DEV-FEAT-2", legacy_bypass_not_offered },
	{ "features.bypass_not_both", "DEV-FEAT-3", bypass_not_both },
	{ "features.subsets_accepted", "DRV-FEAT-1", subsets_accepted },
	{ "features.undefined_bits", "DEV-FEAT-1", undefined_bits },
};
const unsigned int features_count = ARRAY_SIZE(features_tests);
