// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware queues of a vIOMMU (IOMMU_HW_QUEUE_ALLOC, Linux 7.2) on the
 * IOMMUFD_TEST mock, which takes IOMMU_TEST_HW_QUEUE_MAX (2) queues of its
 * type, index 1 only after index 0, each over guest memory mapped in the
 * nesting parent's IOAS.  The IDs above each test are in
 * host-tests/statements.txt; on 6.12 every test skips.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "viommu_fixture.h"

#define QUEUE_LEN 4096u
#define UNMAPPED_IOVA (MOCK_IOVA + (1u << 20))

FIXTURE(hwq) {
	struct viommu_env e;
	void *mem;
};

FIXTURE_SETUP(hwq)
{
	const char *why = "";
	int rc = viommu_env_setup(&self->e, VENV_VIOMMU, &why);

	self->mem = MAP_FAILED;
	if (rc == FAULT_ENV_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, rc) TH_LOG("setup: %s: %s", why, strerror(-rc));
	/* The queue memory: one page at the mock's first IOVA. */
	self->mem = mmap(NULL, 2 * QUEUE_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	ASSERT_NE(MAP_FAILED, self->mem);
	ASSERT_EQ(0, ioas_map_fixed(self->e.fd, self->e.ioas_id, self->mem, 2 * QUEUE_LEN,
				    MOCK_IOVA));
}

FIXTURE_TEARDOWN(hwq)
{
	viommu_env_teardown(&self->e);
	if (self->mem != MAP_FAILED)
		munmap(self->mem, 2 * QUEUE_LEN);
}

static int hwq(const struct viommu_env *e, __u32 index, __u64 iova, __u64 len, __u32 *id)
{
	return hw_queue_alloc(e->fd, e->viommu_id, HW_QUEUE_TYPE_MOCK, index, iova, len, id);
}

/* IOMMUFD-HWQ-1 */
TEST_F(hwq, index_rules)
{
	const struct viommu_env *e = &self->e;
	__u32 q0, q1, again;

	ASSERT_EQ(0, hwq(e, 0, MOCK_IOVA, QUEUE_LEN, &q0));
	EXPECT_NE(0u, q0);
	EXPECT_EQ(-EEXIST, hwq(e, 0, MOCK_IOVA, QUEUE_LEN, &again));
	EXPECT_EQ(0, hwq(e, 1, MOCK_IOVA + QUEUE_LEN, QUEUE_LEN, &q1));
	EXPECT_EQ(-EINVAL, hwq(e, 2, MOCK_IOVA, QUEUE_LEN, &again));
}

/* IOMMUFD-HWQ-2 */
TEST_F(hwq, index_one_needs_zero)
{
	const struct viommu_env *e = &self->e;
	__u32 q;

	EXPECT_EQ(-EIO, hwq(e, 1, MOCK_IOVA, QUEUE_LEN, &q));
	/* The refusal left index 0 free and index 1 unclaimed. */
	EXPECT_EQ(0, hwq(e, 0, MOCK_IOVA, QUEUE_LEN, &q));
	EXPECT_EQ(0, hwq(e, 1, MOCK_IOVA + QUEUE_LEN, QUEUE_LEN, &q));
}

/* IOMMUFD-HWQ-3 */
TEST_F(hwq, alloc_rejects)
{
	const struct viommu_env *e = &self->e;
	__u32 q;

	EXPECT_EQ(-EOPNOTSUPP, hw_queue_alloc(e->fd, e->viommu_id, UAPI_TYPE_DEFAULT, 0, MOCK_IOVA,
					      QUEUE_LEN, &q));
	EXPECT_EQ(-EOPNOTSUPP, hw_queue_alloc(e->fd, e->viommu_id, 0xdead, 0, MOCK_IOVA,
					      QUEUE_LEN, &q));
	EXPECT_EQ(-EINVAL, hwq(e, 0, MOCK_IOVA, 0, &q)) TH_LOG("length 0");
	EXPECT_EQ(-EOVERFLOW, hwq(e, 0, UINT64_MAX - 8, QUEUE_LEN, &q)) TH_LOG("iova + length wraps");
	EXPECT_EQ(-ENOENT, hw_queue_alloc(e->fd, e->parent_id, HW_QUEUE_TYPE_MOCK, 0, MOCK_IOVA,
					  QUEUE_LEN, &q)) TH_LOG("not a vIOMMU");
	EXPECT_EQ(-ENOENT, hwq(e, 0, UNMAPPED_IOVA, QUEUE_LEN, &q)) TH_LOG("unmapped memory");
	/* None of them took index 0. */
	EXPECT_EQ(0, hwq(e, 0, MOCK_IOVA, QUEUE_LEN, &q));
}

/* IOMMUFD-HWQ-4 */
TEST_F(hwq, destroy_order)
{
	const struct viommu_env *e = &self->e;
	__u32 q0, q1;

	ASSERT_EQ(0, hwq(e, 0, MOCK_IOVA, QUEUE_LEN, &q0));
	ASSERT_EQ(0, hwq(e, 1, MOCK_IOVA + QUEUE_LEN, QUEUE_LEN, &q1));
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, q0)) TH_LOG("queue 1 depends on queue 0");
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, e->viommu_id));
	EXPECT_EQ(0, obj_destroy(e->fd, q1));
	EXPECT_EQ(0, obj_destroy(e->fd, q0));
	EXPECT_EQ(0, obj_destroy(e->fd, e->viommu_id));
}

TEST_HARNESS_MAIN
