// SPDX-License-Identifier: GPL-2.0
/*
 * Lifetime of a vEVENTQ with events pending (Linux 7.2, the IOMMUFD_TEST
 * mock): closing its fd, closing /dev/iommu first, destroying the vDEVICE
 * and unplugging the device.  A queued vEVENT is a copy: it outlives what
 * raised it until read or until its queue is destroyed.  The IDs above each
 * test are in host-tests/statements.txt.
 */
#include <errno.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "viommu_fixture.h"

#define MAX_EVENTS 8

VIOMMU_FIXTURE(vevent, VENV_VEVENTQ)

/* Reads what is queued; returns the number of events or -errno. */
static int read_all(int veventq_fd, struct vevent *ev)
{
	unsigned char buf[MAX_EVENTS * VEVENT_MOCK_SIZE];
	ssize_t n = sys_result(read(veventq_fd, buf, sizeof(buf)));

	return n < 0 ? (int)n : vevent_parse(buf, (size_t)n, ev, MAX_EVENTS);
}

/* IOMMUFD-VLIFE-1 */
TEST_F(vevent, close_fd_with_pending)
{
	struct viommu_env *e = &self->e;

	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	EXPECT_EQ(0, close(e->veventq_fd));
	e->veventq_fd = -1;
	/* Nobody reads, yet the queue still takes events until destroyed. */
	EXPECT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, e->viommu_id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->veventq_id));
	/* Gone, its type has no queue: the report is refused. */
	EXPECT_EQ(-EOPNOTSUPP, trigger_vevent(e->fd, e->idev_id));
	/* Destroyed, it pins the vIOMMU no more: with the nested page table and
	 * the vDEVICE gone too, the vIOMMU can be destroyed. */
	ASSERT_EQ(0, mock_domain_replace(e->fd, e->stdev_id, e->parent_id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->nested_id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->vdev_id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->viommu_id));
}

/* IOMMUFD-VLIFE-2 */
TEST_F(vevent, iommufd_closed_first)
{
	struct viommu_env *e = &self->e;
	struct vevent ev[MAX_EVENTS];

	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	EXPECT_EQ(0, close(e->fd));
	e->fd = -1;
	ASSERT_EQ(1, read_all(e->veventq_fd, ev));
	EXPECT_EQ((__u32)VENV_VIRT_ID, ev[0].virt_id);
	EXPECT_EQ(0, read_all(e->veventq_fd, ev));
}

/* IOMMUFD-VLIFE-3 */
TEST_F(vevent, vdevice_destroyed_with_pending)
{
	struct viommu_env *e = &self->e;
	struct vevent ev[MAX_EVENTS];

	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->vdev_id));
	ASSERT_EQ(1, read_all(e->veventq_fd, ev));
	EXPECT_EQ((__u32)VENV_VIRT_ID, ev[0].virt_id);
	EXPECT_EQ(0u, ev[0].sequence);
}

/* IOMMUFD-VLIFE-4 */
TEST_F(vevent, device_unplugged_with_pending)
{
	struct viommu_env *e = &self->e;
	struct vevent ev[MAX_EVENTS];

	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	ASSERT_EQ(0, obj_destroy(e->fd, e->stdev_id));
	/* The vDEVICE went with the device; its events did not. */
	EXPECT_EQ(-ENOENT, obj_destroy(e->fd, e->vdev_id));
	ASSERT_EQ(2, read_all(e->veventq_fd, ev));
	EXPECT_EQ(0u, ev[0].sequence);
	EXPECT_EQ(1u, ev[1].sequence);
	EXPECT_EQ(-ENOENT, trigger_vevent(e->fd, e->idev_id));
}

/* IOMMUFD-VLIFE-5 */
TEST_F(vevent, destroy_queue_with_pending)
{
	struct viommu_env *e = &self->e;
	__u32 id;
	int vfd;

	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, e->veventq_id));
	EXPECT_EQ(0, close(e->veventq_fd));
	e->veventq_fd = -1;
	EXPECT_EQ(0, obj_destroy(e->fd, e->veventq_id));
	/* A new queue of the type starts empty, numbered from 0 again. */
	ASSERT_EQ(0, veventq_alloc(e->fd, e->viommu_id, VEVENTQ_TYPE_MOCK, 0, VENV_DEPTH, &id,
				   &vfd));
	e->veventq_fd = vfd;
	struct vevent ev[MAX_EVENTS];

	EXPECT_EQ(0, read_all(vfd, ev));
	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	ASSERT_EQ(1, read_all(vfd, ev));
	EXPECT_EQ(0u, ev[0].sequence);
}

TEST_HARNESS_MAIN
