/* SPDX-License-Identifier: MIT */
/*
 * The vEVENTQ ABI of Linux 7.2 as read from its include/uapi/linux/iommufd.h
 * (linux-source-7.2 7.2.13): the yardstick for the newest tree found, so
 * that a later kernel moving a field shows up as a difference.
 */
#include "abi.h"

#define REF_SIZE(s, v)		{ "sizeof(struct " #s ")", v },
#define REF_FIELD(s, f, off, sz) { "offsetof(" #s ", " #f ")", off }, \
				{ "sizeof(" #s "." #f ")", sz },
#define REF_CONST(c, v)		{ #c, v },

ABI_TABLE(abi_vevent_ref, "Linux 7.2 reference (include/uapi/linux/iommufd.h)",
	REF_CONST(IOMMU_VIOMMU_ALLOC, 0x3b90) REF_CONST(IOMMU_VDEVICE_ALLOC, 0x3b91)
	REF_CONST(IOMMU_VEVENTQ_ALLOC, 0x3b93) REF_CONST(IOMMU_VEVENTQ_FLAG_LOST_EVENTS, 1)
	REF_SIZE(iommufd_vevent_header, 8)
	REF_FIELD(iommufd_vevent_header, flags, 0, 4)
	REF_FIELD(iommufd_vevent_header, sequence, 4, 4)
	REF_SIZE(iommu_viommu_alloc, 40)
	REF_FIELD(iommu_viommu_alloc, type, 8, 4) REF_FIELD(iommu_viommu_alloc, hwpt_id, 16, 4)
	REF_FIELD(iommu_viommu_alloc, out_viommu_id, 20, 4)
	REF_FIELD(iommu_viommu_alloc, data_uptr, 32, 8)
	REF_SIZE(iommu_vdevice_alloc, 24)
	REF_FIELD(iommu_vdevice_alloc, out_vdevice_id, 12, 4)
	REF_FIELD(iommu_vdevice_alloc, virt_id, 16, 8)
	REF_SIZE(iommu_veventq_alloc, 32)
	REF_FIELD(iommu_veventq_alloc, viommu_id, 8, 4) REF_FIELD(iommu_veventq_alloc, type, 12, 4)
	REF_FIELD(iommu_veventq_alloc, veventq_depth, 16, 4)
	REF_FIELD(iommu_veventq_alloc, out_veventq_id, 20, 4)
	REF_FIELD(iommu_veventq_alloc, out_veventq_fd, 24, 4));
