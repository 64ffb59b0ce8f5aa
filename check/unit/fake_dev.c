// SPDX-License-Identifier: MIT
#include <string.h>
#include <faultline/virtio_iommu.h>
#include "fake_dev.h"

uint8_t fake_viommu_status;

static struct fake_dev *to_fake(struct vio_transport *t)
{
	return (struct fake_dev *)t;
}

static uint64_t f_device_features(struct vio_transport *t) { return to_fake(t)->features; }
static void f_set_driver_features(struct vio_transport *t, uint64_t v)
{
	to_fake(t)->driver_features = v;
}
static uint8_t f_get_status(struct vio_transport *t) { return to_fake(t)->status; }
static uint8_t f_config_generation(struct vio_transport *t) { (void)t; return 0; }
static uint16_t f_num_queues(struct vio_transport *t) { (void)t; return FAKE_QUEUES; }

static void f_set_status(struct vio_transport *t, uint8_t s)
{
	struct fake_dev *f = to_fake(t);

	if (!s) {
		memset(f->q, 0, sizeof(f->q));
		f->driver_features = 0;
	}
	/* Like a device that refuses a driver without VERSION_1. */
	if ((s & VIRTIO_STATUS_FEATURES_OK) &&
	    !(f->driver_features & VIRTIO_BIT(VIRTIO_F_VERSION_1)))
		s &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK;
	f->status = s;
}

static uint32_t f_config_read(struct vio_transport *t, unsigned int off, unsigned int width)
{
	uint32_t v = 0;

	memcpy(&v, to_fake(t)->config + off, width);
	return v;
}

static void f_config_write(struct vio_transport *t, unsigned int off, unsigned int width,
			   uint32_t v)
{
	memcpy(to_fake(t)->config + off, &v, width);
}

static uint16_t f_queue_max(struct vio_transport *t, uint16_t q)
{
	return q < FAKE_QUEUES ? to_fake(t)->queue_max : 0;
}

static int f_queue_enable(struct vio_transport *t, uint16_t q, uint16_t size, uint64_t desc,
			  uint64_t avail, uint64_t used)
{
	struct fake_queue *fq = &to_fake(t)->q[q];

	*fq = (struct fake_queue){
		.size = size,
		.desc = (void *)(uintptr_t)desc,
		.avail = (void *)(uintptr_t)avail,
		.used = (void *)(uintptr_t)used,
		.enabled = true,
	};
	return VIO_OK;
}

static void f_notify(struct vio_transport *t, uint16_t q)
{
	to_fake(t)->notifies++;
	if (!to_fake(t)->defer)
		fake_process(to_fake(t), q);
}

static const struct vio_transport_ops fake_ops = {
	.device_features = f_device_features,
	.set_driver_features = f_set_driver_features,
	.get_status = f_get_status,
	.set_status = f_set_status,
	.config_generation = f_config_generation,
	.config_read = f_config_read,
	.config_write = f_config_write,
	.num_queues = f_num_queues,
	.queue_max = f_queue_max,
	.queue_enable = f_queue_enable,
	.notify = f_notify,
};

void fake_init(struct fake_dev *f, uint64_t features, uint16_t queue_max)
{
	*f = (struct fake_dev){
		.t = { .ops = &fake_ops, .name = "fake" },
		.features = features,
		.queue_max = queue_max,
		.handler = fake_viommu_handler,
	};
}

/* An indirect table's descriptors in chain order (2.7.5.3.2). */
static unsigned int fake_table(struct fake_dev *f, const struct virtq_desc *d,
			       struct virtq_desc *out, unsigned int max)
{
	const struct virtq_desc *t = (const void *)(uintptr_t)le64_get(d->addr);
	unsigned int entries = le32_get(d->len) / sizeof(*t), n = 0;

	f->indirect_tables++;
	for (uint16_t i = 0; i < entries && n < max; i = le16_get(t[i].next)) {
		out[n++] = t[i];
		if (!(le16_get(t[i].flags) & VIRTQ_DESC_F_NEXT))
			break;
	}
	return n;
}

/* The chain at head as a flat list, indirect tables expanded in place. */
static unsigned int fake_chain(struct fake_dev *f, struct fake_queue *fq, uint16_t head,
			       struct virtq_desc *out)
{
	unsigned int n = 0;

	for (uint16_t i = head, k = 0; i < fq->size && k < fq->size && n < FAKE_MAX_CHAIN; k++) {
		const struct virtq_desc *d = &fq->desc[i];
		uint16_t flags = le16_get(d->flags);

		if (flags & VIRTQ_DESC_F_INDIRECT)
			n += fake_table(f, d, out + n, FAKE_MAX_CHAIN - n);
		else
			out[n++] = *d;
		if (!(flags & VIRTQ_DESC_F_NEXT))
			break;
		i = le16_get(d->next);
	}
	return n;
}

/* Writes reply over the chain's writable descriptors; returns bytes written. */
static uint32_t scatter(const struct virtq_desc *chain, unsigned int n, const uint8_t *reply,
			uint32_t len)
{
	uint32_t done = 0;

	for (unsigned int k = 0; k < n && done < len; k++) {
		uint32_t part = le32_get(chain[k].len);

		if (!(le16_get(chain[k].flags) & VIRTQ_DESC_F_WRITE))
			continue;
		if (part > len - done)
			part = len - done;
		memcpy((void *)(uintptr_t)le64_get(chain[k].addr), reply + done, part);
		done += part;
	}
	return done;
}

/* Gathers the readable bytes into last_req; returns the writable capacity. */
static uint32_t gather(struct fake_dev *f, const struct virtq_desc *chain, unsigned int n)
{
	uint32_t in = 0, cap = 0;

	for (unsigned int k = 0; k < n; k++) {
		uint32_t len = le32_get(chain[k].len);

		if (le16_get(chain[k].flags) & VIRTQ_DESC_F_WRITE) {
			cap += len;
		} else if (in + len <= FAKE_MAX_BYTES) {
			memcpy(f->last_req + in, (void *)(uintptr_t)le64_get(chain[k].addr), len);
			in += len;
		}
	}
	f->last_req_len = in;
	return cap;
}

static void answer(struct fake_dev *f, struct fake_queue *fq, uint16_t head)
{
	struct virtq_desc chain[FAKE_MAX_CHAIN];
	uint8_t reply[FAKE_MAX_BYTES];
	unsigned int len = fake_chain(f, fq, head, chain);
	uint32_t cap = gather(f, chain, len), n;
	uint16_t used_idx;

	f->chains_seen++;
	f->notified_chains++;
	if (len > f->max_chain_len)
		f->max_chain_len = len;
	n = f->handler(f, f->last_req, f->last_req_len, reply,
		       cap < sizeof(reply) ? cap : sizeof(reply));
	if (n == FAKE_SWALLOW) {
		/* A device that gives up: keeps the buffer, asks for a reset. */
		f->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
		return;
	}
	n = scatter(chain, len, reply, n);
	used_idx = le16_get(fq->used->idx);
	fq->used->ring[used_idx % fq->size].id = le32_of(head);
	fq->used->ring[used_idx % fq->size].len = le32_of(n);
	fq->used->idx = le16_of((uint16_t)(used_idx + 1));
}

void fake_process(struct fake_dev *f, uint16_t q)
{
	struct fake_queue *fq = &f->q[q];

	if (!fq->enabled)
		return;
	while (fq->last_avail != le16_get(fq->avail->idx)) {
		answer(f, fq, le16_get(fq->avail->ring[fq->last_avail % fq->size]));
		fq->last_avail++;
	}
}

uint32_t fake_viommu_handler(struct fake_dev *f, const uint8_t *req, uint32_t len,
			     uint8_t *reply, uint32_t cap)
{
	(void)f;
	if (len < 4 || cap < 4 || req[0] < VIRTIO_IOMMU_T_ATTACH || req[0] > VIRTIO_IOMMU_T_PROBE)
		return 0;	/* unknown or unparsable: returned unwritten */
	memset(reply, 0, cap);
	reply[cap - 4] = fake_viommu_status;
	return cap;
}
