// SPDX-License-Identifier: GPL-2.0
/*
 * PASID-tagged faults (Linux 7.2, the IOMMUFD_TEST mock): a PASID-capable
 * mock device whose RID is attached to one fault-capable nested page table
 * (fault queue A) and whose PASID PASID_B to another (fault queue B).  A
 * fault is delivered to the queue of the page table attached where it
 * happened, and answered there.  6.12's mock has no PASID attach: every
 * test skips there, naming the kernel.  The IDs above each test are in
 * host-tests/statements.txt.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "viommu_helpers.h"

#define PASID_B 0x800
#define PASID_OTHER 0x77

FIXTURE(pasid) {
	int fd;
	__u32 ioas_id, stdev_id, idev_id, parent_id;
	__u32 fault_a, hwpt_a, fault_b, hwpt_b;
	int fd_a, fd_b;
};

static int pasid_env(FIXTURE_DATA(pasid) *s, const char **why)
{
	int rc = mock_domain_flags(s->fd, s->ioas_id, MOCK_DEV_PASID, &s->stdev_id, &s->idev_id);
	const __u32 flags = IOMMU_HWPT_FAULT_ID_VALID | HWPT_ALLOC_PASID;

	if (rc == -ENOSYS) {
		*why = viommu_env_absent("the uAPI the tests were built against has no mock PASID "
					 "attach (6.12's has none)");
		return FAULT_ENV_SKIP;
	}
	*why = "IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS(PASID)";
	if (!rc && (*why = "IOMMU_HWPT_ALLOC(NEST_PARENT)"))
		rc = hwpt_alloc_parent(s->fd, s->idev_id, s->ioas_id, IOMMU_HWPT_ALLOC_NEST_PARENT,
				       &s->parent_id);
	if (!rc && (*why = "IOMMU_FAULT_QUEUE_ALLOC"))
		rc = fault_alloc(s->fd, 0, &s->fault_a, &s->fd_a);
	if (!rc)
		rc = fault_alloc(s->fd, 0, &s->fault_b, &s->fd_b);
	if (!rc && (*why = "IOMMU_HWPT_ALLOC(nested, FAULT_ID_VALID | ALLOC_PASID)"))
		rc = hwpt_alloc_nested(s->fd, s->idev_id, s->parent_id, flags, s->fault_a, &s->hwpt_a);
	if (!rc)
		rc = hwpt_alloc_nested(s->fd, s->idev_id, s->parent_id, flags, s->fault_b, &s->hwpt_b);
	if (!rc && (*why = "IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE of the RID to A"))
		rc = mock_domain_replace(s->fd, s->stdev_id, s->hwpt_a);
	if (!rc && (*why = "IOMMU_TEST_OP_PASID_ATTACH of PASID_B to B"))
		rc = pasid_attach(s->fd, s->stdev_id, PASID_B, s->hwpt_b);
	return rc;
}

FIXTURE_SETUP(pasid)
{
	const char *why = "";
	int rc;

	self->fd_a = self->fd_b = -1;
	rc = iommufd_env_open(&self->fd, &why);
	if (!rc && (why = "IOMMU_IOAS_ALLOC"))
		rc = ioas_alloc(self->fd, &self->ioas_id);
	if (!rc)
		rc = pasid_env(self, &why);
	if (rc == -ENOTTY)
		why = viommu_env_absent("IOMMU_TEST_CMD or a mock operation answers ENOTTY");
	if (rc == FAULT_ENV_SKIP || rc == -ENOTTY)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, rc) TH_LOG("setup: %s: %s", why, strerror(-rc));
}

FIXTURE_TEARDOWN(pasid)
{
	if (self->fd_a >= 0)
		close(self->fd_a);
	if (self->fd_b >= 0)
		close(self->fd_b);
	if (self->fd >= 0)
		close(self->fd);
}

/* Triggers a fault at pasid (IOMMU_NO_PASID: none). */
static int trigger_at(FIXTURE_DATA(pasid) *s, __u32 pasid)
{
	struct iopf f = IOPF_DEFAULT;

	f.pasid = pasid;
	return trigger_iopf(s->fd, s->idev_id, &f);
}

/* IOMMUFD-PASID-1 */
TEST_F(pasid, fault_at_pasid_to_its_queue)
{
	struct iommu_hwpt_pgfault m;

	ASSERT_EQ(0, trigger_at(self, PASID_B));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->fd_b, &m, sizeof(m)));
	EXPECT_EQ((__u32)(IOMMU_PGFAULT_FLAGS_PASID_VALID | IOMMU_PGFAULT_FLAGS_LAST_PAGE), m.flags);
	EXPECT_EQ((__u32)PASID_B, m.pasid);
	EXPECT_EQ(self->idev_id, m.dev_id);
	EXPECT_EQ(IOPF_DEFAULT.addr, m.addr);
	EXPECT_EQ(0, fault_read(self->fd_a, &m, sizeof(m))) TH_LOG("also on the RID's queue");
	/* Answered on the queue it came from; the cookie is then spent. */
	EXPECT_EQ(FAULT_RESP_SIZE, fault_respond(self->fd_b, m.cookie, IOMMUFD_PAGE_RESP_SUCCESS));
	EXPECT_EQ(-EINVAL, fault_respond(self->fd_b, m.cookie, IOMMUFD_PAGE_RESP_SUCCESS));
}

/* IOMMUFD-PASID-2 */
TEST_F(pasid, fault_without_pasid_to_rid)
{
	struct iommu_hwpt_pgfault m;

	ASSERT_EQ(0, trigger_at(self, 0));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->fd_a, &m, sizeof(m)));
	EXPECT_EQ((__u32)IOMMU_PGFAULT_FLAGS_LAST_PAGE, m.flags);
	EXPECT_EQ(0u, m.pasid);
	EXPECT_EQ(0, fault_read(self->fd_b, &m, sizeof(m))) TH_LOG("also on PASID_B's queue");
}

/* IOMMUFD-PASID-3 */
TEST_F(pasid, fault_other_pasid_to_rid)
{
	struct iommu_hwpt_pgfault m;

	/* Nothing attached at it: the mock's user-managed PASID table sends
	 * it to the nested page table of the RID, PASID kept. */
	ASSERT_EQ(0, trigger_at(self, PASID_OTHER));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->fd_a, &m, sizeof(m)));
	EXPECT_EQ((__u32)(IOMMU_PGFAULT_FLAGS_PASID_VALID | IOMMU_PGFAULT_FLAGS_LAST_PAGE), m.flags);
	EXPECT_EQ((__u32)PASID_OTHER, m.pasid);
	EXPECT_EQ(0, fault_read(self->fd_b, &m, sizeof(m)));
}

/* IOMMUFD-PASID-4 */
TEST_F(pasid, detach_drops_pending)
{
	struct iommu_hwpt_pgfault m;

	ASSERT_EQ(0, trigger_at(self, PASID_B));
	ASSERT_EQ(0, trigger_at(self, PASID_B));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->fd_b, &m, sizeof(m)));
	ASSERT_EQ(0, pasid_detach(self->fd, self->stdev_id, PASID_B));
	EXPECT_EQ(-EINVAL, fault_respond(self->fd_b, m.cookie, IOMMUFD_PAGE_RESP_SUCCESS));
	EXPECT_EQ(0, fault_read(self->fd_b, &m, sizeof(m))) TH_LOG("an unread fault survived");
	/* The RID's attachment is untouched. */
	ASSERT_EQ(0, trigger_at(self, 0));
	EXPECT_EQ(FAULT_MSG_SIZE, fault_read(self->fd_a, &m, sizeof(m)));
}

/* IOMMUFD-PASID-5 */
TEST_F(pasid, attach_rejects)
{
	__u32 plain, stdev2, idev2;

	/* A page table allocated without ALLOC_PASID, an IOAS, a device
	 * without PASID capability: EINVAL, and nothing attached. */
	ASSERT_EQ(0, hwpt_alloc_nested(self->fd, self->idev_id, self->parent_id,
				       IOMMU_HWPT_FAULT_ID_VALID, self->fault_b, &plain));
	EXPECT_EQ(-EINVAL, pasid_attach(self->fd, self->stdev_id, PASID_OTHER, plain));
	EXPECT_EQ(-EINVAL, pasid_attach(self->fd, self->stdev_id, PASID_OTHER, self->ioas_id));
	EXPECT_EQ(0, obj_destroy(self->fd, plain));
	ASSERT_EQ(0, mock_domain(self->fd, self->ioas_id, &stdev2, &idev2));
	EXPECT_EQ(-EINVAL, pasid_attach(self->fd, stdev2, PASID_OTHER, self->hwpt_b));
	/* PASID_B is taken by B already. */
	EXPECT_EQ(-EBUSY, pasid_attach(self->fd, self->stdev_id, PASID_B, self->hwpt_a));
}

/* IOMMUFD-HWPT-6 */
TEST_F(pasid, paging_hwpt_takes_fault_id)
{
	struct iommu_hwpt_alloc cmd = {
		.size = sizeof(cmd), .flags = IOMMU_HWPT_FAULT_ID_VALID, .dev_id = self->idev_id,
		.pt_id = self->ioas_id, .fault_id = self->fault_a,
	};
	struct iommu_hwpt_pgfault m;

	ASSERT_EQ(0, hwpt_alloc(self->fd, &cmd));
	/* Attached at the RID, the device's faults reach the paging table's queue. */
	ASSERT_EQ(0, pasid_detach(self->fd, self->stdev_id, PASID_B));
	ASSERT_EQ(0, mock_domain_replace(self->fd, self->stdev_id, cmd.out_hwpt_id));
	ASSERT_EQ(0, trigger_at(self, 0));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->fd_a, &m, sizeof(m)));
	EXPECT_EQ(self->idev_id, m.dev_id);
	/* It holds the fault object like a nested table does. */
	ASSERT_EQ(0, close(self->fd_a));
	self->fd_a = -1;
	EXPECT_EQ(-EBUSY, obj_destroy(self->fd, self->fault_a));
	/* With NEST_PARENT the flag is still refused. */
	cmd.flags |= IOMMU_HWPT_ALLOC_NEST_PARENT;
	EXPECT_EQ(-EOPNOTSUPP, hwpt_alloc(self->fd, &cmd));
}

TEST_HARNESS_MAIN
