/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wrappers for the vIOMMU uAPI that 6.12 lacks and 7.2 has: IOMMU_VIOMMU_ALLOC,
 * IOMMU_VDEVICE_ALLOC, IOMMU_VEVENTQ_ALLOC, IOMMU_HW_QUEUE_ALLOC and the
 * mock's TRIGGER_VEVENT and PASID operations.  Like iommufd_helpers.h each
 * returns the system call's result or -errno.  Nothing here names a type the
 * older uAPI lacks, so the tests build against either tree: built against one
 * without it, every wrapper returns -ENOSYS and viommu_env_setup() skips,
 * naming the running kernel's release (viommu_helpers.c).
 */
#ifndef FAULTLINE_VIOMMU_HELPERS_H
#define FAULTLINE_VIOMMU_HELPERS_H

#include <stddef.h>
#include <sys/types.h>
#include "iommufd_helpers.h"

/* The vEVENT layout the tests check byte for byte: an 8-byte header
 * {flags, sequence}, then the mock's 4-byte record {virt_id}; a lost-events
 * header has no record.  viommu_helpers.c asserts these against the uAPI. */
enum {
	VEVENT_HDR_SIZE = 8,
	VEVENT_MOCK_SIZE = 12,
	VEVENT_FLAG_LOST = 1,
	VEVENT_SEQ_MASK = 0x7fffffff,
	VEVENTQ_MAX_DEPTH = 1 << 19,
};

/* The mock's types, and the uAPI's reserved DEFAULT (0) and a real
 * driver's type the mock must refuse (ARM SMMUv3: 1). */
extern const __u32 VIOMMU_TYPE_MOCK, VEVENTQ_TYPE_MOCK, HW_QUEUE_TYPE_MOCK;
enum { UAPI_TYPE_DEFAULT = 0, UAPI_TYPE_ARM_SMMUV3 = 1 };

/* One vEVENT as read: the header's fields and, unless lost, the record's. */
struct vevent {
	__u32 flags;
	__u32 sequence;
	__u32 virt_id;
};

/* The objects a vIOMMU test starts from.  Stages: VENV_VIOMMU (an IOAS, a
 * mock device, a NEST_PARENT page table and a mock vIOMMU on it);
 * VENV_VEVENTQ adds a vDEVICE with virt_id VENV_VIRT_ID, a nested page table
 * on the vIOMMU that the device is attached to, and a vEVENTQ of the mock's
 * type and depth VENV_DEPTH. */
enum viommu_stage { VENV_VIOMMU, VENV_VEVENTQ };
enum { VENV_VIRT_ID = 0x4242, VENV_DEPTH = 4 };

struct viommu_env {
	int fd;
	__u32 ioas_id;
	__u32 stdev_id;
	__u32 idev_id;
	__u32 parent_id;
	__u32 viommu_id;
	__u32 vdev_id;
	__u32 nested_id;
	__u32 veventq_id;
	int veventq_fd;
};

int viommu_alloc(int fd, __u32 type, __u32 flags, __u32 dev_id, __u32 hwpt_id, __u32 *out);
int vdevice_alloc(int fd, __u32 viommu_id, __u32 dev_id, __u64 virt_id, __u32 *out);
int veventq_alloc(int fd, __u32 viommu_id, __u32 type, __u32 flags, __u32 depth, __u32 *id,
		  int *veventq_fd);
int hw_queue_alloc(int fd, __u32 viommu_id, __u32 type, __u32 index, __u64 iova, __u64 length,
		   __u32 *out);
int trigger_vevent(int fd, __u32 dev_id);
int mock_domain_flags(int fd, __u32 pt_id, __u32 dev_flags, __u32 *stdev_id, __u32 *idev_id);
int pasid_attach(int fd, __u32 stdev_id, __u32 pasid, __u32 pt_id);
int pasid_detach(int fd, __u32 stdev_id, __u32 pasid);
int ioas_map_fixed(int fd, __u32 ioas_id, void *buf, __u64 length, __u64 iova);
/* The mock device's PASID capability flag, HWPT_ALLOC's PASID flag and the
 * lowest IOVA the mock maps. */
extern const __u32 MOCK_DEV_PASID, HWPT_ALLOC_PASID;
extern const __u64 MOCK_IOVA;

/* vevent_parse BUF N OUT MAX: the vEVENTs in a read of N bytes, or -EPROTO
 * if the bytes do not split into whole ones. */
int vevent_parse(const void *buf, size_t n, struct vevent *out, int max);

/* 0: ready; FAULT_ENV_SKIP: the kernel or the uAPI built against lacks a
 * feature (*why says which, with the kernel's release); -errno: a step
 * failed (*why names it). */
int viommu_env_setup(struct viommu_env *e, enum viommu_stage stage, const char **why);
void viommu_env_teardown(struct viommu_env *e);
/* Whether the uAPI the tests were built against is 7.2's generation (the
 * host tests are always built against the tree they run on). */
int uapi_is_7_2(void);
/* viommu_env_absent WHAT: the skip reason for a feature this kernel lacks. */
const char *viommu_env_absent(const char *what);

#endif
