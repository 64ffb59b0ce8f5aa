/* SPDX-License-Identifier: GPL-2.0 */
/*
 * edu behind the VM's IOMMU through one of VFIO's three paths, ready for
 * DMA: BAR0 mapped, memory decoding and bus mastering on.  Functions return
 * 0, VFIO_ENV_SKIP (the kernel or VM lacks a piece; *why says which) or
 * -errno (*why names the step).
 */
#ifndef FAULTLINE_VFIO_SETUP_H
#define FAULTLINE_VFIO_SETUP_H

#include <stddef.h>
#include <stdint.h>
/* The tree's raw uAPI header (host.mk): __user is a kernel annotation. */
#ifndef __user
#define __user
#endif
#include <linux/vfio.h>
#include <linux/iommufd.h>

#include "edu_device.h"

enum vfio_path {
	/* edu's group in VFIO's own container, type1v2 (vfio_iommu_type1.c) */
	VFIO_PATH_CONTAINER,
	/* edu's group with /dev/iommu as the container, type1v2
	 * (iommufd/vfio_compat.c, which implements the same ioctls) */
	VFIO_PATH_COMPAT,
	/* edu's cdev (/dev/vfio/devices/vfioN) bound to iommufd, attached to an IOAS */
	VFIO_PATH_CDEV,
};

struct vfio_env {
	enum vfio_path path;
	struct edu edu;
	int container;		/* group paths: /dev/vfio/vfio or /dev/iommu; -1 for cdev */
	int group;		/* group paths: /dev/vfio/N; -1 for cdev */
	int device;
	int iommufd;		/* cdev path: /dev/iommu; -1 otherwise */
	uint32_t devid, ioas_id, hwpt_id;	/* cdev path */
	volatile uint8_t *bar0;
	size_t bar0_size;
};

int vfio_env_setup(struct vfio_env *e, enum vfio_path path, const char **why);
void vfio_env_teardown(struct vfio_env *e);
/* vfio_reset E: VFIO_DEVICE_RESET, after checking GET_INFO offers it. */
int vfio_reset(const struct vfio_env *e);

#endif
