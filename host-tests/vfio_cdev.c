// SPDX-License-Identifier: GPL-2.0
/*
 * What only VFIO's device cdev with iommufd has (/dev/vfio/devices/vfioN,
 * /dev/iommu): edu bound to iommufd and attached to an IOAS, behind the VM's
 * IOMMU.  What every path does alike, the cdev included, is in vfio_paths.c.
 * The IDs above each test are in host-tests/statements.txt.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "vfio_fixture.h"
#include "iommufd_helpers.h"

FIXTURE(cdev) {
	struct vfio_env e;
	uint8_t *src, *dst;
};

FIXTURE_SETUP(cdev)
{
	vfio_fixture_setup(_metadata, &self->e, VFIO_PATH_CDEV, &self->src, &self->dst);
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

/* VFIO-CDEV-5 */
TEST_F(cdev, detach_blocks_dma)
{
	struct vfio_device_detach_iommufd_pt detach = { .argsz = sizeof(detach) };

	ASSERT_EQ(0, vfio_env_map(&self->e, self->src, IOVA_SRC, PAGE));
	ASSERT_EQ(0, vfio_env_map(&self->e, self->dst, IOVA_DST, PAGE));
	ASSERT_EQ(0, edu_dma(self->e.bar0, IOVA_SRC, EDU_BUF_ADDR, XFER, 0));
	ASSERT_EQ(0, ioctl(self->e.device, VFIO_DEVICE_DETACH_IOMMUFD_PT, &detach));
	ASSERT_EQ(0, edu_dma(self->e.bar0, EDU_BUF_ADDR, IOVA_DST, FAULT_XFER, 1));
	EXPECT_EQ(-1, first_not(self->dst, POISON, PAGE)) TH_LOG("DMA of a detached device landed");
}

/* sysfs_hex64 PATH: a hex register as the VT-d driver shows it, or 0. */
static uint64_t sysfs_hex64(const char *path)
{
	char buf[32];

	return sysfs_read(path, buf, sizeof(buf)) > 0 ? strtoull(buf, NULL, 16) : 0;
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
