// SPDX-License-Identifier: MIT
/*
 * Fault reports on the event queue (5.13.6.8): one report per buffer, buffers
 * used in the order the driver posted them (off the ring, or off an oracle's
 * own queue, struct vevq).  With no buffer posted the device waits or drops
 * (INF-FAULT-1); a buffer too small for the report is not split: the report
 * is dropped or sent in the older 20-byte format (DEV-FAULT-5).
 */
#include <string.h>
#include "model_int.h"

#define FAULT_F(x) VIRTIO_IOMMU_FAULT_F_##x
#define REPORT ((uint32_t)sizeof(struct virtio_iommu_fault))
#define OLD_REPORT 20u		/* the pre-1.2 packed format, without reserved1 */

static uint32_t access_flags(const struct model *m, uint32_t rw)
{
	if (mutated(m, MUT_FAULT_RW_SWAPPED))
		return rw ^ (FAULT_F(READ) | FAULT_F(WRITE));
	if (mutated(m, MUT_FAULT_RW_BOTH))
		return FAULT_F(READ) | FAULT_F(WRITE);
	return KNOB(m, fault_rw) ? 0 : rw;
}

/* The wire report, as the choices and the mutant shape it. */
void events_encode(const struct model *m, const struct fault *f, struct virtio_iommu_fault *w)
{
	uint64_t g = model_granule(m), addr = f->address;
	uint32_t flags = access_flags(m, f->flags);

	if (KNOB(m, fault_addr) == 1)
		addr &= ~(g - 1);
	if (mutated(m, MUT_FAULT_ADDRESS_NEXT))
		addr += g;
	if (KNOB(m, fault_addr) != 2)
		flags |= FAULT_F(ADDRESS);
	else
		addr = 0;
	if (mutated(m, MUT_FAULT_EXEC_FLAG))
		flags |= 1u << 2;
	memset(w, 0, sizeof(*w));
	w->reason = f->reason;
	w->flags = le32_of(flags);
	w->endpoint = le32_of(f->endpoint);
	w->address = le64_of(addr);
	if (mutated(m, MUT_FAULT_RESERVED))
		memset(w->reserved, 0xff, sizeof(w->reserved));
	if (mutated(m, MUT_FAULT_RESERVED1))
		w->reserved1 = le32_of(0xdeadbeef);
}

/* Returns the used length for a buffer of c->in_len bytes. */
static uint32_t write_report(const struct model *m, const struct chain *c,
			     const struct virtio_iommu_fault *w)
{
	uint8_t old[OLD_REPORT];

	if (c->in_len >= REPORT)
		return chain_scatter(c, 0, w, REPORT);
	if (mutated(m, MUT_FAULT_USED_LEN_OVER)) {
		chain_scatter(c, 0, w, c->in_len);
		return REPORT;
	}
	if (!KNOB(m, evq_small) || c->in_len < OLD_REPORT)
		return 0;	/* dropped; the buffer goes back unwritten */
	memcpy(old, w, 12);
	memcpy(old + 12, &w->address, 8);
	return chain_scatter(c, 0, old, OLD_REPORT);
}

/* An oracle's buffer (struct vevq): the next posted, in a slot of its own. */
static int vevq_pop(struct model *m, struct chain *c, uint16_t *head)
{
	struct vevq *v = &m->vevq;

	if (!v->n || v->nret == MODEL_VEVQ_RET)
		return 0;
	*head = v->nret++;
	v->ret[*head].size = v->size[0];
	v->ret[*head].used = UINT32_MAX;	/* not given back (yet) */
	memset(v->ret[*head].bytes, MODEL_EVENT_POISON, MODEL_EVENT_BYTES);
	memmove(v->size, v->size + 1, --v->n);
	c->nout = 0;
	c->out_len = 0;
	/* Bytes past the slot are never written: a report is shorter. */
	c->in[0] = (struct seg){ v->ret[*head].bytes, v->ret[*head].size < MODEL_EVENT_BYTES ?
				 v->ret[*head].size : MODEL_EVENT_BYTES };
	c->nin = 1;
	c->in_len = v->ret[*head].size;
	return 1;
}

/* The next event buffer: 1, 0 when none is posted, -1 when its chain is malformed. */
static int evq_pop(struct model *m, struct chain *c, uint16_t *head)
{
	struct mqueue *q = &m->q[VIRTIO_IOMMU_EVENTQ];

	if (m->vevq.on)
		return vevq_pop(m, c, head);
	if (!ring_pop(q, head))
		return 0;
	return chain_read(m, q, *head, c) ? 1 : -1;
}

static void evq_push(struct model *m, uint16_t head, uint32_t len)
{
	if (m->vevq.on)
		m->vevq.ret[head].used = len;
	else
		ring_push(&m->q[VIRTIO_IOMMU_EVENTQ], head, len);
}

/* A mutant writes what did not fit, from byte `from`, into the next buffer. */
static void split_rest(struct model *m, const struct virtio_iommu_fault *w, uint32_t from)
{
	static struct chain rest;
	uint16_t head;

	if (evq_pop(m, &rest, &head) != 1)
		return;
	evq_push(m, head, chain_scatter(&rest, 0, (const uint8_t *)w + from, REPORT - from));
}

static bool deliver(struct model *m, const struct fault *f)
{
	static struct chain c;
	struct virtio_iommu_fault w;
	uint16_t head;
	int got;

	if (!model_running(m) || !(got = evq_pop(m, &c, &head)))
		return false;
	if (got < 0) {
		model_needs_reset(m);
		return true;
	}
	events_encode(m, f, &w);
	if (c.in_len < REPORT && KNOB(m, evq_small) == 2 && !mutated(m, MUT_FAULT_SPLIT)) {
		model_needs_reset(m);	/* QEMU's way: the buffer is not given back */
		return true;
	}
	if (c.in_len < REPORT && mutated(m, MUT_FAULT_SPLIT)) {
		evq_push(m, head, chain_scatter(&c, 0, &w, c.in_len));
		split_rest(m, &w, c.in_len);
		return true;
	}
	evq_push(m, head, write_report(m, &c, &w));
	return true;
}

void events_process(struct model *m)
{
	unsigned int sent = 0;

	/* A device that drops reports without a buffer keeps none waiting (an oracle
	 * may learn it late, from a buffer that stays empty). */
	if (KNOB(m, evq_full))
		m->npending = 0;
	while (sent < m->npending && deliver(m, &m->pending[sent]))
		sent++;
	memmove(m->pending, m->pending + sent, (m->npending - sent) * sizeof(m->pending[0]));
	m->npending -= sent;
}

/* The burst mutants: lose every second report, or swap each pair.  True: done with f. */
static bool burst_mutant(struct model *m, const struct fault *f, struct fault *then)
{
	m->nfaults++;
	if (mutated(m, MUT_FAULT_LOST) && m->nfaults % 2 == 0)
		return true;
	if (mutated(m, MUT_FAULT_REORDERED) && m->nfaults % 2 == 1) {
		m->held = *f;
		return true;
	}
	if (mutated(m, MUT_FAULT_REORDERED))
		*then = m->held;
	return false;
}

static void report_one(struct model *m, const struct fault *f)
{
	if (!m->npending && deliver(m, f)) {
		if (mutated(m, MUT_FAULT_DUPLICATED))
			deliver(m, f);
		return;
	}
	if (!KNOB(m, evq_full) && m->npending < MODEL_PENDING)
		m->pending[m->npending++] = *f;	/* waits for a buffer */
	events_process(m);
}

/* Reports go out in the order of the faults: after any that wait. */
void fault_report(struct model *m, const struct fault *f)
{
	struct fault then = { .reason = 0xff };

	if (burst_mutant(m, f, &then))
		return;
	report_one(m, f);
	if (then.reason != 0xff)
		report_one(m, &then);
}

void events_reset(struct model *m)
{
	m->nfaults = 0;
	/* The driver sets the queue up again: the buffers it posted are gone. */
	m->vevq.n = m->vevq.nret = 0;
	if (!mutated(m, MUT_FAULT_KEPT_ACROSS_RESET))
		m->npending = 0;
}
