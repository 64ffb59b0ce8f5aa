// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO's group path with the type1v2 IOMMU interface, on QEMU's edu behind
 * the VM's IOMMU (virtio-iommu or VT-d).  Each test runs twice: with VFIO's
 * own container (vfio_iommu_type1.c) and with iommufd as the container
 * (iommufd/vfio_compat.c), which implements the same ioctls.  DMA is real:
 * edu's engine, 100 ms a transfer.  The IDs above each test are in
 * host-tests/statements.txt: VFIO- for the container, VFIO-COMPAT- for iommufd.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "vfio_helpers.h"

FIXTURE(type1) {
	struct vfio_env e;
	uint8_t *src, *dst;
};

FIXTURE_VARIANT(type1) {
	const char *container;	/* the node given to VFIO_GROUP_SET_CONTAINER */
};

FIXTURE_VARIANT_ADD(type1, container) {
	.container = "/dev/vfio/vfio",
};

FIXTURE_VARIANT_ADD(type1, iommufd) {
	.container = "/dev/iommu",
};

FIXTURE_SETUP(type1)
{
	const char *why = "";
	int rc = vfio_env_setup(&self->e, variant->container, &why);

	if (rc == VFIO_ENV_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, rc) TH_LOG("setup: %s: %s", why, strerror(-rc));
	self->src = dma_pages();
	ASSERT_NE(NULL, self->src);
	self->dst = self->src + PAGE;
}

FIXTURE_TEARDOWN(type1)
{
	vfio_env_teardown(&self->e);
}

/* VFIO-API-1, VFIO-COMPAT-API-1 */
TEST_F(type1, api_version)
{
	ASSERT_EQ(VFIO_API_VERSION, ioctl(self->e.container, VFIO_GET_API_VERSION));
}

/* VFIO-API-2, VFIO-COMPAT-API-2 */
TEST_F(type1, extensions)
{
	EXPECT_EQ(1, ioctl(self->e.container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU));
	EXPECT_EQ(1, ioctl(self->e.container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU));
	EXPECT_EQ(1, ioctl(self->e.container, VFIO_CHECK_EXTENSION, VFIO_UNMAP_ALL));
}

/* VFIO-GROUP-1, VFIO-COMPAT-GROUP-1 */
TEST_F(type1, group_viable_and_set)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };

	ASSERT_EQ(0, ioctl(self->e.group, VFIO_GROUP_GET_STATUS, &st));
	EXPECT_EQ(VFIO_GROUP_FLAGS_VIABLE | VFIO_GROUP_FLAGS_CONTAINER_SET, st.flags);
}

/* VFIO-INFO-1, VFIO-COMPAT-INFO-1 */
TEST_F(type1, iova_ranges_exclude_msi)
{
	struct vfio_iova_range r[8];
	unsigned int n, i, below = 0, above = 0;

	ASSERT_EQ(0, vfio_iova_ranges(self->e.container, r, 8, &n));
	for (i = 0; i < n; i++) {
		TH_LOG("range %u: [0x%llx, 0x%llx]", i, (unsigned long long)r[i].start,
		       (unsigned long long)r[i].end);
		EXPECT_TRUE(r[i].end < MSI_START || r[i].start > MSI_END);
		below |= r[i].end == MSI_START - 1;
		above |= r[i].start == MSI_END + 1;
	}
	EXPECT_TRUE(below) TH_LOG("no range ends at 0x%llx", MSI_START - 1);
	EXPECT_TRUE(above) TH_LOG("no range starts at 0x%llx", MSI_END + 1);
}

/* VFIO-MAP-1, VFIO-COMPAT-MAP-1 */
TEST_F(type1, map_unmap)
{
	uint64_t done;

	ASSERT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
	EXPECT_EQ(-EEXIST, vfio_map(self->e.container, self->dst, IOVA_SRC, PAGE));
	ASSERT_EQ(0, vfio_unmap(self->e.container, IOVA_SRC, PAGE, 0, &done));
	EXPECT_EQ(PAGE, done);
	ASSERT_EQ(0, vfio_unmap(self->e.container, IOVA_SRC, PAGE, 0, &done));
	EXPECT_EQ(0, done);
}

/* VFIO-MAP-2, VFIO-COMPAT-MAP-2 */
TEST_F(type1, map_in_msi_window_rejected)
{
	EXPECT_EQ(-EINVAL, vfio_map(self->e.container, self->src, MSI_START, PAGE));
	EXPECT_EQ(-EINVAL, vfio_map(self->e.container, self->src, MSI_START - PAGE, 2 * PAGE));
}

/* VFIO-MAP-3, VFIO-COMPAT-MAP-3 */
TEST_F(type1, unmap_all)
{
	uint64_t done;

	ASSERT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, vfio_map(self->e.container, self->dst, IOVA_DST, PAGE));
	EXPECT_EQ(-EINVAL, vfio_unmap(self->e.container, IOVA_SRC, 0, VFIO_DMA_UNMAP_FLAG_ALL, NULL));
	ASSERT_EQ(0, vfio_unmap(self->e.container, 0, 0, VFIO_DMA_UNMAP_FLAG_ALL, &done));
	EXPECT_EQ(2 * PAGE, done);
	EXPECT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
}

/* VFIO-DEV-1, VFIO-COMPAT-DEV-1 */
TEST_F(type1, bar0_is_edu)
{
	ASSERT_EQ(EDU_ID_VALUE, *(volatile uint32_t *)(self->e.bar0 + EDU_REG_ID));
}

/* round_trip: edu reads XFER bytes at IOVA_SRC and writes them at DST. */
static int round_trip(const struct vfio_env *e, uint64_t dst)
{
	int rc = edu_dma(e, IOVA_SRC, EDU_BUF_ADDR, XFER, 0);

	return rc ? rc : edu_dma(e, EDU_BUF_ADDR, dst, XFER, 1);
}

/* VFIO-DMA-1, VFIO-COMPAT-DMA-1 */
TEST_F(type1, dma_round_trip)
{
	ASSERT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, vfio_map(self->e.container, self->dst, IOVA_DST, PAGE));
	ASSERT_EQ(0, round_trip(&self->e, IOVA_DST));
	EXPECT_EQ(0, memcmp(self->src, self->dst, XFER));
	EXPECT_EQ(POISON, self->dst[XFER]) TH_LOG("edu wrote past the transfer");
}

/* VFIO-DMA-2, VFIO-COMPAT-DMA-2 */
TEST_F(type1, dma_to_unmapped_iova_faults)
{
	char line[512] = "";
	int kmsg = kmsg_open();

	ASSERT_LE(0, kmsg) TH_LOG("open /dev/kmsg: %s", strerror(-kmsg));
	ASSERT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, edu_dma(&self->e, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	/* dst was mapped at IOVA_HOLE, then unmapped: a stale IOTLB would let it through. */
	ASSERT_EQ(0, vfio_map(self->e.container, self->dst, IOVA_HOLE, PAGE));
	ASSERT_EQ(0, vfio_unmap(self->e.container, IOVA_HOLE, PAGE, 0, NULL));
	ASSERT_EQ(0, edu_dma(&self->e, EDU_BUF_ADDR, IOVA_HOLE, FAULT_XFER, 1));
	ASSERT_EQ(-1, first_not(self->dst, POISON, PAGE)) TH_LOG("bytes written through an unmapped IOVA");
	EXPECT_EQ(1, kmsg_find_fault(kmsg, &self->e.edu, IOVA_HOLE, IOVA_HOLE + FAULT_XFER - 1,
				     line, sizeof(line)))
		TH_LOG("no fault message of %s for %s at 0x%llx", self->e.edu.iommu,
		       self->e.edu.bdf, IOVA_HOLE);
	TH_LOG("kernel: %s", line);
	close(kmsg);
}

/* VFIO-DMA-3, VFIO-COMPAT-DMA-3 */
TEST_F(type1, dma_works_again_once_mapped)
{
	ASSERT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, edu_dma(&self->e, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	ASSERT_EQ(0, edu_dma(&self->e, EDU_BUF_ADDR, IOVA_HOLE, FAULT_XFER, 1));
	ASSERT_EQ(0, vfio_map(self->e.container, self->dst, IOVA_HOLE, PAGE));
	ASSERT_EQ(0, edu_dma(&self->e, EDU_BUF_ADDR, IOVA_HOLE, XFER, 1));
	EXPECT_EQ(0, memcmp(self->src, self->dst, XFER));
}

/* VFIO-DMA-4, VFIO-COMPAT-DMA-4 */
TEST_F(type1, dma_works_after_reset)
{
	ASSERT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, vfio_map(self->e.container, self->dst, IOVA_DST, PAGE));
	ASSERT_EQ(0, edu_dma(&self->e, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	ASSERT_EQ(0, edu_dma(&self->e, EDU_BUF_ADDR, IOVA_HOLE, FAULT_XFER, 1));
	ASSERT_EQ(0, vfio_reset(&self->e)) TH_LOG("VFIO_DEVICE_RESET of %s", self->e.edu.bdf);
	ASSERT_EQ(EDU_ID_VALUE, *(volatile uint32_t *)(self->e.bar0 + EDU_REG_ID));
	ASSERT_EQ(0, round_trip(&self->e, IOVA_DST));
	EXPECT_EQ(0, memcmp(self->src, self->dst, XFER)) TH_LOG("no DMA after the reset");
}

TEST_HARNESS_MAIN
