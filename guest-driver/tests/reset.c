// SPDX-License-Identifier: MIT
/*
 * 5.13.4 bypass across a system reset: written with the other value, then
 * the whole machine reset, bypass reads its power-on value again
 * (DEV-CFG-5).  The test resets the machine, so the runner boots it on its
 * own (harness/reset.h); its power-on value is what the device showed before
 * any test of the boot wrote it.
 */
#include "fuzz/api.h"
#include "harness/reset.h"
#include "harness/tap.h"
#include "tests/fixture.h"

enum { D_INITIAL, D_WRITTEN };

static void bypass_restored(struct fixture *e)
{
	const char *ids = "DEV-CFG-5";
	const char *desc = "reset: bypass is back at its power-on value after a system reset";
	uint8_t data[SUITE_RESET_DATA] = { 0 }, now;

	if (suite_after_reset(data)) {
		now = viommu_read_bypass(&e->v);
		check_that(SHOULD, ids, now == data[D_INITIAL], desc, data[D_INITIAL] ? "1" : "0",
			   "%u (%u at power-on, %u written before the system reset)", now,
			   data[D_INITIAL], data[D_WRITTEN]);
		return;
	}
	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_BYPASS_CONFIG)) {
		skip(ids, desc, "VIRTIO_IOMMU_F_BYPASS_CONFIG not offered");
		return;
	}
	data[D_INITIAL] = e->boot_bypass;
	data[D_WRITTEN] = !e->boot_bypass;
	viommu_write_bypass(&e->v, data[D_WRITTEN]);
	now = viommu_read_bypass(&e->v);
	if (now != data[D_WRITTEN]) {
		skip(ids, desc, "bypass reads %u after writing %u: nothing to undo", now, data[D_WRITTEN]);
		return;
	}
	tap_diag("bypass: %u written over %u; resetting the machine", data[D_WRITTEN],
		 data[D_INITIAL]);
	suite_system_reset(data);
}

const struct test reset_tests[] = {
	{ "reset.bypass_restored", "DEV-CFG-5", bypass_restored },
	/* the random sequences' own (fuzz/sysreset.c): a program ending in a system reset */
	{ "reset.sequences.random", "GEN-1,DEV-CFG-5", fz_sysreset },
};
const unsigned int reset_count = ARRAY_SIZE(reset_tests);
