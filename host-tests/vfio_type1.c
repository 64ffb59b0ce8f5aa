// SPDX-License-Identifier: GPL-2.0
/*
 * What only VFIO's group path has: a container, with the type1v2 IOMMU
 * interface, on QEMU's edu behind the VM's IOMMU (virtio-iommu or VT-d).
 * Each test runs twice: with VFIO's own container (vfio_iommu_type1.c) and
 * with iommufd as the container (iommufd/vfio_compat.c), which implements the
 * same ioctls.  What every path does alike is in vfio_paths.c.  The IDs above
 * each test are in host-tests/statements.txt: VFIO- for the container,
 * VFIO-COMPAT- for iommufd.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "vfio_fixture.h"

VFIO_FIXTURE(type1)

FIXTURE_VARIANT_ADD(type1, container) {
	.path = VFIO_PATH_CONTAINER,
};

FIXTURE_VARIANT_ADD(type1, iommufd) {
	.path = VFIO_PATH_COMPAT,
};

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

/* VFIO-DMA-3, VFIO-COMPAT-DMA-3 */
TEST_F(type1, dma_works_again_once_mapped)
{
	ASSERT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, edu_dma(self->e.bar0, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	ASSERT_EQ(0, edu_dma(self->e.bar0, EDU_BUF_ADDR, IOVA_HOLE, FAULT_XFER, 1));
	ASSERT_EQ(0, vfio_map(self->e.container, self->dst, IOVA_HOLE, PAGE));
	ASSERT_EQ(0, edu_dma(self->e.bar0, EDU_BUF_ADDR, IOVA_HOLE, XFER, 1));
	EXPECT_EQ(0, memcmp(self->src, self->dst, XFER));
}

/* VFIO-DMA-4, VFIO-COMPAT-DMA-4 */
TEST_F(type1, dma_works_after_reset)
{
	ASSERT_EQ(0, vfio_map(self->e.container, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, vfio_map(self->e.container, self->dst, IOVA_DST, PAGE));
	ASSERT_EQ(0, edu_dma(self->e.bar0, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	ASSERT_EQ(0, edu_dma(self->e.bar0, EDU_BUF_ADDR, IOVA_HOLE, FAULT_XFER, 1));
	ASSERT_EQ(0, vfio_reset(&self->e)) TH_LOG("VFIO_DEVICE_RESET of %s", self->e.edu.bdf);
	ASSERT_EQ(EDU_ID_VALUE, *(volatile uint32_t *)(self->e.bar0 + EDU_REG_ID));
	ASSERT_EQ(0, edu_round_trip(self->e.bar0, IOVA_SRC, IOVA_DST));
	EXPECT_EQ(0, memcmp(self->src, self->dst, XFER)) TH_LOG("no DMA after the reset");
}

TEST_HARNESS_MAIN
