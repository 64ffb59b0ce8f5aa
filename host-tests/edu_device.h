/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding QEMU's edu in the test VM and handing it, and only it, to
 * vfio-pci (driver_override); its IOMMU group and the IOMMU in front of it,
 * from sysfs.  Functions return 0, VFIO_ENV_SKIP, or -errno.
 */
#ifndef FAULTLINE_EDU_DEVICE_H
#define FAULTLINE_EDU_DEVICE_H

#include <stddef.h>

/* Returned when the VM lacks a piece: the test is a skip, *why says which. */
#define VFIO_ENV_SKIP 1

/* edu's PCI IDs (hw/misc/edu.c). */
enum { EDU_VENDOR = 0x1234, EDU_DEVICE = 0x11e8 };

/* The IOMMU in front of edu, from its sysfs "iommu" link: each logs faults
 * in its own words (iommu_log.h). */
enum iommu_kind { IOMMU_UNKNOWN, IOMMU_VIRTIO, IOMMU_VTD };

struct edu {
	char bdf[32];		/* 0000:01:00.0 */
	unsigned int rid;	/* requester ID: the virtio-iommu endpoint ID */
	int group;		/* /sys/kernel/iommu_groups/N, or -1 */
	char iommu[32];		/* /sys/class/iommu/NAME: dmar0, or the virtio-iommu's PCI name */
	enum iommu_kind kind;
};

/* sysfs_read PATH BUF SIZE: a small sysfs file, NUL-terminated; its length or -errno. */
int sysfs_read(const char *path, char *buf, size_t size);

int edu_find(struct edu *edu, const char **why);
int edu_bind_vfio(const struct edu *edu, const char **why);
int edu_group(struct edu *edu, const char **why);
/* edu_claim EDU WHY: the three above, in order: edu found, bound, grouped. */
int edu_claim(struct edu *edu, const char **why);

#endif
