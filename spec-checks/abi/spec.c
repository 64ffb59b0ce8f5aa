/* SPDX-License-Identifier: MIT */
/* The project's spec header as a table (spec-checks/abi/abi.h). */
#include <faultline/virtio_iommu.h>
#include "abi.h"

ABI_TABLE(abi_spec, "include/faultline/virtio_iommu.h",
	VIOMMU_COMMON_ITEMS
	ABI_FIELD(virtio_iommu_fault, reserved1)
	ABI_CONST(VIRTIO_IOMMU_REQUESTQ) ABI_CONST(VIRTIO_IOMMU_EVENTQ)
	ABI_CONST(VIRTIO_IOMMU_FEATURES_DEFINED) ABI_CONST(VIRTIO_IOMMU_FAULT_F_DEFINED));
