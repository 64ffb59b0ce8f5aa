// SPDX-License-Identifier: GPL-2.0
/*
 * What every VFIO path must do alike, on QEMU's edu behind the VM's IOMMU
 * (virtio-iommu or VT-d), one variant per path: edu's group in VFIO's own
 * container (vfio_iommu_type1.c), its group with iommufd as the container
 * (iommufd/vfio_compat.c), and its cdev bound to iommufd with an IOAS.  DMA
 * is real: edu's engine, 100 ms a transfer.  The IDs above each test are in
 * host-tests/statements.txt: VFIO- for the container, VFIO-COMPAT- for
 * iommufd as the container, VFIO-CDEV- for the cdev.  What only one kind of
 * path has is in vfio_type1.c (the group paths) and vfio_cdev.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "vfio_fixture.h"

VFIO_FIXTURE(vfio)

FIXTURE_VARIANT_ADD(vfio, container) {
	.path = VFIO_PATH_CONTAINER,
};

FIXTURE_VARIANT_ADD(vfio, iommufd) {
	.path = VFIO_PATH_COMPAT,
};

FIXTURE_VARIANT_ADD(vfio, cdev) {
	.path = VFIO_PATH_CDEV,
};

/* VFIO-INFO-1, VFIO-COMPAT-INFO-1, VFIO-CDEV-2 */
TEST_F(vfio, iova_ranges_exclude_msi)
{
	struct iommu_iova_range r[8];
	unsigned int n, i, below = 0, above = 0;

	ASSERT_EQ(0, vfio_env_iova_ranges(&self->e, r, 8, &n));
	ASSERT_GE(8, n);
	for (i = 0; i < n; i++) {
		TH_LOG("range %u: [0x%llx, 0x%llx]", i, (unsigned long long)r[i].start,
		       (unsigned long long)r[i].last);
		EXPECT_TRUE(r[i].last < MSI_START || r[i].start > MSI_END);
		below |= r[i].last == MSI_START - 1;
		above |= r[i].start == MSI_END + 1;
	}
	EXPECT_TRUE(below) TH_LOG("no range ends at 0x%llx", MSI_START - 1);
	EXPECT_TRUE(above) TH_LOG("no range starts at 0x%llx", MSI_END + 1);
	/* The group paths check a MAP in the window in a test of their own
	 * (VFIO-MAP-2): one statement to blame for it. */
	if (variant->path == VFIO_PATH_CDEV)
		EXPECT_EQ(-EINVAL, vfio_env_map(&self->e, self->src, MSI_START, PAGE));
}

/* VFIO-DMA-1, VFIO-COMPAT-DMA-1, VFIO-CDEV-3 */
TEST_F(vfio, dma_round_trip)
{
	ASSERT_EQ(0, vfio_env_map(&self->e, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, vfio_env_map(&self->e, self->dst, IOVA_DST, PAGE));
	ASSERT_EQ(0, edu_round_trip(self->e.bar0, IOVA_SRC, IOVA_DST));
	EXPECT_EQ(0, memcmp(self->src, self->dst, XFER));
	EXPECT_EQ(POISON, self->dst[XFER]) TH_LOG("edu wrote past the transfer");
}

/* VFIO-DMA-2, VFIO-COMPAT-DMA-2, VFIO-CDEV-4 */
TEST_F(vfio, dma_to_unmapped_iova_faults)
{
	bool cdev = variant->path == VFIO_PATH_CDEV;
	char line[512] = "";
	uint64_t done;
	int kmsg = kmsg_open();

	ASSERT_LE(0, kmsg) TH_LOG("open /dev/kmsg: %s", strerror(-kmsg));
	ASSERT_EQ(0, vfio_env_map(&self->e, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, edu_dma(self->e.bar0, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	/* dst was mapped at IOVA_HOLE, then unmapped: a stale IOTLB would let it through. */
	ASSERT_EQ(0, vfio_env_map(&self->e, self->dst, IOVA_HOLE, PAGE));
	ASSERT_EQ(0, vfio_env_unmap(&self->e, IOVA_HOLE, PAGE, &done));
	/* The group paths check the unmapped size (VFIO-MAP-1) and a new
	 * mapping of a faulting IOVA (VFIO-DMA-3) in tests of their own. */
	if (cdev)
		EXPECT_EQ(PAGE, done);
	/* Inside the page: the IOVA logged must be the one faulted on, not its page. */
	ASSERT_EQ(0, edu_dma(self->e.bar0, EDU_BUF_ADDR, IOVA_FAULT, FAULT_XFER, 1));
	ASSERT_EQ(-1, first_not(self->dst, POISON, PAGE)) TH_LOG("bytes written through an unmapped IOVA");
	EXPECT_EQ(1, kmsg_find_dma_fault(kmsg, &self->e.edu, IOVA_FAULT, FAULT_XFER, line,
					 sizeof(line)))
		TH_LOG("no fault message of %s for %s at 0x%llx", self->e.edu.iommu,
		       self->e.edu.bdf, IOVA_FAULT);
	TH_LOG("kernel: %s", line);
	close(kmsg);
	if (!cdev)
		return;
	ASSERT_EQ(0, vfio_env_map(&self->e, self->dst, IOVA_HOLE, PAGE));
	ASSERT_EQ(0, edu_dma(self->e.bar0, EDU_BUF_ADDR, IOVA_HOLE, XFER, 1));
	EXPECT_EQ(0, memcmp(self->src, self->dst, XFER)) TH_LOG("no DMA once mapped again");
}

TEST_HARNESS_MAIN
