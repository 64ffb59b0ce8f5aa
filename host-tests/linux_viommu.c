// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux virtio-iommu driver (drivers/iommu/virtio-iommu.c) as a VFIO
 * user sees it, with QEMU's edu behind QEMU's virtio-iommu: the reserved
 * regions it builds from PROBE, and how it reports a fault from the event
 * queue.  Behind any other IOMMU every test is a skip.  The IDs above each
 * test are in host-tests/statements.txt.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "vfio_fixture.h"

FIXTURE(viommu) {
	struct vfio_env e;
	uint8_t *src, *dst;
};

FIXTURE_SETUP(viommu)
{
	if (vfio_fixture_setup(_metadata, &self->e, VFIO_PATH_CONTAINER, &self->src, &self->dst) &&
	    self->e.edu.kind != IOMMU_VIRTIO)
		SKIP(return, "edu is behind %s, not a virtio-iommu", self->e.edu.iommu);
}

FIXTURE_TEARDOWN(viommu)
{
	vfio_env_teardown(&self->e);
}

/* LINUX-VIOMMU-1 */
TEST_F(viommu, reserved_regions_match_probe)
{
	char path[96], text[512];

	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%d/reserved_regions",
		 self->e.edu.group);
	ASSERT_LT(0, read_text(path, text, sizeof(text)));
	TH_LOG("%s: %s", path, text);
	/* Exactly PROBE's MSI RESV_MEM: no SW-MSI region at 0x8000000 added. */
	EXPECT_STREQ("0x00000000fee00000 0x00000000feefffff msi\n", text);
}

/* flags_ok TEXT: the bracket of a fault message holds R, W, X in that
 * order, each at most once (the READ, WRITE and EXEC flags of the report). */
static int flags_ok(const char *text)
{
	const char *order = "RWX";

	for (; *text && *text != ']'; text++) {
		order = strchr(order, *text);
		if (!order)
			return 0;
		order++;
	}
	return *text == ']' && text[1] == '\0';
}

/* LINUX-VIOMMU-2 */
TEST_F(viommu, fault_log_format)
{
	char line[512] = "", want[96], *at;
	int kmsg = kmsg_open();

	ASSERT_LE(0, kmsg) TH_LOG("open /dev/kmsg: %s", strerror(-kmsg));
	ASSERT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, edu_dma(self->e.bar0, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	ASSERT_EQ(0, edu_dma(self->e.bar0, EDU_BUF_ADDR, IOVA_HOLE, FAULT_XFER, 1));
	ASSERT_EQ(1, kmsg_find_fault(kmsg, &self->e.edu, IOVA_HOLE, IOVA_HOLE + FAULT_XFER - 1,
				     line, sizeof(line)));
	close(kmsg);
	TH_LOG("kernel: %s", line);
	/* dev_err on the virtio device: "virtio_iommu virtioN: page fault ..." */
	EXPECT_EQ(0, strncmp(line, "virtio_iommu virtio", 19));
	/* An unmapped IOVA is R_MAPPING, logged as "page", with F_ADDRESS. */
	snprintf(want, sizeof(want), ": page fault from EP %u at %#llx [", self->e.edu.rid,
		 IOVA_HOLE);
	at = strstr(line, want);
	ASSERT_NE(NULL, at) TH_LOG("expected '%s' in the message", want);
	EXPECT_TRUE(flags_ok(at + strlen(want))) TH_LOG("flags: '%s'", at + strlen(want));
}

TEST_HARNESS_MAIN
