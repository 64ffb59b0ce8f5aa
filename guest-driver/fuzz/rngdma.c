// SPDX-License-Identifier: MIT
/*
 * DMA by the virtio-rng in the sequences: the device writes len bytes of its
 * own making at an IOVA.  Its descriptors and used ring go through the IOMMU
 * too: the sequences keep them reachable (mapped 1:1 in its domain, or the
 * endpoint bypassing) and do not model the ring's own faults, so a step
 * whose ring does not translate in the model is not sent (fz_rng_model),
 * and the generator (rnggen.c) makes the ring reachable first.
 *
 * What the oracle predicts, and what it leaves to the device:
 *  - the bytes: random, so "changed" against "poison kept": no byte changes
 *    outside what the model's transfer writes; when every byte translates
 *    the write must land (some byte changed: all eight equal to the poison
 *    by chance is 2^-64); when one faults, the bytes before it may land or
 *    not (the endpoint's choice: QEMU's stops before writing any);
 *  - the reports: none when nothing faults; else at least one, each the
 *    model's first report but for the address, which may be any byte from
 *    it to the end of the buffer (INF-FAULT-2: one report per transfer or
 *    per faulting access, and an endpoint may retry), and for F_READ and
 *    F_WRITE, which it may leave out (rw_like);
 *  - the endpoint's own status: done, or failed (virtio-rng may give up,
 *    DEVICE_NEEDS_RESET) only when a byte faulted.
 */
#include <string.h>
#include "fuzz/fuzz.h"

#define ADDR_AT		offsetof(struct virtio_iommu_fault, address)
#define FLAGS_AT	offsetof(struct virtio_iommu_fault, flags)

void fz_rng_model(const struct fz_env *env, struct model *m, const struct fz_step *s,
		  uint8_t *buf, struct fz_obs *o)
{
	uint32_t len = s->len < FZ_DMA_LEN ? s->len : FZ_DMA_LEN;
	int64_t moved = env->rng_ep < 0 ? -1 :
			model_rng_at(m, (unsigned int)env->rng_ep, env->ring_start, env->ring_end,
				     s->start, buf, len);

	o->rng = true;
	if (moved < 0) {
		o->wr_outside = true;	/* its ring unreachable: not sent */
		return;
	}
	o->rng_full = moved == len;
}

static uint64_t addr_of(const struct model_event *e)
{
	uint64_t a = 0;

	for (unsigned int i = 0; i < 8; i++)
		a |= (uint64_t)e->bytes[ADDR_AT + i] << (8 * i);
	return a;
}

/*
 * F_READ and F_WRITE: the model's, none, or F_WRITE alone.  The spec does
 * not say a report carries them; QEMU sets them for a permission fault and
 * not for an unmapped address, both in one transfer.
 */
static bool rw_like(const uint8_t *t, const uint8_t *e)
{
	uint8_t rw = VIRTIO_IOMMU_FAULT_F_READ | VIRTIO_IOMMU_FAULT_F_WRITE;

	if ((t[FLAGS_AT] & ~rw) != (e[FLAGS_AT] & ~rw) || memcmp(t + FLAGS_AT + 1, e + FLAGS_AT + 1, 3))
		return false;
	return (e[FLAGS_AT] & rw) == (t[FLAGS_AT] & rw) || !(e[FLAGS_AT] & rw) ||
	       (e[FLAGS_AT] & rw) == VIRTIO_IOMMU_FAULT_F_WRITE;
}

/* A report of this transfer: the model's first one, but for a later address in the buffer. */
static bool like(const struct model_event *t, const struct model_event *e, uint64_t last)
{
	unsigned int n = t->size < MODEL_EVENT_BYTES ? t->size : MODEL_EVENT_BYTES;
	uint64_t ta = addr_of(t), ea = addr_of(e);

	if (t->used != e->used || t->size != e->size)
		return false;
	if (n < sizeof(struct virtio_iommu_fault) || t->used < sizeof(struct virtio_iommu_fault))
		return !memcmp(t->bytes, e->bytes, n);
	if (memcmp(t->bytes, e->bytes, FLAGS_AT) || !rw_like(t->bytes, e->bytes) ||
	    memcmp(t->bytes + FLAGS_AT + 4, e->bytes + FLAGS_AT + 4, ADDR_AT - FLAGS_AT - 4) ||
	    memcmp(t->bytes + ADDR_AT + 8, e->bytes + ADDR_AT + 8, n - ADDR_AT - 8))
		return false;
	return ea == ta || (ta && ea > ta && ea <= last);
}

static bool rng_events(const struct fz_env *env, const struct fz_step *s, const struct fz_obs *p,
		       const struct fz_rec *o, char *why, unsigned int n)
{
	uint64_t last = s->start + (s->len < FZ_DMA_LEN ? s->len : FZ_DMA_LEN) - 1;
	char da[24], ma[24];

	if (o->stopped != p->stopped || !p->nev != !o->nev) {
		fz_say(why, n, "%u event buffers back%s after the virtio-rng's write, the model's %u%s",
		       o->nev, o->stopped ? " and DEVICE_NEEDS_RESET" : "", p->nev,
		       p->stopped ? " and DEVICE_NEEDS_RESET" : "");
		return false;
	}
	for (unsigned int i = 0; i < o->nev; i++) {
		if (like(&p->ev[0], &o->ev[i], last))
			continue;
		fz_say(why, n, "the virtio-rng's report %u of %u: reason %u flags 0x%02x%02x endpoint "
		       "0x%02x%02x address %s, the model's: reason %u flags 0x%02x%02x endpoint "
		       "0x%02x%02x address %s (or later in the buffer)", i + 1, o->nev,
		       o->ev[i].bytes[0], o->ev[i].bytes[5], o->ev[i].bytes[4], o->ev[i].bytes[9],
		       o->ev[i].bytes[8], fz_addr(env, addr_of(&o->ev[i]), da), p->ev[0].bytes[0],
		       p->ev[0].bytes[5], p->ev[0].bytes[4], p->ev[0].bytes[9], p->ev[0].bytes[8],
		       fz_addr(env, addr_of(&p->ev[0]), ma));
		return false;
	}
	return true;
}

bool fz_rng_match(const struct fz_env *env, const struct fz_step *s, const struct fz_obs *p,
		  const struct fz_rec *o, char *why, unsigned int n)
{
	if (o->st && (o->st != DMA_FAILED || p->rng_full)) {
		fz_say(why, n, "the virtio-rng's transfer ended with %d%s", o->st,
		       p->rng_full ? ", where every byte translates in the model" : "");
		return false;
	}
	if (!rng_events(env, s, p, o, why, n) || !fz_pool_match(s, p, o, why, n))
		return false;
	if (p->rng_full && !o->ndiff) {
		fz_say(why, n, "the virtio-rng's write did not land: the pool kept its poison where "
		       "the model writes %u bytes", p->nwr);
		return false;
	}
	return true;
}
