// SPDX-License-Identifier: MIT
#include <string.h>
#include <faultline/rt.h>
#include "virtio/virtqueue.h"

size_t vq_desc_bytes(uint16_t size)
{
	return 16u * size;
}

size_t vq_avail_bytes(uint16_t size)
{
	return 6u + 2u * size;
}

size_t vq_used_bytes(uint16_t size)
{
	return 6u + 8u * size;
}

void vq_clear(struct virtqueue *vq)
{
	memset(vq->desc, 0, vq_desc_bytes(vq->size));
	memset(vq->avail, 0, vq_avail_bytes(vq->size));
	memset(vq->used, 0, vq_used_bytes(vq->size));
	for (uint16_t i = 0; i < vq->size; i++) {
		vq->desc[i].next = le16_of((uint16_t)((i + 1) % vq->size));
		vq->token[i] = NULL;
		vq->chain_len[i] = 0;
	}
	vq->free_head = 0;
	vq->num_free = vq->size;
	vq->avail_idx = 0;
	vq->last_used = 0;
}

int vq_init(struct virtqueue *vq, struct vio_transport *t, uint16_t index, uint16_t size)
{
	uint16_t max = t->ops->queue_max(t, index);

	if (!max)
		return VIO_ENOQUEUE;
	while (size > max || (size & (size - 1)))
		size >>= 1;
	if (!size)
		return VIO_EINVAL;
	vq->t = t;
	vq->index = index;
	vq->size = size;
	vq->desc = rt_alloc(vq_desc_bytes(size), 16);
	vq->avail = rt_alloc(vq_avail_bytes(size), 2);
	vq->used = rt_alloc(vq_used_bytes(size), 4);
	vq->token = rt_alloc(size * sizeof(void *), sizeof(void *));
	vq->chain_len = rt_alloc(size * sizeof(uint16_t), 2);
	vq->indirect = rt_alloc(size * sizeof(*vq->indirect), sizeof(void *));
	if (!vq->desc || !vq->avail || !vq->used || !vq->token || !vq->chain_len ||
	    !vq->indirect)
		return VIO_ENOMEM;
	vq_clear(vq);
	return VIO_OK;
}

int vq_enable(struct virtqueue *vq)
{
	return vq->t->ops->queue_enable(vq->t, vq->index, vq->size,
					rt_virt_to_phys(vq->desc),
					rt_virt_to_phys(vq->avail),
					rt_virt_to_phys(vq->used));
}

static void vq_fill_desc(struct virtq_desc *d, const struct vq_seg *seg, uint16_t flags)
{
	d->addr = le64_of(rt_virt_to_phys(seg->addr));
	d->len = le32_of(seg->len);
	d->flags = le16_of(flags);
}

/* Segment k of a chain and its flags: readable ones first, linked by NEXT. */
static const struct vq_seg *vq_seg_at(const struct vq_seg *out, unsigned int nout,
				      const struct vq_seg *in, unsigned int n,
				      unsigned int k, uint16_t *flags)
{
	*flags = k < nout ? 0 : VIRTQ_DESC_F_WRITE;
	if (k + 1 < n)
		*flags |= VIRTQ_DESC_F_NEXT;
	return k < nout ? &out[k] : &in[k - nout];
}

/* Hands the chain at head, of n ring descriptors, to the avail ring. */
static void vq_publish(struct virtqueue *vq, uint16_t head, unsigned int n, void *token)
{
	vq->num_free = (uint16_t)(vq->num_free - n);
	vq->token[head] = token;
	vq->chain_len[head] = (uint16_t)n;
	vq->avail->ring[vq->avail_idx % vq->size] = le16_of(head);
	vq->avail_idx++;
}

int vq_add(struct virtqueue *vq, const struct vq_seg *out, unsigned int nout,
	   const struct vq_seg *in, unsigned int nin, void *token)
{
	unsigned int n = nout + nin;
	uint16_t head = vq->free_head, i = head, last = head, flags;

	if (!n || n > vq->num_free)
		return VIO_ENOMEM;
	for (unsigned int k = 0; k < n; k++) {
		const struct vq_seg *seg = vq_seg_at(out, nout, in, n, k, &flags);

		vq_fill_desc(&vq->desc[i], seg, flags);
		last = i;
		i = le16_get(vq->desc[i].next);
	}
	vq->free_head = le16_get(vq->desc[last].next);
	vq_publish(vq, head, n, token);
	return VIO_OK;
}

/* A head's table is reused: it is busy only while the head is. */
int vq_add_indirect(struct virtqueue *vq, const struct vq_seg *out, unsigned int nout,
		    const struct vq_seg *in, unsigned int nin, void *token)
{
	unsigned int n = nout + nin;
	uint16_t head = vq->free_head, flags;
	struct virtq_desc *table;

	if (!n || n > VQ_INDIRECT_MAX || n > vq->size || !vq->num_free)
		return VIO_ENOMEM;
	if (!vq->indirect[head])
		vq->indirect[head] = rt_alloc(VQ_INDIRECT_MAX * sizeof(*table), 16);
	table = vq->indirect[head];
	if (!table)
		return VIO_ENOMEM;
	for (unsigned int k = 0; k < n; k++) {
		const struct vq_seg *seg = vq_seg_at(out, nout, in, n, k, &flags);

		vq_fill_desc(&table[k], seg, flags);
		table[k].next = le16_of((uint16_t)(k + 1 < n ? k + 1 : 0));
	}
	/* The table's own descriptor: INDIRECT alone, never NEXT or WRITE. */
	vq_fill_desc(&vq->desc[head], &(struct vq_seg){ table, n * sizeof(*table) },
		     VIRTQ_DESC_F_INDIRECT);
	vq->free_head = le16_get(vq->desc[head].next);
	vq_publish(vq, head, 1, token);
	return VIO_OK;
}

void vq_kick(struct virtqueue *vq)
{
	/* Descriptors and ring entries must be visible before the index. */
	rt_mb();
	le16_store(&vq->avail->idx, vq->avail_idx);
	rt_mb();
	vq->t->ops->notify(vq->t, vq->index);
}

uint16_t vq_pending_used(const struct virtqueue *vq)
{
	return (uint16_t)(le16_load(&vq->used->idx) - vq->last_used);
}

/* Returns the chain at head to the free list. */
static void vq_free_chain(struct virtqueue *vq, uint16_t head)
{
	uint16_t last = head;

	for (uint16_t k = 1; k < vq->chain_len[head]; k++)
		last = le16_get(vq->desc[last].next);
	vq->desc[last].next = le16_of(vq->free_head);
	vq->free_head = head;
	vq->num_free = (uint16_t)(vq->num_free + vq->chain_len[head]);
	vq->chain_len[head] = 0;
	vq->token[head] = NULL;
}

bool vq_get_used(struct virtqueue *vq, struct vq_used *out)
{
	struct virtq_used_elem *e;
	uint32_t head;

	if (!vq_pending_used(vq))
		return false;
	rt_mb();	/* read the element only after seeing the index */
	e = &vq->used->ring[vq->last_used % vq->size];
	head = le32_load(&e->id);
	out->len = le32_load(&e->len);
	vq->last_used++;
	if (head >= vq->size || !vq->chain_len[head]) {
		/* The device returned a head it was never given. */
		out->token = NULL;
		return true;
	}
	out->token = vq->token[head];
	vq_free_chain(vq, (uint16_t)head);
	return true;
}

int vq_wait_used(struct virtqueue *vq, uint64_t timeout_ns, struct vq_used *out)
{
	uint64_t deadline = rt_clock_ns() + timeout_ns;

	while (!vq_get_used(vq, out)) {
		if (rt_clock_ns() > deadline)
			return VIO_ETIMEDOUT;
		rt_relax();
	}
	return VIO_OK;
}
