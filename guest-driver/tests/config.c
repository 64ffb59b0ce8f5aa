// SPDX-License-Identifier: MIT
/* 5.13.4 Device configuration layout: page_size_mask and bypass. */
#include "tests/fixture.h"

static void page_size_mask(struct fixture *e)
{
	uint64_t mask = e->v.cfg.page_size_mask;

	check_that(MUST, "DEV-CFG-1", mask != 0, "config: page_size_mask has a bit set",
		   "non-zero", "0x%llx", (unsigned long long)mask);
	record("DEV-CFG-2", "config: page sizes offered", "page_size_mask 0x%llx (%s)",
	       (unsigned long long)mask, mask & (mask - 1) ? "several sizes" : "one size");
}

static bool bypass_legal(uint8_t b)
{
	return b == 0 || b == 1;
}

static bool need_bypass_config(struct fixture *e, const char *ids, const char *desc)
{
	if (viommu_negotiated(&e->v, VIRTIO_IOMMU_F_BYPASS_CONFIG))
		return true;
	skip(ids, desc, "VIRTIO_IOMMU_F_BYPASS_CONFIG not offered");
	return false;
}

static void bypass_initial(struct fixture *e)
{
	uint8_t b = e->v.cfg.bypass;

	if (!need_bypass_config(e, "DEV-CFG-3,DEV-CFG-6", "config: initial bypass"))
		return;
	record("DEV-CFG-3", "config: initial bypass", "bypass=%u", b);
	check_that(MUST, "DEV-CFG-6", bypass_legal(b), "config: initial bypass is 0 or 1",
		   "0 or 1", "%u", b);
}

/* The value written must survive a device reset (only a system reset restores it). */
static void bypass_kept_across_reset(struct fixture *e)
{
	const char *desc = "config: bypass keeps its value across device reset";
	uint8_t initial = viommu_read_bypass(&e->v), want = !initial, after;

	if (!need_bypass_config(e, "DEV-CFG-4,DEV-CFG-6", desc))
		return;
	viommu_write_bypass(&e->v, want);
	check_that(MUST, "DEV-CFG-6", bypass_legal(viommu_read_bypass(&e->v)),
		   "config: bypass is 0 or 1 after a write", "0 or 1", "%u",
		   viommu_read_bypass(&e->v));
	viommu_reset(&e->v);
	after = viommu_read_bypass(&e->v);
	check_that(SHOULD, "DEV-CFG-4", after == want, desc, want ? "1" : "0",
		   "%u (wrote %u over %u, then reset)", after, want, initial);
	check_that(MUST, "DEV-CFG-6", bypass_legal(after),
		   "config: bypass is 0 or 1 after device reset", "0 or 1", "%u", after);
	/* A write needs BYPASS_CONFIG negotiated again. */
	if (!viommu_init(&e->v, e->t, e->v.negotiated))
		viommu_write_bypass(&e->v, initial);
}

/* A driver must not write 2 (DRV-CFG-3); the device must still show 0 or 1. */
static void bypass_illegal_write(struct fixture *e)
{
	const char *desc = "config: bypass reads 0 or 1 after the driver writes 2";
	uint8_t initial = viommu_read_bypass(&e->v), after;

	if (!need_bypass_config(e, "DEV-CFG-6", desc))
		return;
	viommu_write_bypass(&e->v, 2);
	after = viommu_read_bypass(&e->v);
	check_that(MUST, "DEV-CFG-6", bypass_legal(after), desc, "0 or 1", "%u", after);
	/* What else the device does with the illegal value is left open. */
	record("DRV-CFG-3", "config: what the device does when the driver writes 2 to bypass",
	       "reads %u, DEVICE_NEEDS_RESET %s", after, viommu_needs_reset(&e->v) ? "set" : "clear");
	if (viommu_needs_reset(&e->v))
		fx_reinit(e, "DRV-CFG-3", desc);
	viommu_write_bypass(&e->v, initial);
}

const struct test config_tests[] = {
	{ "config.page_size_mask", "DEV-CFG-1,DEV-CFG-2", page_size_mask },
	{ "config.bypass_initial", "DEV-CFG-3,DEV-CFG-6", bypass_initial },
	{ "config.bypass_kept_across_reset", "DEV-CFG-4,DEV-CFG-6", bypass_kept_across_reset },
	{ "config.bypass_illegal_write", "DEV-CFG-6,DRV-CFG-3", bypass_illegal_write },
};
const unsigned int config_count = ARRAY_SIZE(config_tests);
