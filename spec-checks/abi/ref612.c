/* SPDX-License-Identifier: MIT */
/*
 * The iommufd fault-queue ABI of Linux 6.12 as the project's reference
 * records it (kernel-6.12-fault-uapi.md section 1.1, sizes checked there by
 * compiling): the yardstick for whatever linux/iommufd.h is at hand.
 */
#include "abi.h"

#define REF_SIZE(s, v)		{ "sizeof(struct " #s ")", v },
#define REF_FIELD(s, f, off, sz) { "offsetof(" #s ", " #f ")", off }, \
				{ "sizeof(" #s "." #f ")", sz },
#define REF_CONST(c, v)		{ #c, v },

ABI_TABLE(abi_iommufd_ref, "Linux 6.12 reference (section 1.1)",
	REF_CONST(IOMMU_FAULT_QUEUE_ALLOC, 0x3b8e) REF_CONST(IOMMU_HWPT_ALLOC, 0x3b89)
	REF_CONST(IOMMU_HWPT_FAULT_ID_VALID, 1 << 2)
	REF_CONST(IOMMU_PGFAULT_FLAGS_PASID_VALID, 1 << 0)
	REF_CONST(IOMMU_PGFAULT_FLAGS_LAST_PAGE, 1 << 1)
	REF_CONST(IOMMU_PGFAULT_PERM_READ, 1 << 0) REF_CONST(IOMMU_PGFAULT_PERM_WRITE, 1 << 1)
	REF_CONST(IOMMU_PGFAULT_PERM_EXEC, 1 << 2) REF_CONST(IOMMU_PGFAULT_PERM_PRIV, 1 << 3)
	REF_CONST(IOMMUFD_PAGE_RESP_SUCCESS, 0) REF_CONST(IOMMUFD_PAGE_RESP_INVALID, 1)
	REF_SIZE(iommu_fault_alloc, 16)
	REF_FIELD(iommu_fault_alloc, size, 0, 4) REF_FIELD(iommu_fault_alloc, flags, 4, 4)
	REF_FIELD(iommu_fault_alloc, out_fault_id, 8, 4)
	REF_FIELD(iommu_fault_alloc, out_fault_fd, 12, 4)
	REF_SIZE(iommu_hwpt_alloc, 48)
	REF_FIELD(iommu_hwpt_alloc, fault_id, 40, 4)
	REF_SIZE(iommu_hwpt_pgfault, 40)
	REF_FIELD(iommu_hwpt_pgfault, flags, 0, 4) REF_FIELD(iommu_hwpt_pgfault, dev_id, 4, 4)
	REF_FIELD(iommu_hwpt_pgfault, pasid, 8, 4) REF_FIELD(iommu_hwpt_pgfault, grpid, 12, 4)
	REF_FIELD(iommu_hwpt_pgfault, perm, 16, 4)
	REF_FIELD(iommu_hwpt_pgfault, __reserved, 20, 4)
	REF_FIELD(iommu_hwpt_pgfault, addr, 24, 8) REF_FIELD(iommu_hwpt_pgfault, length, 32, 4)
	REF_FIELD(iommu_hwpt_pgfault, cookie, 36, 4)
	REF_SIZE(iommu_hwpt_page_response, 8)
	REF_FIELD(iommu_hwpt_page_response, cookie, 0, 4)
	REF_FIELD(iommu_hwpt_page_response, code, 4, 4));
