// SPDX-License-Identifier: GPL-2.0
/*
 * The iommufd and mock wrappers of iommufd_helpers.h.  Nothing here asserts:
 * the tests do, on the values these return.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "iommufd_helpers.h"

const struct iopf IOPF_DEFAULT = {
	.pasid = 0,
	.grpid = 0x2a,
	.perm = IOMMU_PGFAULT_PERM_READ | IOMMU_PGFAULT_PERM_WRITE,
	.addr = 0x1234567000ULL,
};

/* A system call's result as the tests compare it: -errno on failure. */
int sys_result(long rc)
{
	return rc == -1 ? -errno : (int)rc;
}

int iommufd_open(void)
{
	return sys_result(open("/dev/iommu", O_RDWR));
}

int ioas_alloc(int fd, __u32 *ioas_id)
{
	struct iommu_ioas_alloc cmd = { .size = sizeof(cmd) };
	int rc = sys_result(ioctl(fd, IOMMU_IOAS_ALLOC, &cmd));

	*ioas_id = cmd.out_ioas_id;
	return rc;
}

int obj_destroy(int fd, __u32 id)
{
	struct iommu_destroy cmd = { .size = sizeof(cmd), .id = id };

	return sys_result(ioctl(fd, IOMMU_DESTROY, &cmd));
}

/* FAULT_QUEUE_ALLOC on a caller-built buffer, for the size checks. */
int fault_alloc_sized(int fd, const void *cmd)
{
	return sys_result(ioctl(fd, IOMMU_FAULT_QUEUE_ALLOC, cmd));
}

int fault_alloc(int fd, __u32 flags, __u32 *fault_id, int *fault_fd)
{
	/* The outputs start as values the kernel never returns: unwritten shows. */
	struct iommu_fault_alloc cmd = {
		.size = sizeof(cmd), .flags = flags, .out_fault_id = 0, .out_fault_fd = UINT32_MAX,
	};
	int rc = fault_alloc_sized(fd, &cmd);

	*fault_id = cmd.out_fault_id;
	*fault_fd = rc == 0 ? (int)cmd.out_fault_fd : -1;
	return rc;
}

int hwpt_alloc(int fd, struct iommu_hwpt_alloc *cmd)
{
	return sys_result(ioctl(fd, IOMMU_HWPT_ALLOC, cmd));
}

int hwpt_alloc_parent(int fd, __u32 dev_id, __u32 ioas_id, __u32 flags, __u32 *out)
{
	struct iommu_hwpt_alloc cmd = {
		.size = sizeof(cmd), .flags = flags, .dev_id = dev_id, .pt_id = ioas_id,
	};
	int rc = hwpt_alloc(fd, &cmd);

	*out = cmd.out_hwpt_id;
	return rc;
}

/* A mock nested page table: the mock insists on its own data type. */
int hwpt_alloc_nested(int fd, __u32 dev_id, __u32 parent_id, __u32 flags,
		      __u32 fault_id, __u32 *out)
{
	struct iommu_hwpt_selftest data = { .iotlb = IOMMU_TEST_IOTLB_DEFAULT };
	struct iommu_hwpt_alloc cmd = {
		.size = sizeof(cmd), .flags = flags, .dev_id = dev_id,
		.pt_id = parent_id, .data_type = IOMMU_HWPT_DATA_SELFTEST,
		.data_len = sizeof(data), .data_uptr = (__u64)(unsigned long)&data,
		.fault_id = fault_id,
	};
	int rc = hwpt_alloc(fd, &cmd);

	*out = cmd.out_hwpt_id;
	return rc;
}

int mock_domain(int fd, __u32 pt_id, __u32 *stdev_id, __u32 *idev_id)
{
	struct iommu_test_cmd cmd = {
		.size = sizeof(cmd), .op = IOMMU_TEST_OP_MOCK_DOMAIN, .id = pt_id,
	};
	int rc = sys_result(ioctl(fd, IOMMU_TEST_CMD, &cmd));

	*stdev_id = cmd.mock_domain.out_stdev_id;
	*idev_id = cmd.mock_domain.out_idev_id;
	return rc;
}

int mock_domain_replace(int fd, __u32 stdev_id, __u32 pt_id)
{
	struct iommu_test_cmd cmd = {
		.size = sizeof(cmd), .op = IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE,
		.id = stdev_id, .mock_domain_replace = { .pt_id = pt_id },
	};

	return sys_result(ioctl(fd, IOMMU_TEST_CMD, &cmd));
}

int trigger_iopf(int fd, __u32 dev_id, const struct iopf *f)
{
	struct iommu_test_cmd cmd = {
		.size = sizeof(cmd), .op = IOMMU_TEST_OP_TRIGGER_IOPF,
		.trigger_iopf = {
			.dev_id = dev_id, .pasid = f->pasid, .grpid = f->grpid,
			.perm = f->perm, .addr = f->addr,
		},
	};

	return sys_result(ioctl(fd, IOMMU_TEST_CMD, &cmd));
}

ssize_t fault_read(int fault_fd, void *buf, size_t bytes)
{
	return sys_result(read(fault_fd, buf, bytes));
}

ssize_t fault_write(int fault_fd, const void *buf, size_t bytes)
{
	return sys_result(write(fault_fd, buf, bytes));
}

ssize_t fault_respond(int fault_fd, __u32 cookie, __u32 code)
{
	struct iommu_hwpt_page_response resp = { .cookie = cookie, .code = code };

	return fault_write(fault_fd, &resp, sizeof(resp));
}

/* Reads messages one at a time until the queue is empty (read returns 0);
 * returns how many, or -errno.  Bounded by max: the queue itself has none. */
int fault_drain(int fault_fd, struct iommu_hwpt_pgfault *msgs, int max)
{
	int n;

	for (n = 0; n < max; n++) {
		ssize_t rc = fault_read(fault_fd, &msgs[n], FAULT_MSG_SIZE);

		if (rc == 0)
			return n;
		if (rc != (ssize_t)FAULT_MSG_SIZE)
			return rc < 0 ? (int)rc : -EIO;
	}
	return n;
}
