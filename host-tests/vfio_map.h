/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mapping user memory for edu's DMA: type1's MAP_DMA/UNMAP_DMA on a
 * container, and the same operations on whichever path a vfio_env took
 * (type1 for the group paths, IOAS_MAP/IOAS_UNMAP on the cdev path's IOAS).
 * Each returns 0 or -errno, so a test states the expected outcome in one line.
 */
#ifndef FAULTLINE_VFIO_MAP_H
#define FAULTLINE_VFIO_MAP_H

#include "vfio_setup.h"

/* The MSI window both IOMMUs reserve on q35: virtio-iommu's PROBE reports it
 * as its MSI RESV_MEM (every variant), VT-d's driver reserves the IOAPIC range. */
#define MSI_START 0xfee00000ULL
#define MSI_END 0xfeefffffULL

/* type1 on a container (/dev/vfio/vfio, or /dev/iommu as one). */
int vfio_map(int container, void *vaddr, uint64_t iova, uint64_t size);
/* vfio_map_prot: the same with the VFIO_DMA_MAP_FLAG_READ/WRITE flags given. */
int vfio_map_prot(int container, void *vaddr, uint64_t iova, uint64_t size, uint32_t prot);
int vfio_unmap(int container, uint64_t iova, uint64_t size, uint32_t flags, uint64_t *unmapped);

/* The path's own map (read and write, at IOVA) and unmap; UNMAPPED gets the bytes unmapped. */
int vfio_env_map(const struct vfio_env *e, void *vaddr, uint64_t iova, uint64_t size);
int vfio_env_unmap(const struct vfio_env *e, uint64_t iova, uint64_t size, uint64_t *unmapped);
/* vfio_env_iova_ranges E OUT MAX COUNT: the usable IOVA ranges, [start, last]
 * (type1: VFIO_IOMMU_GET_INFO's IOVA range capability; cdev: IOMMU_IOAS_IOVA_RANGES). */
int vfio_env_iova_ranges(const struct vfio_env *e, struct iommu_iova_range *out, unsigned int max,
			 unsigned int *count);

#endif
