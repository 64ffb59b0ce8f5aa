// SPDX-License-Identifier: MIT
/* Split-ring arithmetic: sizes, chains, free list, wrap-around, bounds. */
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
}
