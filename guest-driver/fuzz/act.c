// SPDX-License-Identifier: MIT
/*
 * A step on the device and the same step on a model: the request rendered
 * from its fields into the same segments for both (the model's writable
 * part its own copy), bypass written and read back, DMA by an edu endpoint
 * into the pool, with its fault reports.
 */
#include <stdio.h>
#include <string.h>
#include <faultline/rt.h>
#include "fuzz/fuzz.h"
#include "model/oracle.h"
#include "harness/reset.h"

#define BODY_MAX	FZ_BODY_MAX
#define IN_FILL		FZ_IN_FILL
#define TAIL		4u
#define FAULT_WAIT_NS	(200 * RT_NSEC_PER_MSEC)
#define EXTRA_WAIT_NS	(10 * RT_NSEC_PER_MSEC)

static void put32(uint8_t *p, uint32_t v)
{
	le32 x = le32_of(v);

	memcpy(p, &x, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	le64 x = le64_of(v);

	memcpy(p, &x, 8);
}

/* Renders the readable part; returns its length.  *in_len: the writable part. */
uint32_t fz_render(const struct fz_env *env, const struct fz_step *s, uint8_t *b,
		       uint32_t *in_len)
{
	uint32_t out = 20;	/* unknown types: as long as an ATTACH */

	memset(b, 0, BODY_MAX);
	b[0] = s->type;
	memcpy(b + 1, s->hrsv, 3);
	*in_len = TAIL;
	switch (s->type) {
	case VIRTIO_IOMMU_T_ATTACH:
	case VIRTIO_IOMMU_T_DETACH:
		put32(b + 4, s->dom);
		put32(b + 8, s->ep);
		if (s->type == VIRTIO_IOMMU_T_ATTACH) {
			put32(b + 12, s->flags);
			memcpy(b + 16, s->rsv, 4);
		} else {
			memcpy(b + 12, s->rsv, 8);
		}
		out = 20;
		break;
	case VIRTIO_IOMMU_T_MAP:
		put32(b + 4, s->dom);
		put64(b + 8, s->start);
		put64(b + 16, s->end);
		put64(b + 24, env->pool_pa + s->phys);
		put32(b + 32, s->flags);
		out = 36;
		break;
	case VIRTIO_IOMMU_T_UNMAP:
		put32(b + 4, s->dom);
		put64(b + 8, s->start);
		put64(b + 16, s->end);
		memcpy(b + 24, s->rsv, 4);
		out = 28;
		break;
	case VIRTIO_IOMMU_T_PROBE:
		put32(b + 4, s->ep);
		memcpy(b + 8, s->rsv, 8);
		out = 72;
		*in_len = env->probe_size + TAIL;
		break;
	}
	if (s->out_len)
		out = s->out_len < BODY_MAX ? s->out_len : BODY_MAX;
	if (s->in_len)
		*in_len = s->in_len < FZ_IN_MAX ? s->in_len : FZ_IN_MAX;
	return out;
}

/* The readable part as one or two segments. */
unsigned int fz_out_segs(const struct fz_step *s, uint8_t *b, uint32_t len,
			     struct vq_seg *seg)
{
	if (s->split && s->split < len) {
		seg[0] = (struct vq_seg){ b, s->split };
		seg[1] = (struct vq_seg){ b + s->split, len - s->split };
		return 2;
	}
	seg[0] = (struct vq_seg){ b, len };
	return 1;
}

void fz_status_of(struct fz_obs *o, int64_t used)
{
	o->used = used > 0 ? (uint32_t)used : 0;
	if (used < 0)
		o->st = FZ_ST_RESET;
	else if (!used)
		o->st = FZ_ST_USED0;
	else
		o->st = o->in_len >= TAIL ? o->in[o->in_len - TAIL] : 0;
}

static void device_req(const struct fz_env *env, const struct fz_step *s, struct fz_obs *o)
{
	static uint8_t *body, *in;
	struct viommu_req r = { .indirect = s->indirect };
	uint32_t len;
	int err;

	if (!body) {
		body = rt_alloc(BODY_MAX, 64);
		in = rt_alloc(FZ_IN_MAX, 64);
	}
	len = fz_render(env, s, body, &o->in_len);
	memset(in, IN_FILL, o->in_len);
	r.nout = fz_out_segs(s, body, len, r.out);
	r.in[0] = (struct vq_seg){ in, o->in_len };
	r.nin = o->in_len ? 1 : 0;
	err = viommu_submit(&env->fx->v, &r, 1);
	memcpy(o->in, in, o->in_len);
	fz_status_of(o, err ? -1 : (int64_t)r.used_len);
}

/*
 * Takes back the event buffers the device uses: `want` of them, and any
 * that trail them; each one taken is posted again, fault-sized, at once.
 */
static void device_events(const struct fz_env *env, unsigned int want, struct fz_obs *o)
{
	struct viommu_events *ev = &env->fx->ev;
	struct viommu_event e;
	unsigned int got = 0;

	_Static_assert(EVENT_POISON == MODEL_EVENT_POISON, "buffers start alike");
	/* Bounded: a device may hand buffers back as fast as they are posted. */
	while (got < 4 * FZ_FAULTS_MAX &&
	       events_next(ev, &e, got < want ? FAULT_WAIT_NS : EXTRA_WAIT_NS) == VIO_OK) {
		if (got < FZ_FAULTS_MAX) {
			struct model_event *m = &o->ev[got];

			m->used = e.used_len;
			m->size = (uint8_t)e.size;
			memcpy(m->bytes, e.raw, sizeof(m->bytes));
		}
		got++;
		events_post(ev, 1, FZ_EVENT_SIZE);
	}
	o->nev = got < FZ_FAULTS_MAX ? got : FZ_FAULTS_MAX;
	o->stopped = viommu_needs_reset(&env->fx->v);
}

static void device_dma(const struct fz_env *env, const struct fz_step *s, unsigned int want,
		       struct fz_obs *o)
{
	int i = s->ep == FZ_EP_RNG ? env->rng_ep : env->dma_ep[s->ep & 1];
	struct dma_endpoint *d = env->fx->ep[i].dma;
	struct viommu_event e;
	int r;

	for (unsigned int k = 0; k < EVENT_SLOTS && events_next(&env->fx->ev, &e, 0) == VIO_OK; k++)
		events_post(&env->fx->ev, 1, sizeof(struct virtio_iommu_fault));
	fz_pool_fill(env, s->write ? FZ_POISON : FZ_PATTERN);
	r = s->write ? d->ops->write(d, s->start, s->len) : d->ops->read(d, s->start, s->len);
	o->st = r == DMA_DONE ? 0 : r;
	if (r != DMA_DONE && d->ops->recover)
		d->ops->recover(d);
	device_events(env, want, o);
}

void fz_resolve(const struct fz_env *env, struct fz_step *s)
{
	if (s->kind == FZ_DMA && s->value) {
		s->start += env->pool_pa;
		s->value = 0;
	}
	if (s->rel & FZ_REL_START)
		s->start += env->ring_start;
	if (s->rel & FZ_REL_END)
		s->end = s->end == FZ_RINGS_END ? env->ring_end : s->end + env->ring_start;
	if (s->rel & FZ_REL_PHYS)	/* rendered as pool_pa + phys */
		s->phys += env->ring_start - env->pool_pa;
	s->rel = 0;
	if (s->kind == FZ_DMA && s->ep == FZ_EP_RNG)
		s->write = true;	/* virtio-rng only writes */
}

void fz_device(const struct fz_env *env, const struct fz_step *s, unsigned int events,
	       struct fz_obs *o)
{
	struct viommu *v = &env->fx->v;

	memset(o, 0, offsetof(struct fz_obs, in));
	o->nev = 0;
	o->stopped = false;
	switch (s->kind) {
	case FZ_REQ:
		device_req(env, s, o);
		break;
	case FZ_RESET:
		o->st = fx_init_events(env->fx, env->features & ~(uint64_t)s->flags,
				       s->value ? 0 : FZ_EVENT_BUFS, "", "sequences: device reset") ?
			0 : FZ_ST_RESET;
		if (!o->st)
			device_events(env, events, o);
		break;
	case FZ_EVENTS:
		events_post(&env->fx->ev, s->len, s->value);
		device_events(env, events, o);
		break;
	case FZ_SYSRESET:
		/* The machine resets and boots again; the boot after it finds the step done. */
		_Static_assert(sizeof(env->keep) == SUITE_RESET_DATA, "kept bytes fit");
		if (!env->resumed)
			suite_system_reset(env->keep);
		break;
	case FZ_BYPASS:
	case FZ_READCFG:
		if (s->kind == FZ_BYPASS)
			viommu_write_bypass(v, s->value);
		o->bypass = viommu_read_bypass(v);
		o->st = viommu_needs_reset(v) ? FZ_ST_RESET : 0;
		break;
	case FZ_DMA:
		device_dma(env, s, events, o);
		break;
	}
}
