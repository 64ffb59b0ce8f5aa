// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a vEVENTQ (Linux 7.2, the IOMMUFD_TEST mock): the header and
 * record layout, the virtual device ID in place of the physical one,
 * sequence numbers, the lost-events header on overflow, read sizes,
 * blocking and non-blocking reads, poll.  The mock reports one 4-byte
 * record {virt_id} per TRIGGER_VEVENT; the fixture's queue holds
 * VENV_DEPTH of them.  The IDs above each test are in host-tests/statements.txt.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "clock.h"
#include "viommu_fixture.h"

#define POLL_WAIT_MS 5000
#define POLL_TRIGGER_DELAY_US 100000
#define MAX_EVENTS 16

VIOMMU_FIXTURE(vevent, VENV_VEVENTQ)

static int trigger_n(const struct viommu_env *e, int n)
{
	for (int i = 0; i < n; i++) {
		int rc = trigger_vevent(e->fd, e->idev_id);

		if (rc)
			return rc;
	}
	return 0;
}

/* Reads once with a buffer of count bytes and decodes it; returns the number
 * of events, or -errno, or -EPROTO for bytes that are not whole events. */
static int read_events(const struct viommu_env *e, size_t count, struct vevent *ev)
{
	unsigned char buf[MAX_EVENTS * VEVENT_MOCK_SIZE];
	ssize_t n = sys_result(read(e->veventq_fd, buf, count < sizeof(buf) ? count : sizeof(buf)));

	return n < 0 ? (int)n : vevent_parse(buf, (size_t)n, ev, MAX_EVENTS);
}

/* revents of a poll that does not wait (0: nothing raised), or -errno. */
static int poll_now(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLRDNORM | POLLOUT };
	int rc = sys_result(poll(&p, 1, 0));

	return rc == 1 ? p.revents : rc;
}

/* IOMMUFD-VEVENT-1 */
TEST_F(vevent, read_one_layout)
{
	struct viommu_env *e = &self->e;
	unsigned char buf[64];
	__u32 word[3];

	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	ASSERT_EQ(VEVENT_MOCK_SIZE, read(e->veventq_fd, buf, sizeof(buf)));
	memcpy(word, buf, sizeof(word));
	EXPECT_EQ(0u, word[0]) TH_LOG("flags");
	EXPECT_EQ(0u, word[1]) TH_LOG("sequence of the first event");
	EXPECT_EQ((__u32)VENV_VIRT_ID, word[2]) TH_LOG("the record's virt_id");
	EXPECT_NE(e->idev_id, word[2]) TH_LOG("the physical device id leaked");
	EXPECT_EQ(0, read(e->veventq_fd, buf, sizeof(buf)));
}

/* IOMMUFD-VEVENT-2 */
TEST_F(vevent, sequence_counts_up)
{
	struct viommu_env *e = &self->e;
	struct vevent ev[MAX_EVENTS];

	ASSERT_EQ(0, trigger_n(e, 3));
	ASSERT_EQ(3, read_events(e, sizeof(ev), ev));
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(0u, ev[i].flags);
		EXPECT_EQ((__u32)i, ev[i].sequence);
		EXPECT_EQ((__u32)VENV_VIRT_ID, ev[i].virt_id);
	}
	/* The numbering goes on across reads. */
	ASSERT_EQ(0, trigger_n(e, 1));
	ASSERT_EQ(1, read_events(e, sizeof(ev), ev));
	EXPECT_EQ(3u, ev[0].sequence);
}

/* IOMMUFD-VEVENT-3 */
TEST_F(vevent, read_too_small)
{
	struct viommu_env *e = &self->e;
	struct vevent ev[MAX_EVENTS];
	unsigned char buf[VEVENT_MOCK_SIZE];

	/* Below a header: refused even on an empty queue. */
	EXPECT_EQ(-EINVAL, sys_result(read(e->veventq_fd, buf, VEVENT_HDR_SIZE - 1)));
	EXPECT_EQ(-EINVAL, sys_result(read(e->veventq_fd, buf, 0)));
	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	/* A header fits but not the record: refused, and the event stays. */
	EXPECT_EQ(-EINVAL, sys_result(read(e->veventq_fd, buf, VEVENT_MOCK_SIZE - 1)));
	ASSERT_EQ(1, read_events(e, sizeof(ev), ev));
	EXPECT_EQ(0u, ev[0].sequence);
}

/* IOMMUFD-VEVENT-4 */
TEST_F(vevent, read_whole_events_only)
{
	struct viommu_env *e = &self->e;
	struct vevent ev[MAX_EVENTS];

	ASSERT_EQ(0, trigger_n(e, 2));
	/* Room for one and a half: one is returned, the other stays. */
	ASSERT_EQ(1, read_events(e, VEVENT_MOCK_SIZE + VEVENT_MOCK_SIZE / 2, ev));
	EXPECT_EQ(0u, ev[0].sequence);
	ASSERT_EQ(1, read_events(e, sizeof(ev), ev));
	EXPECT_EQ(1u, ev[0].sequence);
}

/* IOMMUFD-VEVENT-5 */
TEST_F(vevent, overflow_lost_header)
{
	struct viommu_env *e = &self->e;
	struct vevent ev[MAX_EVENTS];

	/* Two more than the depth: both lost ones become one tail header
	 * carrying the last sequence number they took. */
	ASSERT_EQ(0, trigger_n(e, VENV_DEPTH + 2));
	ASSERT_EQ(VENV_DEPTH + 1, read_events(e, sizeof(ev), ev));
	for (int i = 0; i < VENV_DEPTH; i++) {
		EXPECT_EQ(0u, ev[i].flags);
		EXPECT_EQ((__u32)i, ev[i].sequence);
	}
	EXPECT_EQ((__u32)VEVENT_FLAG_LOST, ev[VENV_DEPTH].flags);
	EXPECT_EQ((__u32)VENV_DEPTH + 1, ev[VENV_DEPTH].sequence);
	/* Read, the queue has room again: the next event follows the header's
	 * number, so the gap to the last delivered one counts the lost two. */
	ASSERT_EQ(0, trigger_n(e, 1));
	ASSERT_EQ(1, read_events(e, sizeof(ev), ev));
	EXPECT_EQ(0u, ev[0].flags);
	EXPECT_EQ((__u32)VENV_DEPTH + 2, ev[0].sequence);
}

/* IOMMUFD-VEVENT-6 */
TEST_F(vevent, lost_header_alone)
{
	struct viommu_env *e = &self->e;
	struct vevent ev[MAX_EVENTS];

	ASSERT_EQ(0, trigger_n(e, VENV_DEPTH + 1));
	ASSERT_EQ(VENV_DEPTH, read_events(e, VENV_DEPTH * VEVENT_MOCK_SIZE, ev));
	/* The header carries no record: a read of 8 bytes takes it. */
	ASSERT_EQ(1, read_events(e, VEVENT_HDR_SIZE, ev));
	EXPECT_EQ((__u32)VEVENT_FLAG_LOST, ev[0].flags);
	EXPECT_EQ((__u32)VENV_DEPTH, ev[0].sequence);
	EXPECT_EQ(0, read_events(e, sizeof(ev), ev));
}

/* IOMMUFD-VEVENT-7 */
TEST_F(vevent, read_empty_never_blocks)
{
	struct viommu_env *e = &self->e;
	unsigned char buf[64];
	int flags = fcntl(e->veventq_fd, F_GETFL);

	EXPECT_EQ(0, read(e->veventq_fd, buf, sizeof(buf))) TH_LOG("blocking fd");
	ASSERT_EQ(0, fcntl(e->veventq_fd, F_SETFL, flags | O_NONBLOCK));
	EXPECT_EQ(0, read(e->veventq_fd, buf, sizeof(buf))) TH_LOG("O_NONBLOCK fd");
}

/* IOMMUFD-VEVENT-8 */
TEST_F(vevent, poll_states)
{
	struct viommu_env *e = &self->e;
	struct vevent ev[MAX_EVENTS];

	/* No write side: an empty vEVENTQ raises nothing, not even POLLOUT. */
	EXPECT_EQ(0, poll_now(e->veventq_fd));
	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	EXPECT_EQ(POLLIN | POLLRDNORM, poll_now(e->veventq_fd));
	ASSERT_EQ(1, read_events(e, sizeof(ev), ev));
	EXPECT_EQ(0, poll_now(e->veventq_fd));
}

static void *delayed_trigger(void *arg)
{
	const struct viommu_env *e = arg;

	usleep(POLL_TRIGGER_DELAY_US);
	return (void *)(long)trigger_vevent(e->fd, e->idev_id);
}

/* IOMMUFD-VEVENT-9 */
TEST_F(vevent, poll_wakeup)
{
	struct viommu_env *e = &self->e;
	struct pollfd p = { .fd = e->veventq_fd, .events = POLLIN };
	uint64_t t0;
	pthread_t t;
	void *rc;

	ASSERT_EQ(0, pthread_create(&t, NULL, delayed_trigger, e));
	t0 = mono_ms();
	EXPECT_EQ(1, poll(&p, 1, POLL_WAIT_MS));
	/* Past its timeout poll looks once more and finds the event: only the
	 * time tells a wake-up from a timeout. */
	EXPECT_LT(mono_ms() - t0, (uint64_t)POLL_WAIT_MS) TH_LOG("no wake-up within %d ms", POLL_WAIT_MS);
	EXPECT_EQ(POLLIN, p.revents & POLLIN);
	ASSERT_EQ(0, pthread_join(t, &rc));
	EXPECT_EQ(0, (long)rc);
}

/* IOMMUFD-VEVENT-10 */
TEST_F(vevent, not_seekable_not_writable)
{
	struct viommu_env *e = &self->e;
	unsigned char buf[VEVENT_MOCK_SIZE] = { 0 };

	ASSERT_EQ(0, trigger_vevent(e->fd, e->idev_id));
	EXPECT_EQ(-ESPIPE, sys_result(lseek(e->veventq_fd, 0, SEEK_SET)));
	EXPECT_EQ(-ESPIPE, sys_result(pread(e->veventq_fd, buf, sizeof(buf), 0)));
	EXPECT_EQ(-EINVAL, sys_result(write(e->veventq_fd, buf, sizeof(buf))));
	/* None of them took the event. */
	EXPECT_EQ(VEVENT_MOCK_SIZE, read(e->veventq_fd, buf, sizeof(buf)));
}

TEST_HARNESS_MAIN
