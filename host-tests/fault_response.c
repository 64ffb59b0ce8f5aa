// SPDX-License-Identifier: GPL-2.0
/*
 * Answering faults: response codes, cookies, batches and their errors.  The
 * mock's page_response does nothing, so what a test can see is whether the
 * kernel still holds a cookie: a held one takes one response, a freed one
 * gives EINVAL.  The IDs above each test are in host-tests/statements.txt.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "fault_fixture.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define RESPONDERS 4

/* Triggers a fault and reads it; returns its cookie, or 0 on failure. */
static __u32 pending_cookie(const struct fault_env *e)
{
	struct iommu_hwpt_pgfault m;

	if (fault_env_trigger(e, NULL) || fault_read(e->fault_fd, &m, sizeof(m)) != FAULT_MSG_SIZE)
		return 0;
	return m.cookie;
}

/* IOMMUFD-RESP-1 */
TEST_F(fault, respond_success)
{
	__u32 c = pending_cookie(&self->e);

	ASSERT_NE(0u, c);
	EXPECT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, c, IOMMUFD_PAGE_RESP_SUCCESS));
}

/* IOMMUFD-RESP-2 */
TEST_F(fault, respond_invalid)
{
	__u32 c = pending_cookie(&self->e);

	ASSERT_NE(0u, c);
	EXPECT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, c, IOMMUFD_PAGE_RESP_INVALID));
}

/* IOMMUFD-RESP-3: 2 is the kernel's own IOMMU_PAGE_RESP_FAILURE. */
TEST_F(fault, respond_bad_code)
{
	static const __u32 codes[] = { 2, 3, 0x80000000, UINT_MAX };
	__u32 c = pending_cookie(&self->e);

	ASSERT_NE(0u, c);
	for (size_t i = 0; i < ARRAY_LEN(codes); i++) {
		EXPECT_EQ(-EINVAL, fault_respond(self->e.fault_fd, c, codes[i]))
			TH_LOG("code %u", codes[i]);
	}
	EXPECT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, c, IOMMUFD_PAGE_RESP_SUCCESS));
}

/* IOMMUFD-RESP-4 */
TEST_F(fault, respond_unknown_cookie)
{
	const __u32 cookies[] = { 2, 1000, UINT_MAX };
	__u32 c = pending_cookie(&self->e);

	ASSERT_EQ(1u, c);
	for (size_t i = 0; i < ARRAY_LEN(cookies); i++) {
		EXPECT_EQ(-EINVAL, fault_respond(self->e.fault_fd, cookies[i],
						 IOMMUFD_PAGE_RESP_SUCCESS))
			TH_LOG("cookie %u", cookies[i]);
	}
	EXPECT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, c, IOMMUFD_PAGE_RESP_SUCCESS));
}

/* IOMMUFD-RESP-5 */
TEST_F(fault, respond_cookie_zero)
{
	ASSERT_NE(0u, pending_cookie(&self->e));
	EXPECT_EQ(-EINVAL, fault_respond(self->e.fault_fd, 0, IOMMUFD_PAGE_RESP_SUCCESS));
}

/* IOMMUFD-RESP-6 */
TEST_F(fault, respond_twice)
{
	__u32 c = pending_cookie(&self->e);

	ASSERT_NE(0u, c);
	EXPECT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, c, IOMMUFD_PAGE_RESP_SUCCESS));
	EXPECT_EQ(-EINVAL, fault_respond(self->e.fault_fd, c, IOMMUFD_PAGE_RESP_SUCCESS));
	EXPECT_EQ(-EINVAL, fault_respond(self->e.fault_fd, c, IOMMUFD_PAGE_RESP_INVALID));
}

/* IOMMUFD-RESP-7: a cookie is handed out by the read, not by the fault. */
TEST_F(fault, respond_before_read)
{
	struct iommu_hwpt_pgfault m;

	ASSERT_EQ(0, fault_env_trigger(&self->e, NULL));
	EXPECT_EQ(-EINVAL, fault_respond(self->e.fault_fd, 1, IOMMUFD_PAGE_RESP_SUCCESS));
	ASSERT_EQ(FAULT_MSG_SIZE, fault_read(self->e.fault_fd, &m, sizeof(m)));
	EXPECT_EQ(1u, m.cookie);
	EXPECT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, 1, IOMMUFD_PAGE_RESP_SUCCESS));
}

/* IOMMUFD-RESP-8 */
TEST_F(fault, respond_count_not_multiple)
{
	static const size_t counts[] = { 1, 4, 7, 9, 12 };
	struct iommu_hwpt_page_response r[2];
	__u32 c = pending_cookie(&self->e);

	ASSERT_NE(0u, c);
	r[0] = r[1] = (struct iommu_hwpt_page_response){ .cookie = c };
	for (size_t i = 0; i < ARRAY_LEN(counts); i++) {
		EXPECT_EQ(-ESPIPE, fault_write(self->e.fault_fd, r, counts[i]))
			TH_LOG("count %zu", counts[i]);
	}
	EXPECT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, c, IOMMUFD_PAGE_RESP_SUCCESS));
}

/* IOMMUFD-RESP-9 */
TEST_F(fault, respond_count_zero)
{
	struct iommu_hwpt_page_response r = { 0 };

	EXPECT_EQ(0, fault_write(self->e.fault_fd, &r, 0));
	ASSERT_NE(0u, pending_cookie(&self->e));
	EXPECT_EQ(0, fault_write(self->e.fault_fd, &r, 0));
}

/* Reads n pending faults' cookies into c; returns 0 or -1. */
static int pending_cookies(const struct fault_env *e, __u32 *c, int n)
{
	for (int i = 0; i < n; i++) {
		c[i] = pending_cookie(e);
		if (!c[i])
			return -1;
	}
	return 0;
}

/* IOMMUFD-RESP-10 */
TEST_F(fault, respond_batch)
{
	struct iommu_hwpt_page_response r[3];
	__u32 c[3];

	ASSERT_EQ(0, pending_cookies(&self->e, c, 3));
	for (int i = 0; i < 3; i++)
		r[i] = (struct iommu_hwpt_page_response){ .cookie = c[i] };
	EXPECT_EQ(3 * FAULT_RESP_SIZE, fault_write(self->e.fault_fd, r, sizeof(r)));
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(-EINVAL, fault_respond(self->e.fault_fd, c[i], IOMMUFD_PAGE_RESP_SUCCESS));
}

/* IOMMUFD-RESP-11 */
TEST_F(fault, respond_batch_bad_middle)
{
	struct iommu_hwpt_page_response r[3];
	__u32 c[2];

	ASSERT_EQ(0, pending_cookies(&self->e, c, 2));
	r[0] = (struct iommu_hwpt_page_response){ .cookie = c[0] };
	r[1] = (struct iommu_hwpt_page_response){ .cookie = c[1], .code = 7 };
	r[2] = (struct iommu_hwpt_page_response){ .cookie = c[1] };
	EXPECT_EQ(FAULT_RESP_SIZE, fault_write(self->e.fault_fd, r, sizeof(r)));
	EXPECT_EQ(-EINVAL, fault_respond(self->e.fault_fd, c[0], IOMMUFD_PAGE_RESP_SUCCESS));
	EXPECT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, c[1], IOMMUFD_PAGE_RESP_SUCCESS));
}

/* IOMMUFD-RESP-12 */
TEST_F(fault, respond_batch_bad_first)
{
	struct iommu_hwpt_page_response r[2];
	__u32 c = pending_cookie(&self->e);

	ASSERT_NE(0u, c);
	r[0] = (struct iommu_hwpt_page_response){ .cookie = c + 100 };
	r[1] = (struct iommu_hwpt_page_response){ .cookie = c };
	EXPECT_EQ(-EINVAL, fault_write(self->e.fault_fd, r, sizeof(r)));
	EXPECT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, c, IOMMUFD_PAGE_RESP_SUCCESS));
}

/* IOMMUFD-RESP-13 */
TEST_F(fault, respond_bad_buffer)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	__u32 c = pending_cookie(&self->e);

	ASSERT_NE(MAP_FAILED, p);
	ASSERT_NE(0u, c);
	EXPECT_EQ(-EFAULT, fault_write(self->e.fault_fd, p, FAULT_RESP_SIZE));
	EXPECT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, c, IOMMUFD_PAGE_RESP_SUCCESS));
}

/* IOMMUFD-COOKIE-1 */
TEST_F(fault, cookie_first_is_one)
{
	__u32 c[3];

	ASSERT_EQ(0, pending_cookies(&self->e, c, 3));
	EXPECT_EQ(1u, c[0]);
	EXPECT_EQ(2u, c[1]);
	EXPECT_EQ(3u, c[2]);
}

/* IOMMUFD-COOKIE-2: a stale response can therefore answer a newer fault. */
TEST_F(fault, cookie_reused)
{
	__u32 c[3];

	ASSERT_EQ(0, pending_cookies(&self->e, c, 3));
	ASSERT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, c[1], IOMMUFD_PAGE_RESP_SUCCESS));
	ASSERT_EQ(FAULT_RESP_SIZE, fault_respond(self->e.fault_fd, c[0], IOMMUFD_PAGE_RESP_SUCCESS));
	EXPECT_EQ(c[0], pending_cookie(&self->e));
	EXPECT_EQ(c[1], pending_cookie(&self->e));
	EXPECT_EQ(c[2] + 1, pending_cookie(&self->e));
}

struct responder {
	pthread_barrier_t *start;
	int fd;
	__u32 cookie;
	ssize_t rc;
};

static void *respond_at_once(void *arg)
{
	struct responder *r = arg;

	pthread_barrier_wait(r->start);
	r->rc = fault_respond(r->fd, r->cookie, IOMMUFD_PAGE_RESP_SUCCESS);
	return NULL;
}

/* IOMMUFD-CONC-1 */
TEST_F(fault, concurrent_responders)
{
	struct responder r[RESPONDERS];
	pthread_t t[RESPONDERS];
	pthread_barrier_t start;
	int ok = 0, einval = 0;
	__u32 c = pending_cookie(&self->e);

	ASSERT_NE(0u, c);
	ASSERT_EQ(0, pthread_barrier_init(&start, NULL, RESPONDERS));
	for (int i = 0; i < RESPONDERS; i++) {
		r[i] = (struct responder){ .start = &start, .fd = self->e.fault_fd, .cookie = c };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, respond_at_once, &r[i]));
	}
	for (int i = 0; i < RESPONDERS; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
		ok += r[i].rc == FAULT_RESP_SIZE;
		einval += r[i].rc == -EINVAL;
	}
	EXPECT_EQ(1, ok);
	EXPECT_EQ(RESPONDERS - 1, einval);
}

TEST_HARNESS_MAIN
