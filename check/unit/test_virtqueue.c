// SPDX-License-Identifier: MIT
/* Split-ring arithmetic: sizes, chains, free list, wrap-around, bounds, indirect tables. */
#include <string.h>
#include "fake_dev.h"
#include "ut.h"
#include "virtio/virtqueue.h"

static uint32_t echo_handler(struct fake_dev *f, const uint8_t *req, uint32_t len,
			     uint8_t *reply, uint32_t cap)
{
	(void)f;
	if (len > cap)
		len = cap;
	memcpy(reply, req, len);
	return len;
}

static void setup(struct fake_dev *f, struct virtqueue *vq, uint16_t max, uint16_t size)
{
	fake_init(f, VIRTIO_BIT(VIRTIO_F_VERSION_1), max);
	f->handler = echo_handler;
	vq_init(vq, &f->t, 0, size);
	vq_enable(vq);
}

static void sizes(void)
{
	UT_CHECK(vq_desc_bytes(8) == 128 && vq_avail_bytes(8) == 22 && vq_used_bytes(8) == 70,
		 "virtqueue: ring sizes follow 2.7 (16n, 6+2n, 6+8n)");
}

static void size_capped(void)
{
	struct fake_dev f;
	struct virtqueue vq;

	setup(&f, &vq, 6, 64);
	UT_CHECK(vq.size == 4 && vq.num_free == 4,
		 "virtqueue: size is capped at the device maximum and a power of two (got %u)",
		 vq.size);
}

static void round_trip(void)
{
	struct fake_dev f;
	struct virtqueue vq;
	char out[] = "abcd", in[4] = { 0 };
	struct vq_seg o = { out, 4 }, i = { in, 4 };
	struct vq_used u = { 0 };
	int token;

	setup(&f, &vq, 8, 8);
	vq_add(&vq, &o, 1, &i, 1, &token);
	vq_kick(&vq);
	UT_CHECK(vq_get_used(&vq, &u) && u.token == &token && u.len == 4 && !memcmp(in, "abcd", 4),
		 "virtqueue: a chain comes back with its token, used length and data");
	UT_CHECK(vq.num_free == 8 && !vq_get_used(&vq, &u),
		 "virtqueue: the chain is freed and nothing else is used");
}

static void chain_of_five(void)
{
	struct fake_dev f;
	struct virtqueue vq;
	char a[] = "ab", b[] = "cd", c[] = "ef", w1[3], w2[3];
	struct vq_seg out[] = { { a, 2 }, { b, 2 }, { c, 2 } }, in[] = { { w1, 3 }, { w2, 3 } };
	struct vq_used u;

	setup(&f, &vq, 8, 8);
	vq_add(&vq, out, 3, in, 2, NULL);
	vq_kick(&vq);
	vq_get_used(&vq, &u);
	UT_CHECK(f.max_chain_len == 5 && f.last_req_len == 6 && !memcmp(f.last_req, "abcdef", 6),
		 "virtqueue: segments become one descriptor each, readable first");
	UT_CHECK(!memcmp(w1, "abc", 3) && !memcmp(w2, "def", 3) && u.len == 6,
		 "virtqueue: writable segments are filled in order");
}

static void full_ring(void)
{
	struct fake_dev f;
	struct virtqueue vq;
	char buf[4];
	struct vq_seg s = { buf, 4 };
	struct vq_used u;
	int added = 0;

	setup(&f, &vq, 4, 4);
	f.defer = true;
	while (vq_add(&vq, &s, 1, NULL, 0, NULL) == VIO_OK)
		added++;
	UT_CHECK(added == 4 && vq_add(&vq, &s, 1, NULL, 0, NULL) == VIO_ENOMEM,
		 "virtqueue: a full ring refuses a chain (added %d)", added);
	vq_kick(&vq);
	fake_process(&f, 0);
	while (vq_get_used(&vq, &u))
		;
	UT_CHECK(vq.num_free == 4 && vq_add(&vq, &s, 1, &s, 1, NULL) == VIO_OK,
		 "virtqueue: consumed chains return to the free list");
}

/* Free-running 16-bit indices must survive wrapping past 65535. */
static void wrap_around(void)
{
	struct fake_dev f;
	struct virtqueue vq;
	char o[2] = "x", i[2];
	struct vq_seg so = { o, 1 }, si = { i, 1 };
	struct vq_used u;
	unsigned int bad = 0;

	setup(&f, &vq, 4, 4);
	for (unsigned int n = 0; n < 70000; n++) {
		vq_add(&vq, &so, 1, &si, 1, (void *)(uintptr_t)(n + 1));
		vq_kick(&vq);
		bad += !vq_get_used(&vq, &u) || u.token != (void *)(uintptr_t)(n + 1);
	}
	UT_CHECK(!bad && vq.num_free == 4 && vq.avail_idx == (uint16_t)70000,
		 "virtqueue: 70000 round trips wrap the indices with no lost chain (%u bad)", bad);
}

static void bounded_wait(void)
{
	struct fake_dev f;
	struct virtqueue vq;
	char buf[4];
	struct vq_seg s = { buf, 4 };
	struct vq_used u;

	setup(&f, &vq, 4, 4);
	f.defer = true;
	vq_add(&vq, &s, 1, NULL, 0, NULL);
	vq_kick(&vq);
	UT_CHECK(vq_wait_used(&vq, 5 * 1000 * 1000, &u) == VIO_ETIMEDOUT,
		 "virtqueue: waiting on a silent device ends with a timeout");
}

static void bogus_head(void)
{
	struct fake_dev f;
	struct virtqueue vq;
	struct vq_used u = { .token = &f };

	setup(&f, &vq, 4, 4);
	vq.used->ring[0].id = le32_of(3);	/* never handed to the device */
	vq.used->idx = le16_of(1);
	UT_CHECK(vq_get_used(&vq, &u) && u.token == NULL && vq.num_free == 4,
		 "virtqueue: a head the device was never given is reported, not freed");
}

static void indirect_round_trip(void)
{
	struct fake_dev f;
	struct virtqueue vq;
	char a[] = "ab", b[] = "cde", w1[2], w2[3];
	struct vq_seg out[] = { { a, 2 }, { b, 3 } }, in[] = { { w1, 2 }, { w2, 3 } };
	struct vq_used u = { 0 };
	int token;

	setup(&f, &vq, 8, 8);
	f.defer = true;
	vq_add_indirect(&vq, out, 2, in, 2, &token);
	UT_CHECK(vq.num_free == 7 && le16_get(vq.desc[0].flags) == VIRTQ_DESC_F_INDIRECT &&
		 le32_get(vq.desc[0].len) == 4 * sizeof(struct virtq_desc),
		 "virtqueue: an indirect chain takes one ring descriptor, INDIRECT only, len 16n");
	vq_kick(&vq);
	fake_process(&f, 0);
	UT_CHECK(vq_get_used(&vq, &u) && u.token == &token && u.len == 5 &&
		 f.indirect_tables == 1 && f.max_chain_len == 4 &&
		 !memcmp(w1, "ab", 2) && !memcmp(w2, "cde", 3),
		 "virtqueue: the table's segments are read and written in order");
	UT_CHECK(vq.num_free == 8, "virtqueue: the ring descriptor returns to the free list");
}

/* One ring slot per chain; a table may not exceed the queue size. */
static void indirect_fills_ring(void)
{
	struct fake_dev f;
	struct virtqueue vq;
	char buf[4];
	struct vq_seg s[VQ_INDIRECT_MAX + 1];
	struct vq_used u;
	unsigned int added = 0, back = 0;

	for (unsigned int i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		s[i] = (struct vq_seg){ buf, 1 };
	setup(&f, &vq, 32, 32);
	UT_CHECK(vq_add_indirect(&vq, s, VQ_INDIRECT_MAX, s, 1, NULL) == VIO_ENOMEM &&
		 vq.num_free == 32,
		 "virtqueue: a table longer than VQ_INDIRECT_MAX is refused");
	setup(&f, &vq, 4, 4);
	f.defer = true;
	UT_CHECK(vq_add_indirect(&vq, s, 3, s, 2, NULL) == VIO_ENOMEM,
		 "virtqueue: a table longer than the queue size is refused (2.7.5.3.1)");
	while (vq_add_indirect(&vq, s, 2, s, 1, (void *)(uintptr_t)(added + 1)) == VIO_OK)
		added++;
	vq_kick(&vq);
	fake_process(&f, 0);
	while (vq_get_used(&vq, &u))
		back += u.token == (void *)(uintptr_t)(back + 1);
	UT_CHECK(added == 4 && back == 4 && vq.num_free == 4,
		 "virtqueue: a 4-entry ring holds 4 three-segment indirect chains (added %u)",
		 added);
}

/* Direct and indirect chains share one free list. */
static void indirect_mixed(void)
{
	struct fake_dev f;
	struct virtqueue vq;
	char o[2] = "x", i[2];
	struct vq_seg so = { o, 1 }, si = { i, 1 };
	struct vq_used u;
	unsigned int bad = 0;

	setup(&f, &vq, 4, 4);
	for (unsigned int n = 0; n < 1000; n++) {
		void *token = (void *)(uintptr_t)(n + 1);

		o[0] = (char)n;
		if (n % 3)
			vq_add_indirect(&vq, &so, 1, &si, 1, token);
		else
			vq_add(&vq, &so, 1, &si, 1, token);
		vq_kick(&vq);
		bad += !vq_get_used(&vq, &u) || u.token != token || i[0] != (char)n;
	}
	UT_CHECK(!bad && vq.num_free == 4 && f.indirect_tables == 666,
		 "virtqueue: 1000 direct and indirect chains interleave (%u bad)", bad);
}

void ut_virtqueue(void)
{
	sizes();
	size_capped();
	round_trip();
	chain_of_five();
	full_ring();
	wrap_around();
	bounded_wait();
	bogus_head();
	indirect_round_trip();
	indirect_fills_ring();
	indirect_mixed();
}
