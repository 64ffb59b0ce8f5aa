// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO's device cdev with iommufd (/dev/vfio/devices/vfioN, /dev/iommu):
 * edu bound to iommufd, attached to an IOAS, and doing real DMA through it,
 * behind virtio-iommu (the VM's "vfio" configuration).  The IDs above each
 * test are in host-tests/statements.txt.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "vfio_helpers.h"
#include "iommufd_helpers.h"

FIXTURE(cdev) {
	struct vfio_env e;
	uint8_t *src, *dst;
};

FIXTURE_SETUP(cdev)
{
	const char *why = "";
	int rc = vfio_cdev_setup(&self->e, &why);

	if (rc == VFIO_ENV_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, rc) TH_LOG("setup: %s: %s", why, strerror(-rc));
	self->src = dma_pages();
	ASSERT_NE(NULL, self->src);
	self->dst = self->src + PAGE;
}

FIXTURE_TEARDOWN(cdev)
{
	vfio_env_teardown(&self->e);
}

/* VFIO-CDEV-1 */
TEST_F(cdev, bind_and_attach)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind), .iommufd = self->e.iommufd };

	EXPECT_NE(0, self->e.devid);
	/* The IOAS is wrapped in a paging page table of its own id. */
	EXPECT_NE(0, self->e.hwpt_id);
	EXPECT_NE(self->e.ioas_id, self->e.hwpt_id);
	EXPECT_EQ(-1, ioctl(self->e.device, VFIO_DEVICE_BIND_IOMMUFD, &bind));
	EXPECT_EQ(EINVAL, errno);
}

/* VFIO-CDEV-2 */
TEST_F(cdev, iova_ranges_exclude_msi)
{
	struct iommu_iova_range r[8];
	unsigned int n, i, below = 0, above = 0;

	ASSERT_EQ(0, ioas_iova_ranges(self->e.iommufd, self->e.ioas_id, r, 8, &n));
	ASSERT_GE(8, n);
	for (i = 0; i < n; i++) {
		TH_LOG("range %u: [0x%llx, 0x%llx]", i, (unsigned long long)r[i].start,
		       (unsigned long long)r[i].last);
		EXPECT_TRUE(r[i].last < MSI_START || r[i].start > MSI_END);
		below |= r[i].last == MSI_START - 1;
		above |= r[i].start == MSI_END + 1;
	}
	EXPECT_TRUE(below);
	EXPECT_TRUE(above);
	EXPECT_EQ(-EINVAL, ioas_map_fixed(self->e.iommufd, self->e.ioas_id, self->src,
					  MSI_START, PAGE));
}

/* VFIO-CDEV-3 */
TEST_F(cdev, dma_round_trip)
{
	int fd = self->e.iommufd, ioas = self->e.ioas_id;

	ASSERT_EQ(0, ioas_map_fixed(fd, ioas, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, ioas_map_fixed(fd, ioas, self->dst, IOVA_DST, PAGE));
	ASSERT_EQ(0, edu_dma(&self->e, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	ASSERT_EQ(0, edu_dma(&self->e, EDU_BUF_ADDR, IOVA_DST, XFER, 1));
	EXPECT_EQ(0, memcmp(self->src, self->dst, XFER));
	EXPECT_EQ(POISON, self->dst[XFER]);
}

/* VFIO-CDEV-4 */
TEST_F(cdev, dma_to_unmapped_iova_faults)
{
	int fd = self->e.iommufd, ioas = self->e.ioas_id, kmsg = kmsg_open();
	uint64_t done;
	char line[512] = "";

	ASSERT_LE(0, kmsg);
	ASSERT_EQ(0, ioas_map_fixed(fd, ioas, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, edu_dma(&self->e, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	ASSERT_EQ(0, ioas_map_fixed(fd, ioas, self->dst, IOVA_HOLE, PAGE));
	ASSERT_EQ(0, ioas_unmap(fd, ioas, IOVA_HOLE, PAGE, &done));
	EXPECT_EQ(PAGE, done);
	ASSERT_EQ(0, edu_dma(&self->e, EDU_BUF_ADDR, IOVA_HOLE, FAULT_XFER, 1));
	ASSERT_EQ(-1, first_not(self->dst, POISON, PAGE)) TH_LOG("written through an unmapped IOVA");
	EXPECT_EQ(1, kmsg_find_fault(kmsg, &self->e.edu, IOVA_HOLE, IOVA_HOLE + FAULT_XFER - 1,
				     line, sizeof(line)));
	TH_LOG("kernel: %s", line);
	ASSERT_EQ(0, ioas_map_fixed(fd, ioas, self->dst, IOVA_HOLE, PAGE));
	ASSERT_EQ(0, edu_dma(&self->e, EDU_BUF_ADDR, IOVA_HOLE, XFER, 1));
	EXPECT_EQ(0, memcmp(self->src, self->dst, XFER)) TH_LOG("no DMA once mapped again");
	close(kmsg);
}

/* VFIO-CDEV-5 */
TEST_F(cdev, detach_blocks_dma)
{
	struct vfio_device_detach_iommufd_pt detach = { .argsz = sizeof(detach) };
	int fd = self->e.iommufd, ioas = self->e.ioas_id;

	ASSERT_EQ(0, ioas_map_fixed(fd, ioas, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, ioas_map_fixed(fd, ioas, self->dst, IOVA_DST, PAGE));
	ASSERT_EQ(0, edu_dma(&self->e, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	ASSERT_EQ(0, ioctl(self->e.device, VFIO_DEVICE_DETACH_IOMMUFD_PT, &detach));
	ASSERT_EQ(0, edu_dma(&self->e, EDU_BUF_ADDR, IOVA_DST, FAULT_XFER, 1));
	EXPECT_EQ(-1, first_not(self->dst, POISON, PAGE)) TH_LOG("DMA of a detached device landed");
}

/* sysfs_hex64 PATH: a hex register as the VT-d driver shows it, or 0. */
static uint64_t sysfs_hex64(const char *path)
{
	char buf[32];

	return read_text(path, buf, sizeof(buf)) > 0 ? strtoull(buf, NULL, 16) : 0;
}

/* VFIO-CDEV-6 */
TEST_F(cdev, hw_info_names_the_iommu)
{
	struct iommu_hw_info_vtd vtd = {};
	struct iommu_hw_info info = {
		.size = sizeof(info), .dev_id = self->e.devid,
		.data_len = sizeof(vtd), .data_uptr = (uintptr_t)&vtd,
	};
	char path[128];

	ASSERT_EQ(0, ioctl(self->e.iommufd, IOMMU_GET_HW_INFO, &info));
	TH_LOG("%s: type %u, %u bytes", self->e.edu.iommu, info.out_data_type, info.data_len);
	if (self->e.edu.kind == IOMMU_VIRTIO) {
		EXPECT_EQ(IOMMU_HW_INFO_TYPE_NONE, info.out_data_type);
		EXPECT_EQ(0, info.data_len);
		return;
	}
	ASSERT_EQ(IOMMU_VTD, self->e.edu.kind) TH_LOG("edu behind an unknown IOMMU");
	EXPECT_EQ(IOMMU_HW_INFO_TYPE_INTEL_VTD, info.out_data_type);
	EXPECT_EQ(sizeof(vtd), info.data_len);
	snprintf(path, sizeof(path), "/sys/class/iommu/%s/intel-iommu/cap", self->e.edu.iommu);
	EXPECT_EQ(sysfs_hex64(path), vtd.cap_reg);
	snprintf(path, sizeof(path), "/sys/class/iommu/%s/intel-iommu/ecap", self->e.edu.iommu);
	EXPECT_EQ(sysfs_hex64(path), vtd.ecap_reg);
}

/* VFIO-CDEV-7 */
TEST_F(cdev, fault_capable_hwpt_refused)
{
	struct iommu_hwpt_alloc cmd = {
		.size = sizeof(cmd), .flags = IOMMU_HWPT_FAULT_ID_VALID,
		.dev_id = self->e.devid, .pt_id = self->e.ioas_id,
	};
	int fault_fd = -1;

	ASSERT_EQ(0, fault_alloc(self->e.iommufd, 0, &cmd.fault_id, &fault_fd));
	EXPECT_EQ(-EOPNOTSUPP, hwpt_alloc(self->e.iommufd, &cmd));
	close(fault_fd);
}

TEST_HARNESS_MAIN
