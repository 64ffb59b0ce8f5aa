/* SPDX-License-Identifier: MIT */
/*
 * A Linux uapi linux/virtio_iommu.h as a table, built once per header:
 * ABI_SYM names the table, ABI_HDR the header as a quoted path (none: the
 * build host's), ABI_WHY the reason when there is no header to read.
 */
#include "abi.h"

#ifdef ABI_WHY
ABI_SKIP(ABI_SYM, "kernel tree include/uapi/linux/virtio_iommu.h", ABI_WHY);
#else
#ifdef ABI_HDR
#include ABI_HDR
#define ABI_ORIGIN ABI_HDR
#else
#include <linux/virtio_iommu.h>
#define ABI_ORIGIN "/usr/include/linux/virtio_iommu.h"
#endif

ABI_TABLE(ABI_SYM, ABI_ORIGIN,
	VIOMMU_COMMON_ITEMS
	ABI_FIELD(virtio_iommu_fault, reserved2)
	ABI_OFFSET(virtio_iommu_req_probe, properties)
	ABI_CONST(VIRTIO_IOMMU_FAULT_F_EXEC) ABI_CONST(VIRTIO_IOMMU_MAP_F_MASK));
#endif
