// SPDX-License-Identifier: GPL-2.0
/*
 * Lifetime of pending faults: closing and destroying, detaching and
 * replacing while faults wait, one fault object shared by two page tables,
 * and concurrent readers.  A pending fault the kernel answered on its own
 * shows as its cookie vanishing (EINVAL) or an unread fault no longer
 * readable.  The IDs above each test are in host-tests/statements.txt.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "fault_fixture.h"

#define READERS 4
#define READER_FAULTS 64

/* One fault read (its cookie in *cookie) and one left unread. */
static int read_one_leave_one(const struct fault_env *e, __u32 *cookie)
{
	struct iommu_hwpt_pgfault m = { 0 };
	int rc = fault_env_trigger(e, NULL);

	if (!rc)
		rc = fault_env_trigger(e, NULL);
	if (!rc && fault_read(e->fault_fd, &m, sizeof(m)) != FAULT_MSG_SIZE)
		rc = -EIO;
	*cookie = m.cookie;
	return rc;
}

/* Both pending faults were answered by the kernel: the read one's cookie is
 * gone and the unread one is no longer queued. */
static int pending_dropped(const struct fault_env *e, __u32 cookie)
{
	struct iommu_hwpt_pgfault m;

	if (fault_respond(e->fault_fd, cookie, IOMMUFD_PAGE_RESP_SUCCESS) != -EINVAL)
		return 0;
	return fault_read(e->fault_fd, &m, sizeof(m)) == 0;
}

/* IOMMUFD-LIFE-1 */
TEST_F(fault, close_fd_with_pending)
{
	struct fault_env *e = &self->e;
	__u32 cookie;

	ASSERT_EQ(0, read_one_leave_one(e, &cookie));
	EXPECT_EQ(0, close(e->fault_fd));
	e->fault_fd = -1;
	/* A fault raised with nobody to read it must not pin the objects either. */
	ASSERT_EQ(0, fault_env_trigger(e, NULL));
	ASSERT_EQ(0, mock_domain_replace(e->fd, e->stdev_id, e->parent_id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->iopf_hwpt_id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->fault_id));
}

/* kmsg_warnings FD: kernel messages at warning level or worse since FD was
 * opened (at the end of the log).  A record starts "<prio>,<seq>,...;". */
static int kmsg_warnings(int fd, char *first, size_t size)
{
	char rec[1024];
	int n = 0;
	ssize_t len;

	while ((len = read(fd, rec, sizeof(rec) - 1)) > 0 || (len < 0 && errno == EPIPE)) {
		if (len <= 0)
			continue;
		rec[len] = '\0';
		if (atoi(rec) % 8 > 4)
			continue;
		if (!n++)
			snprintf(first, size, "%.200s", strchr(rec, ';') ? strchr(rec, ';') + 1 : rec);
	}
	return n;
}

/* IOMMUFD-LIFE-3 */
TEST_F(fault, close_all_with_pending)
{
	int kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK), fd;
	char first[256] = "";
	__u32 cookie, ioas;

	ASSERT_LE(0, kmsg);
	lseek(kmsg, 0, SEEK_END);
	ASSERT_EQ(0, read_one_leave_one(&self->e, &cookie));
	/* The context goes with both faults pending, one read and one not. */
	fault_env_teardown(&self->e);
	fd = iommufd_open();
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, ioas_alloc(fd, &ioas));
	close(fd);
	EXPECT_EQ(0, kmsg_warnings(kmsg, first, sizeof(first))) TH_LOG("kernel: %s", first);
	close(kmsg);
}

/* IOMMUFD-LIFE-2: a context torn down under the fault fd would also warn. */
TEST_F(fault, iommufd_closed_first)
{
	int kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	struct iommu_hwpt_pgfault m;
	char first[256] = "";

	ASSERT_LE(0, kmsg);
	lseek(kmsg, 0, SEEK_END);
	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	ASSERT_EQ(0, close(self->e.fd));
	self->e.fd = -1;
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, &m, sizeof(m)));
	EXPECT_EQ(self->e.idev_id, m.dev_id);
	EXPECT_EQ(FAULT_RESP_SIZE,
		  fault_respond(self->e.fault_fd, m.cookie, IOMMUFD_PAGE_RESP_SUCCESS));
	EXPECT_EQ(0, kmsg_warnings(kmsg, first, sizeof(first))) TH_LOG("kernel: %s", first);
	close(kmsg);
}

/* IOMMUFD-DETACH-1: destroying the mock device unplugs it. */
TEST_F(fault, detach_with_pending)
{
	__u32 cookie;

	ASSERT_EQ(0, read_one_leave_one(&self->e, &cookie));
	ASSERT_EQ(0, obj_destroy(self->e.fd, self->e.stdev_id));
	EXPECT_TRUE(pending_dropped(&self->e, cookie));
}

/* IOMMUFD-DETACH-2 */
TEST_F(fault, poll_after_detach)
{
	struct pollfd p = { .fd = self->e.fault_fd, .events = POLLIN | POLLOUT };

	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	ASSERT_EQ(0, obj_destroy(self->e.fd, self->e.stdev_id));
	EXPECT_EQ(1, sys_result(poll(&p, 1, 0)));
	EXPECT_EQ(POLLOUT, p.revents);
}

/* IOMMUFD-REPLACE-1 */
TEST_F(fault, replace_with_pending)
{
	__u32 cookie;

	ASSERT_EQ(0, read_one_leave_one(&self->e, &cookie));
	ASSERT_EQ(0, mock_domain_replace(self->e.fd, self->e.stdev_id, self->e.parent_id));
	EXPECT_TRUE(pending_dropped(&self->e, cookie));
}

/* IOMMUFD-REPLACE-2 */
TEST_F(fault, replace_fault_to_fault)
{
	struct iommu_hwpt_pgfault m;
	__u32 cookie, hwpt2;

	ASSERT_EQ(0, hwpt_alloc_nested(self->e.fd, self->e.idev_id, self->e.parent_id,
				       IOMMU_HWPT_FAULT_ID_VALID, self->e.fault_id, &hwpt2));
	ASSERT_EQ(0, read_one_leave_one(&self->e, &cookie));
	ASSERT_EQ(0, mock_domain_replace(self->e.fd, self->e.stdev_id, hwpt2));
	EXPECT_TRUE(pending_dropped(&self->e, cookie));
	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	EXPECT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, &m, sizeof(m)));
}

/* IOMMUFD-REPLACE-3 */
TEST_F(fault, replace_to_other_queue)
{
	struct iommu_hwpt_pgfault m;
	__u32 fault2, hwpt2;
	int fd2;

	ASSERT_EQ(0, fault_alloc(self->e.fd, 0, &fault2, &fd2));
	ASSERT_EQ(0, hwpt_alloc_nested(self->e.fd, self->e.idev_id, self->e.parent_id,
				       IOMMU_HWPT_FAULT_ID_VALID, fault2, &hwpt2));
	ASSERT_EQ(0, mock_domain_replace(self->e.fd, self->e.stdev_id, hwpt2));
	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	EXPECT_EQ(0, fault_read(self->e.fault_fd, &m, sizeof(m)));
	EXPECT_EQ(FAULT_MSG_SIZE, fault_read(fd2, &m, sizeof(m)));
	EXPECT_EQ(self->e.idev_id, m.dev_id);
	close(fd2);
}

/* IOMMUFD-SHARE-1 */
TEST_F(fault, shared_two_devices)
{
	struct iommu_hwpt_pgfault m[3];
	__u32 stdev2, idev2, hwpt2;
	const struct iopf f = IOPF_DEFAULT;

	ASSERT_EQ(0, fault_env_second_device(&self->e, &stdev2, &idev2, &hwpt2));
	ASSERT_EQ(0, trigger_iopf(self->e.fd, self->e.idev_id, &f));
	ASSERT_EQ(0, trigger_iopf(self->e.fd, idev2, &f));
	ASSERT_EQ(0, trigger_iopf(self->e.fd, self->e.idev_id, &f));
	ASSERT_EQ(3 * FAULT_MSG_SIZE, fault_read(self->e.fault_fd, m, sizeof(m)));
	EXPECT_EQ(self->e.idev_id, m[0].dev_id);
	EXPECT_EQ(idev2, m[1].dev_id);
	EXPECT_EQ(self->e.idev_id, m[2].dev_id);
}

/* IOMMUFD-SHARE-2 */
TEST_F(fault, shared_detach_one)
{
	struct iommu_hwpt_pgfault m[2];
	__u32 stdev2, idev2, hwpt2;

	ASSERT_EQ(0, fault_env_second_device(&self->e, &stdev2, &idev2, &hwpt2));
	ASSERT_EQ(0, trigger_iopf(self->e.fd, idev2, &IOPF_DEFAULT));
	ASSERT_EQ(0, trigger_iopf(self->e.fd, self->e.idev_id, &IOPF_DEFAULT));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, m, FAULT_MSG_SIZE));
	ASSERT_EQ(idev2, m[0].dev_id);
	ASSERT_EQ(0, trigger_iopf(self->e.fd, idev2, &IOPF_DEFAULT));
	/* Device 2 has one fault read and one unread; device 1 one unread. */
	ASSERT_EQ(0, obj_destroy(self->e.fd, stdev2));
	EXPECT_EQ(-EINVAL, fault_respond(self->e.fault_fd, m[0].cookie, IOMMUFD_PAGE_RESP_SUCCESS));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, m, sizeof(m)));
	EXPECT_EQ(self->e.idev_id, m[0].dev_id);
}

/* IOMMUFD-SHARE-3 */
TEST_F(fault, shared_destroy_busy)
{
	struct fault_env *e = &self->e;
	__u32 stdev2, idev2, hwpt2;

	ASSERT_EQ(0, fault_env_second_device(e, &stdev2, &idev2, &hwpt2));
	ASSERT_EQ(0, close(e->fault_fd));
	e->fault_fd = -1;
	ASSERT_EQ(0, obj_destroy(e->fd, stdev2));
	ASSERT_EQ(0, obj_destroy(e->fd, hwpt2));
	EXPECT_EQ(-EBUSY, obj_destroy(e->fd, e->fault_id));
	ASSERT_EQ(0, obj_destroy(e->fd, e->stdev_id));
	ASSERT_EQ(0, obj_destroy(e->fd, e->iopf_hwpt_id));
	EXPECT_EQ(0, obj_destroy(e->fd, e->fault_id));
}

struct reader {
	int fd;
	int n;
	int rc;
	__u32 cookies[READER_FAULTS];
};

/* Reads one message at a time until the queue is empty. */
static void *read_until_empty(void *arg)
{
	struct reader *r = arg;
	struct iommu_hwpt_pgfault m;
	ssize_t rc = 0;

	while (r->n < READER_FAULTS &&
	       (rc = fault_read(r->fd, &m, sizeof(m))) == FAULT_MSG_SIZE)
		r->cookies[r->n++] = m.cookie;
	r->rc = r->n < READER_FAULTS ? (int)rc : 0;
	return NULL;
}

/* IOMMUFD-CONC-2: cookies are 1..READER_FAULTS, so each must be seen once. */
TEST_F(fault, concurrent_readers)
{
	struct reader r[READERS] = { 0 };
	char seen[READER_FAULTS + 1] = { 0 };
	pthread_t t[READERS];
	int total = 0;

	for (int i = 0; i < READER_FAULTS; i++)
		ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	for (int i = 0; i < READERS; i++) {
		r[i].fd = self->e.fault_fd;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, read_until_empty, &r[i]));
	}
	for (int i = 0; i < READERS; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
		EXPECT_EQ(0, r[i].rc);
		for (int j = 0; j < r[i].n; j++) {
			__u32 c = r[i].cookies[j];

			ASSERT_TRUE(c >= 1 && c <= READER_FAULTS) TH_LOG("cookie %u", c);
			EXPECT_EQ(0, seen[c]++) TH_LOG("cookie %u read twice", c);
		}
		total += r[i].n;
	}
	EXPECT_EQ(READER_FAULTS, total);
}

TEST_HARNESS_MAIN
