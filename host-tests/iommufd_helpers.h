/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small wrappers around the iommufd uAPI and the IOMMUFD_TEST mock, named
 * after the operation.  Each returns what the system call returned, or
 * -errno when it failed, so that a test states the exact expected outcome in
 * one line: ASSERT_EQ(-EOPNOTSUPP, fault_alloc(fd, 1, &id, &ffd)).
 *
 * The uAPI comes from the kernel tree under test (linux/iommufd.h and
 * drivers/iommu/iommufd/iommufd_test.h), never from the build host.
 */
#ifndef FAULTLINE_IOMMUFD_HELPERS_H
#define FAULTLINE_IOMMUFD_HELPERS_H

#include <stddef.h>
#include <sys/types.h>
#include <linux/iommufd.h>
#include "iommufd_test.h"

/* Message sizes as plain ints: the harness compares values of one type. */
enum { FAULT_MSG_SIZE = 40, FAULT_RESP_SIZE = 8 };

/* The sizes and offsets the tests' byte counts rely on (reference §1.1). */
_Static_assert(sizeof(struct iommu_hwpt_pgfault) == FAULT_MSG_SIZE, "fault message size");
_Static_assert(sizeof(struct iommu_hwpt_page_response) == FAULT_RESP_SIZE, "response size");
_Static_assert(sizeof(struct iommu_fault_alloc) == 16, "fault alloc size");
_Static_assert(offsetof(struct iommu_hwpt_alloc, fault_id) == 40, "fault_id offset");

/* What TRIGGER_IOPF puts into the page request (selftest.c:1426-1457). */
struct iopf {
	__u32 pasid;
	__u32 grpid;
	__u32 perm;
	__u64 addr;
};

/* A fault with every field distinct and non-zero, so a swap shows. */
extern const struct iopf IOPF_DEFAULT;

/* The objects a fault test starts from: a mock device attached to a nested
 * page table that reports faults to fault_fd. */
struct fault_env {
	int fd;			/* /dev/iommu */
	__u32 ioas_id;
	__u32 stdev_id;		/* the mock device (destroy it to unplug) */
	__u32 idev_id;		/* its iommufd device id: the fault's dev_id */
	__u32 parent_id;	/* NEST_PARENT paging page table on ioas_id */
	__u32 fault_id;
	int fault_fd;
	__u32 iopf_hwpt_id;	/* nested page table with FAULT_ID_VALID */
};

int sys_result(long rc);

int iommufd_open(void);
int ioas_alloc(int fd, __u32 *ioas_id);
int obj_destroy(int fd, __u32 id);
int fault_alloc_sized(int fd, const void *cmd);
int fault_alloc(int fd, __u32 flags, __u32 *fault_id, int *fault_fd);
int hwpt_alloc(int fd, struct iommu_hwpt_alloc *cmd);
int hwpt_alloc_parent(int fd, __u32 dev_id, __u32 ioas_id, __u32 flags, __u32 *out);
int hwpt_alloc_nested(int fd, __u32 dev_id, __u32 parent_id, __u32 flags,
		      __u32 fault_id, __u32 *out);

int mock_domain(int fd, __u32 pt_id, __u32 *stdev_id, __u32 *idev_id);
int mock_domain_replace(int fd, __u32 stdev_id, __u32 pt_id);
int trigger_iopf(int fd, __u32 dev_id, const struct iopf *f);

ssize_t fault_read(int fault_fd, void *buf, size_t bytes);
ssize_t fault_write(int fault_fd, const void *buf, size_t bytes);
ssize_t fault_respond(int fault_fd, __u32 cookie, __u32 code);
int fault_drain(int fault_fd, struct iommu_hwpt_pgfault *msgs, int max);

/* 0: ready; FAULT_ENV_SKIP: the kernel lacks a feature (*why says which);
 * -errno: a step failed (*why says which). */
#define FAULT_ENV_SKIP 1
int iommufd_env_open(int *fd, const char **why);
int fault_env_setup(struct fault_env *e, const char **why);
int fault_env_trigger(const struct fault_env *e, const struct iopf *f);
int fault_env_second_device(struct fault_env *e, __u32 *stdev_id, __u32 *idev_id,
			    __u32 *hwpt_id);
void fault_env_teardown(struct fault_env *e);

#endif
