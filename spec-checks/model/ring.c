// SPDX-License-Identifier: MIT
/*
 * The split virtqueue as a device walks it (VIRTIO 1.2 section 2.7): avail
 * ring in, used ring out, chains of direct descriptors that may end in one
 * indirect table.  The device assumes nothing about how a request is split
 * across descriptors (GEN-1).  Addresses are host pointers.
 */
#include <string.h>
#include <faultline/rt.h>
#include "model_int.h"

bool ring_pop(struct mqueue *q, uint16_t *head)
{
	if (!q->ready || q->last_avail == le16_load(&q->avail->idx))
		return false;
	rt_mb();	/* the ring entry only after the index */
	*head = le16_get(q->avail->ring[q->last_avail % q->size]);
	q->last_avail++;
	return true;
}

void ring_push(struct mqueue *q, uint16_t head, uint32_t len)
{
	uint16_t idx = le16_get(q->used->idx);
	struct virtq_used_elem *e = &q->used->ring[idx % q->size];

	e->id = le32_of(head);
	e->len = le32_of(len);
	rt_mb();	/* the element before the index */
	le16_store(&q->used->idx, (uint16_t)(idx + 1));
}

static bool add_seg(struct chain *c, const struct virtq_desc *d)
{
	struct seg s = {
		.p = rt_phys_to_virt(le64_get(d->addr)),
		.len = le32_get(d->len),
	};

	if (le16_get(d->flags) & VIRTQ_DESC_F_WRITE) {
		if (c->nin == MODEL_MAX_SEGS)
			return false;
		c->in[c->nin++] = s;
		c->in_len += s.len;
	} else {
		if (c->nout == MODEL_MAX_SEGS)
			return false;
		c->out[c->nout++] = s;
		c->out_len += s.len;
	}
	return true;
}

/* An indirect table: its own chain, starting at entry 0, no nesting. */
static bool walk_indirect(struct chain *c, const struct virtq_desc *d)
{
	const struct virtq_desc *table = rt_phys_to_virt(le64_get(d->addr));
	uint32_t len = le32_get(d->len), n = len / sizeof(*table);
	uint32_t i = 0, seen = 0;

	if (!len || len % sizeof(*table) || n > MODEL_MAX_SEGS)
		return false;
	for (;;) {
		uint16_t flags = le16_get(table[i].flags);

		if ((flags & VIRTQ_DESC_F_INDIRECT) || ++seen > n || !add_seg(c, &table[i]))
			return false;
		if (!(flags & VIRTQ_DESC_F_NEXT))
			return true;
		i = le16_get(table[i].next);
		if (i >= n)
			return false;
	}
}

/* A mutant that reads an indirect descriptor as if it were the buffer. */
static bool indirect_as_plain(struct chain *c, const struct virtq_desc *d)
{
	struct virtq_desc plain = *d;

	plain.flags = le16_of(le16_get(d->flags) & ~VIRTQ_DESC_F_INDIRECT);
	return add_seg(c, &plain);
}

bool chain_read(const struct model *m, const struct mqueue *q, uint16_t head,
		struct chain *c)
{
	uint16_t i = head;

	memset(c, 0, sizeof(*c));
	c->head = head;
	for (unsigned int seen = 0;; seen++) {
		const struct virtq_desc *d;
		uint16_t flags;

		if (i >= q->size || seen >= q->size)
			return false;	/* out of the table, or a loop */
		d = &q->desc[i];
		flags = le16_get(d->flags);
		if (flags & VIRTQ_DESC_F_INDIRECT) {
			/* Ends the chain; NEXT and WRITE are ignored (2.7.5.3.2). */
			if (mutated(m, MUT_OPS_NO_INDIRECT))
				return indirect_as_plain(c, d);
			return walk_indirect(c, d);
		}
		if (!add_seg(c, d))
			return false;
		if (!(flags & VIRTQ_DESC_F_NEXT))
			return true;
		i = le16_get(d->next);
	}
}

uint32_t chain_gather(const struct chain *c, uint32_t off, void *dst, uint32_t len)
{
	uint32_t done = 0;

	for (unsigned int k = 0; k < c->nout && done < len; k++) {
		const struct seg *s = &c->out[k];
		uint32_t n;

		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = s->len - off < len - done ? s->len - off : len - done;
		memcpy((uint8_t *)dst + done, s->p + off, n);
		done += n;
		off = 0;
	}
	return done;
}

uint32_t chain_scatter(const struct chain *c, uint32_t off, const void *src, uint32_t len)
{
	uint32_t done = 0;

	for (unsigned int k = 0; k < c->nin && done < len; k++) {
		const struct seg *s = &c->in[k];
		uint32_t n;

		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = s->len - off < len - done ? s->len - off : len - done;
		memcpy(s->p + off, (const uint8_t *)src + done, n);
		done += n;
		off = 0;
	}
	return done;
}
