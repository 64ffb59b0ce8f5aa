// SPDX-License-Identifier: GPL-2.0
/*
 * Creating fault objects and binding them to page tables
 * (IOMMU_FAULT_QUEUE_ALLOC, IOMMU_HWPT_ALLOC with FAULT_ID_VALID,
 * IOMMU_DESTROY).  The IDs above each test are in host-tests/statements.txt.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "fault_fixture.h"
#include "viommu_helpers.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation needs only /dev/iommu, not the mock. */
FIXTURE(iommufd) {
	int fd;
};

FIXTURE_SETUP(iommufd)
{
	const char *why = "";
	int rc = iommufd_env_open(&self->fd, &why);

	if (rc == FAULT_ENV_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, rc) TH_LOG("setup: %s: %s", why, strerror(-rc));
}

FIXTURE_TEARDOWN(iommufd)
{
	close(self->fd);
}

/* IOMMUFD-ALLOC-1 */
TEST_F(iommufd, alloc_returns_id_and_fd)
{
	__u32 id = 0;
	int ffd = -1;

	ASSERT_EQ(0, fault_alloc(self->fd, 0, &id, &ffd));
	EXPECT_NE(0u, id);
	ASSERT_LE(0, ffd);
	EXPECT_LE(0, fcntl(ffd, F_GETFD));
	close(ffd);
}

/* IOMMUFD-ALLOC-2 */
TEST_F(iommufd, alloc_rejects_flags)
{
	static const __u32 flags[] = { 1, 2, 1u << 31, UINT_MAX };
	__u32 id;
	int ffd;

	for (size_t i = 0; i < ARRAY_LEN(flags); i++) {
		EXPECT_EQ(-EOPNOTSUPP, fault_alloc(self->fd, flags[i], &id, &ffd))
			TH_LOG("flags 0x%x", flags[i]);
	}
}

/* A FAULT_QUEUE_ALLOC buffer with room for a larger struct. */
struct alloc_buf {
	struct iommu_fault_alloc cmd;
	__u32 tail[4];
};

/* IOMMUFD-ALLOC-3 */
TEST_F(iommufd, alloc_size_too_small)
{
	static const __u32 sizes[] = { 0, 4, 8, 12, 15 };

	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		struct alloc_buf b = { .cmd.size = sizes[i] };

		EXPECT_EQ(-EINVAL, fault_alloc_sized(self->fd, &b)) TH_LOG("size %u", sizes[i]);
	}
}

/* IOMMUFD-ALLOC-4 */
TEST_F(iommufd, alloc_size_larger_zero_tail)
{
	/* out_fault_fd starts as no fd at all: an unwritten one shows. */
	struct alloc_buf b = { .cmd.size = sizeof(b), .cmd.out_fault_fd = UINT32_MAX };

	ASSERT_EQ(0, fault_alloc_sized(self->fd, &b));
	EXPECT_NE(0u, b.cmd.out_fault_id);
	EXPECT_LE(0, (int)b.cmd.out_fault_fd);
	/* The kernel writes back its own struct size only. */
	EXPECT_EQ(0u, b.tail[0] | b.tail[1] | b.tail[2] | b.tail[3]);
	close(b.cmd.out_fault_fd);
}

/* IOMMUFD-ALLOC-5 */
TEST_F(iommufd, alloc_size_larger_nonzero_tail)
{
	struct alloc_buf b = { .cmd.size = sizeof(b), .tail = { 0, 0, 0, 1 } };

	EXPECT_EQ(-E2BIG, fault_alloc_sized(self->fd, &b));
}

/* IOMMUFD-ALLOC-6 */
TEST_F(iommufd, alloc_fd_cloexec)
{
	__u32 id;
	int ffd;

	ASSERT_EQ(0, fault_alloc(self->fd, 0, &id, &ffd));
	EXPECT_EQ(FD_CLOEXEC, fcntl(ffd, F_GETFD));
	close(ffd);
}

/* IOMMUFD-ALLOC-7 */
TEST_F(iommufd, alloc_fd_anon_inode_rdwr)
{
	char path[64], target[64] = "";
	__u32 id;
	int ffd;

	ASSERT_EQ(0, fault_alloc(self->fd, 0, &id, &ffd));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", ffd);
	ASSERT_LT(0, readlink(path, target, sizeof(target) - 1));
	EXPECT_STREQ("anon_inode:[iommufd-pgfault]", target);
	EXPECT_EQ(O_RDWR, fcntl(ffd, F_GETFL) & O_ACCMODE);
	close(ffd);
}

/* IOMMUFD-ALLOC-8 */
TEST_F(iommufd, alloc_fd_not_seekable)
{
	char buf[FAULT_MSG_SIZE] = { 0 };
	__u32 id;
	int ffd;

	ASSERT_EQ(0, fault_alloc(self->fd, 0, &id, &ffd));
	EXPECT_EQ(-ESPIPE, sys_result(lseek(ffd, 0, SEEK_SET)));
	EXPECT_EQ(-ESPIPE, sys_result(pread(ffd, buf, sizeof(buf), 0)));
	EXPECT_EQ(-ESPIPE, sys_result(pwrite(ffd, buf, FAULT_RESP_SIZE, 0)));
	close(ffd);
}

/* IOMMUFD-DESTROY-1 */
TEST_F(iommufd, destroy_busy_while_fd_open)
{
	__u32 id;
	int ffd;

	ASSERT_EQ(0, fault_alloc(self->fd, 0, &id, &ffd));
	EXPECT_EQ(-EBUSY, obj_destroy(self->fd, id));
	ASSERT_EQ(0, close(ffd));
	EXPECT_EQ(0, obj_destroy(self->fd, id));
	EXPECT_EQ(-ENOENT, obj_destroy(self->fd, id));
}

/* IOMMUFD-HWPT-1 */
TEST_F(fault, hwpt_paging_rejects_fault_id)
{
	static const __u32 flags[] = {
		IOMMU_HWPT_FAULT_ID_VALID | IOMMU_HWPT_ALLOC_NEST_PARENT,
		IOMMU_HWPT_FAULT_ID_VALID,
	};
	/* 7.2 takes FAULT_ID_VALID alone on a paging table (IOMMUFD-HWPT-6). */
	size_t n = uapi_is_7_2() ? 1 : ARRAY_LEN(flags);

	for (size_t i = 0; i < n; i++) {
		struct iommu_hwpt_alloc cmd = {
			.size = sizeof(cmd), .flags = flags[i], .dev_id = self->e.idev_id,
			.pt_id = self->e.ioas_id, .fault_id = self->e.fault_id,
		};

		EXPECT_EQ(-EOPNOTSUPP, hwpt_alloc(self->e.fd, &cmd)) TH_LOG("flags 0x%x", flags[i]);
	}
}

/* IOMMUFD-HWPT-2 */
TEST_F(fault, hwpt_nested_with_fault_id)
{
	__u32 id = 0;

	ASSERT_EQ(0, hwpt_alloc_nested(self->e.fd, self->e.idev_id, self->e.parent_id,
				       IOMMU_HWPT_FAULT_ID_VALID, self->e.fault_id, &id));
	EXPECT_NE(0u, id);
	EXPECT_NE(self->e.iopf_hwpt_id, id);
}

/* IOMMUFD-HWPT-3 */
TEST_F(fault, hwpt_bad_fault_id)
{
	/* Missing ids, and ids of objects that are not fault objects. */
	const __u32 ids[] = { 0, UINT_MAX, self->e.ioas_id, self->e.parent_id,
			      self->e.iopf_hwpt_id, self->e.idev_id };
	__u32 id;

	for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
		EXPECT_EQ(-ENOENT, hwpt_alloc_nested(self->e.fd, self->e.idev_id,
						     self->e.parent_id, IOMMU_HWPT_FAULT_ID_VALID,
						     ids[i], &id))
			TH_LOG("fault_id %u", ids[i]);
	}
}

/* IOMMUFD-HWPT-4 */
TEST_F(fault, hwpt_nested_rejects_other_flags)
{
	static const __u32 flags[] = {
		IOMMU_HWPT_FAULT_ID_VALID | IOMMU_HWPT_ALLOC_NEST_PARENT,
		IOMMU_HWPT_FAULT_ID_VALID | IOMMU_HWPT_ALLOC_DIRTY_TRACKING,
		IOMMU_HWPT_FAULT_ID_VALID | 1u << 31,
	};
	__u32 id;

	for (size_t i = 0; i < ARRAY_LEN(flags); i++) {
		EXPECT_EQ(-EOPNOTSUPP, hwpt_alloc_nested(self->e.fd, self->e.idev_id,
							 self->e.parent_id, flags[i],
							 self->e.fault_id, &id))
			TH_LOG("flags 0x%x", flags[i]);
	}
}

/* IOMMUFD-HWPT-5 */
TEST_F(fault, hwpt_fault_id_ignored_without_flag)
{
	__u32 id = 0;

	EXPECT_EQ(0, hwpt_alloc_nested(self->e.fd, self->e.idev_id, self->e.parent_id, 0,
				       UINT_MAX, &id));
	EXPECT_NE(0u, id);
}

/* IOMMUFD-DESTROY-2 */
TEST_F(fault, destroy_busy_while_hwpt_holds)
{
	struct fault_env *e = &self->e;

	ASSERT_EQ(0, close(e->fault_fd));
	e->fault_fd = -1;
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, e->fault_id));
	/* The attached page table is busy itself until the device moves. */
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, e->iopf_hwpt_id));
	ASSERT_EQ(0, mock_domain_replace(e->fd, e->stdev_id, e->parent_id));
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, e->fault_id));
	ASSERT_EQ(0, obj_destroy(e->fd, e->iopf_hwpt_id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->fault_id));
}

/* IOMMUFD-ATTACH-1 */
TEST_F(fault, replace_to_fault_hwpt)
{
	struct iommu_hwpt_pgfault m;

	ASSERT_EQ(0, mock_domain_replace(self->e.fd, self->e.stdev_id, self->e.parent_id));
	ASSERT_EQ(0, mock_domain_replace(self->e.fd, self->e.stdev_id, self->e.iopf_hwpt_id));
	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, &m, sizeof(m)));
	EXPECT_EQ(self->e.idev_id, m.dev_id);
	EXPECT_EQ(IOPF_DEFAULT.addr, m.addr);
	EXPECT_EQ(IOPF_DEFAULT.grpid, m.grpid);
}

/* IOMMUFD-ATTACH-2 */
TEST_F(fault, attach_new_device_to_fault_hwpt)
{
	struct iommu_hwpt_pgfault m;
	__u32 stdev, idev;

	ASSERT_EQ(0, mock_domain(self->e.fd, self->e.iopf_hwpt_id, &stdev, &idev));
	ASSERT_EQ(0, trigger_iopf(self->e.fd, idev, &IOPF_DEFAULT));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, &m, sizeof(m)));
	EXPECT_EQ(idev, m.dev_id);
}

TEST_HARNESS_MAIN
