// SPDX-License-Identifier: GPL-2.0
/*
 * Reading faults: the content of a delivered message, read sizes and
 * errors, poll, and what the mock's trigger queues.  The IDs above each test
 * are in host-tests/statements.txt.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "fault_fixture.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* IOMMUFD-POLL-4: how long the poller waits at most, and how long before the fault. */
#define POLL_WAIT_MS 5000
#define POLL_TRIGGER_DELAY_US 100000
#define QUEUE_FAULTS 1024

/* Triggers f (NULL: IOPF_DEFAULT) and reads it back as one message. */
static int trigger_and_read(const struct fault_env *e, const struct iopf *f,
			    struct iommu_hwpt_pgfault *m)
{
	int rc = fault_env_trigger(e, f);

	return rc ? rc : (int)fault_read(e->fault_fd, m, sizeof(*m));
}

/* revents of a poll that does not wait. */
static int poll_now(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLRDNORM | POLLOUT };
	int rc = sys_result(poll(&p, 1, 0));

	return rc == 1 ? p.revents : rc < 0 ? rc : -ETIMEDOUT;
}

/* Triggers n faults whose addr is the page number i << 12. */
static int trigger_n(const struct fault_env *e, int n)
{
	for (int i = 0; i < n; i++) {
		struct iopf f = IOPF_DEFAULT;
		int rc;

		f.addr = (__u64)i << 12;
		rc = fault_env_trigger(e, &f);
		if (rc)
			return rc;
	}
	return 0;
}

/* IOMMUFD-MSG-1 */
TEST_F(fault, msg_flags_without_pasid)
{
	struct iommu_hwpt_pgfault m;

	ASSERT_EQ(FAULT_MSG_SIZE, trigger_and_read(&self->e, NULL, &m));
	EXPECT_EQ((__u32)IOMMU_PGFAULT_FLAGS_LAST_PAGE, m.flags);
	EXPECT_EQ(0u, m.pasid);
}

/* IOMMUFD-MSG-2 */
TEST_F(fault, msg_flags_with_pasid)
{
	static const __u32 pasids[] = { 1, 0x1234, 0xfffff };

	for (size_t i = 0; i < ARRAY_LEN(pasids); i++) {
		struct iopf f = IOPF_DEFAULT;
		struct iommu_hwpt_pgfault m;

		f.pasid = pasids[i];
		ASSERT_EQ(FAULT_MSG_SIZE, trigger_and_read(&self->e, &f, &m));
		EXPECT_EQ((__u32)(IOMMU_PGFAULT_FLAGS_PASID_VALID | IOMMU_PGFAULT_FLAGS_LAST_PAGE),
			  m.flags) TH_LOG("pasid 0x%x", pasids[i]);
		EXPECT_EQ(pasids[i], m.pasid);
	}
}

/* IOMMUFD-MSG-3 */
TEST_F(fault, msg_dev_id)
{
	struct iommu_hwpt_pgfault m;

	ASSERT_EQ(FAULT_MSG_SIZE, trigger_and_read(&self->e, NULL, &m));
	EXPECT_EQ(self->e.idev_id, m.dev_id);
}

/* IOMMUFD-MSG-4: nothing is validated, so odd values must come back as sent. */
TEST_F(fault, msg_raw_fields)
{
	static const struct iopf cases[] = {
		{ .grpid = 0, .perm = 0, .addr = 0 },
		{ .grpid = 1, .perm = IOMMU_PGFAULT_PERM_READ, .addr = 0x1000 },
		{ .grpid = 0x1ff, .perm = IOMMU_PGFAULT_PERM_WRITE, .addr = 0xdeadbeef },
		{ .grpid = 0x2a, .perm = IOMMU_PGFAULT_PERM_EXEC | IOMMU_PGFAULT_PERM_PRIV,
		  .addr = 0xfffffffffffff000ULL },
		{ .grpid = UINT_MAX, .perm = 0xfffffff0, .addr = ~0ULL },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct iommu_hwpt_pgfault m;

		ASSERT_EQ(FAULT_MSG_SIZE, trigger_and_read(&self->e, &cases[i], &m));
		EXPECT_EQ(cases[i].grpid, m.grpid) TH_LOG("case %zu", i);
		EXPECT_EQ(cases[i].perm, m.perm) TH_LOG("case %zu", i);
		EXPECT_EQ(cases[i].addr, (__u64)m.addr) TH_LOG("case %zu", i);
	}
}

/* IOMMUFD-MSG-5 */
TEST_F(fault, msg_length_zero)
{
	struct iommu_hwpt_pgfault m;

	memset(&m, 0xa5, sizeof(m));
	ASSERT_EQ(FAULT_MSG_SIZE, trigger_and_read(&self->e, NULL, &m));
	EXPECT_EQ(0u, m.length);
}

/* IOMMUFD-MSG-6: the buffer is poisoned first, so stale bytes would show. */
TEST_F(fault, msg_reserved_zero)
{
	struct iommu_hwpt_pgfault m;

	memset(&m, 0xa5, sizeof(m));
	ASSERT_EQ(FAULT_MSG_SIZE, trigger_and_read(&self->e, NULL, &m));
	EXPECT_EQ(0u, m.__reserved);
}

/* IOMMUFD-READ-1 */
TEST_F(fault, read_one)
{
	struct iommu_hwpt_pgfault m[2];

	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	EXPECT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, m, FAULT_MSG_SIZE));
	EXPECT_EQ(IOPF_DEFAULT.addr, (__u64)m[0].addr);
	EXPECT_EQ(0, fault_read(self->e.fault_fd, m, sizeof(m)));
}

/* IOMMUFD-READ-2 */
TEST_F(fault, read_count_not_multiple)
{
	static const size_t counts[] = { 1, 8, 39, 41, 79, 81 };
	struct iommu_hwpt_pgfault m[3];

	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	for (size_t i = 0; i < ARRAY_LEN(counts); i++) {
		EXPECT_EQ(-ESPIPE, fault_read(self->e.fault_fd, m, counts[i]))
			TH_LOG("count %zu", counts[i]);
	}
	EXPECT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, m, FAULT_MSG_SIZE));
}

/* IOMMUFD-READ-3 */
TEST_F(fault, read_count_zero_with_fault)
{
	struct iommu_hwpt_pgfault m;

	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	EXPECT_EQ(-EINVAL, fault_read(self->e.fault_fd, &m, 0));
	EXPECT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, &m, sizeof(m)));
}

/* IOMMUFD-READ-4 */
TEST_F(fault, read_empty)
{
	struct iommu_hwpt_pgfault m[4];
	int fl = fcntl(self->e.fault_fd, F_GETFL);

	EXPECT_EQ(0, fault_read(self->e.fault_fd, m, 0));
	EXPECT_EQ(0, fault_read(self->e.fault_fd, m, FAULT_MSG_SIZE));
	EXPECT_EQ(0, fault_read(self->e.fault_fd, m, sizeof(m)));
	ASSERT_EQ(0, fcntl(self->e.fault_fd, F_SETFL, fl | O_NONBLOCK));
	EXPECT_EQ(0, fault_read(self->e.fault_fd, m, sizeof(m)));
}

/* IOMMUFD-READ-5 */
TEST_F(fault, read_several)
{
	struct iommu_hwpt_pgfault m[3];

	ASSERT_EQ(0, trigger_n(&self->e, 3));
	ASSERT_EQ(3 * FAULT_MSG_SIZE, fault_read(self->e.fault_fd, m, sizeof(m)));
	for (int i = 0; i < 3; i++)
		EXPECT_EQ((__u64)i << 12, (__u64)m[i].addr);
	EXPECT_NE(m[0].cookie, m[1].cookie);
	EXPECT_NE(m[1].cookie, m[2].cookie);
	EXPECT_NE(m[0].cookie, m[2].cookie);
}

/* IOMMUFD-READ-6 */
TEST_F(fault, read_partial)
{
	struct iommu_hwpt_pgfault m[4];

	ASSERT_EQ(0, trigger_n(&self->e, 3));
	ASSERT_EQ(2 * FAULT_MSG_SIZE, fault_read(self->e.fault_fd, m, 2 * FAULT_MSG_SIZE));
	EXPECT_EQ(0ull, (__u64)m[0].addr);
	EXPECT_EQ(1ull << 12, (__u64)m[1].addr);
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, m, sizeof(m)));
	EXPECT_EQ(2ull << 12, (__u64)m[0].addr);
}

/* A page that can hold messages, followed by one that faults. */
static char *guarded_page(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p + page, page);
	return p;
}

/* IOMMUFD-READ-7 */
TEST_F(fault, read_bad_buffer)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = guarded_page();
	struct iommu_hwpt_pgfault m;

	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	EXPECT_EQ(-EFAULT, fault_read(self->e.fault_fd, p + page, FAULT_MSG_SIZE));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, &m, sizeof(m)));
	EXPECT_EQ(IOPF_DEFAULT.addr, (__u64)m.addr);
	/* The cookie the failed read took was given back. */
	EXPECT_EQ(1u, m.cookie);
}

/* IOMMUFD-READ-8 */
TEST_F(fault, read_fault_after_first)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = guarded_page();
	struct iommu_hwpt_pgfault m;

	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, trigger_n(&self->e, 2));
	/* The first message fits before the hole, the second does not. */
	EXPECT_EQ(FAULT_MSG_SIZE,
		  fault_read(self->e.fault_fd, p + page - FAULT_MSG_SIZE, 2 * FAULT_MSG_SIZE));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, &m, sizeof(m)));
	EXPECT_EQ(1ull << 12, (__u64)m.addr);
}

/* IOMMUFD-POLL-1 */
TEST_F(fault, poll_empty)
{
	EXPECT_EQ(POLLOUT, poll_now(self->e.fault_fd));
}

/* IOMMUFD-POLL-2 */
TEST_F(fault, poll_pending)
{
	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	EXPECT_EQ(POLLIN | POLLRDNORM | POLLOUT, poll_now(self->e.fault_fd));
}

/* IOMMUFD-POLL-3 */
TEST_F(fault, poll_after_read)
{
	struct iommu_hwpt_pgfault m;

	ASSERT_EQ(FAULT_MSG_SIZE, trigger_and_read(&self->e, NULL, &m));
	EXPECT_EQ(POLLOUT, poll_now(self->e.fault_fd));
}

struct poller {
	int fd;
	int rc;
	short revents;
};

/* Waits for POLLIN only: POLLOUT is always set and would return at once. */
static void *poll_in(void *arg)
{
	struct poller *p = arg;
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };

	p->rc = sys_result(poll(&pfd, 1, POLL_WAIT_MS));
	p->revents = pfd.revents;
	return NULL;
}

/* IOMMUFD-POLL-4 */
TEST_F(fault, poll_wakeup)
{
	struct poller p = { .fd = self->e.fault_fd };
	struct timespec t0, t1;
	pthread_t thread;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ASSERT_EQ(0, pthread_create(&thread, NULL, poll_in, &p));
	usleep(POLL_TRIGGER_DELAY_US);
	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	EXPECT_EQ(1, p.rc);
	EXPECT_EQ(POLLIN, p.revents);
	EXPECT_LT(ms, POLL_WAIT_MS) TH_LOG("poll returned after %ld ms", ms);
}

/* IOMMUFD-IOPF-1 */
TEST_F(fault, trigger_without_fault_hwpt)
{
	struct iommu_hwpt_pgfault m;

	ASSERT_EQ(0, mock_domain_replace(self->e.fd, self->e.stdev_id, self->e.parent_id));
	EXPECT_EQ(0, fault_env_trigger(&self->e, NULL));
	EXPECT_EQ(POLLOUT, poll_now(self->e.fault_fd));
	EXPECT_EQ(0, fault_read(self->e.fault_fd, &m, sizeof(m)));
}

/* IOMMUFD-IOPF-2 */
TEST_F(fault, trigger_bad_device)
{
	const __u32 ids[] = { 0, UINT_MAX, self->e.ioas_id, self->e.fault_id };

	for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
		EXPECT_EQ(-ENOENT, trigger_iopf(self->e.fd, ids[i], &IOPF_DEFAULT))
			TH_LOG("dev_id %u", ids[i]);
	}
}

/* IOMMUFD-QUEUE-1 */
TEST_F(fault, queue_unbounded)
{
	static struct iommu_hwpt_pgfault m[QUEUE_FAULTS + 1];
	int n;

	ASSERT_EQ(0, trigger_n(&self->e, QUEUE_FAULTS));
	n = fault_drain(self->e.fault_fd, m, ARRAY_LEN(m));
	ASSERT_EQ(QUEUE_FAULTS, n);
	for (int i = 0; i < n; i++) {
		if ((__u64)i << 12 != m[i].addr) {
			EXPECT_EQ((__u64)i << 12, (__u64)m[i].addr) TH_LOG("message %d", i);
			break;
		}
	}
}

TEST_HARNESS_MAIN
