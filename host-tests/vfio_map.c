// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of vfio_map.h.  Nothing here asserts: the tests do.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "vfio_map.h"
#include "iommufd_helpers.h"

int vfio_map_prot(int container, void *vaddr, uint64_t iova, uint64_t size, uint32_t prot)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = prot,
		.vaddr = (uintptr_t)vaddr, .iova = iova, .size = size,
	};

	return sys_result(ioctl(container, VFIO_IOMMU_MAP_DMA, &map));
}

int vfio_map(int container, void *vaddr, uint64_t iova, uint64_t size)
{
	return vfio_map_prot(container, vaddr, iova, size,
			     VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE);
}

int vfio_unmap(int container, uint64_t iova, uint64_t size, uint32_t flags, uint64_t *unmapped)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap), .flags = flags, .iova = iova, .size = size,
	};
	int rc = sys_result(ioctl(container, VFIO_IOMMU_UNMAP_DMA, &unmap));

	if (unmapped)
		*unmapped = rc < 0 ? 0 : unmap.size;
	return rc;
}

/* VFIO_IOMMU_GET_INFO twice: once for the size, once with the capability chain. */
static int type1_iova_ranges(int container, struct iommu_iova_range *out, unsigned int max,
			     unsigned int *count)
{
	struct vfio_iommu_type1_info probe = { .argsz = sizeof(probe) }, *info;
	struct vfio_info_cap_header *cap;
	struct vfio_iommu_type1_info_cap_iova_range *r;
	uint32_t off;
	int rc = sys_result(ioctl(container, VFIO_IOMMU_GET_INFO, &probe));

	if (rc < 0)
		return rc;
	info = calloc(1, probe.argsz);
	if (!info)
		return -ENOMEM;
	info->argsz = probe.argsz;
	rc = sys_result(ioctl(container, VFIO_IOMMU_GET_INFO, info));
	if (rc == 0 && !(info->flags & VFIO_IOMMU_INFO_CAPS))
		rc = -ENODATA;
	for (off = rc == 0 ? info->cap_offset : 0; off; off = cap->next) {
		cap = (void *)((char *)info + off);
		if (cap->id != VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE)
			continue;
		r = (void *)cap;
		for (*count = 0; *count < r->nr_iovas && *count < max; (*count)++) {
			out[*count].start = r->iova_ranges[*count].start;
			out[*count].last = r->iova_ranges[*count].end;
		}
		free(info);
		return 0;
	}
	free(info);
	return rc < 0 ? rc : -ENOENT;
}

static int ioas_map_fixed(int fd, uint32_t ioas_id, void *vaddr, uint64_t iova, uint64_t size)
{
	struct iommu_ioas_map map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.ioas_id = ioas_id, .user_va = (uintptr_t)vaddr, .length = size, .iova = iova,
	};

	return sys_result(ioctl(fd, IOMMU_IOAS_MAP, &map));
}

static int ioas_unmap(int fd, uint32_t ioas_id, uint64_t iova, uint64_t size, uint64_t *unmapped)
{
	struct iommu_ioas_unmap unmap = {
		.size = sizeof(unmap), .ioas_id = ioas_id, .iova = iova, .length = size,
	};
	int rc = sys_result(ioctl(fd, IOMMU_IOAS_UNMAP, &unmap));

	if (unmapped)
		*unmapped = rc < 0 ? 0 : unmap.length;
	return rc;
}

static int ioas_iova_ranges(int fd, uint32_t ioas_id, struct iommu_iova_range *out,
			    unsigned int max, unsigned int *count)
{
	struct iommu_ioas_iova_ranges cmd = {
		.size = sizeof(cmd), .ioas_id = ioas_id, .num_iovas = max,
		.allowed_iovas = (uintptr_t)out,
	};
	int rc = sys_result(ioctl(fd, IOMMU_IOAS_IOVA_RANGES, &cmd));

	*count = cmd.num_iovas;
	return rc;
}

int vfio_env_map(const struct vfio_env *e, void *vaddr, uint64_t iova, uint64_t size)
{
	if (e->path == VFIO_PATH_CDEV)
		return ioas_map_fixed(e->iommufd, e->ioas_id, vaddr, iova, size);
	return vfio_map(e->container, vaddr, iova, size);
}

int vfio_env_unmap(const struct vfio_env *e, uint64_t iova, uint64_t size, uint64_t *unmapped)
{
	if (e->path == VFIO_PATH_CDEV)
		return ioas_unmap(e->iommufd, e->ioas_id, iova, size, unmapped);
	return vfio_unmap(e->container, iova, size, 0, unmapped);
}

int vfio_env_iova_ranges(const struct vfio_env *e, struct iommu_iova_range *out, unsigned int max,
			 unsigned int *count)
{
	*count = 0;
	if (e->path == VFIO_PATH_CDEV)
		return ioas_iova_ranges(e->iommufd, e->ioas_id, out, max, count);
	return type1_iova_ranges(e->container, out, max, count);
}
