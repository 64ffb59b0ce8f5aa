// SPDX-License-Identifier: MIT
/*
 * The generator: one step at a time from the seed's stream, weighted towards
 * what breaks devices (reserved bytes, unknown flags, misaligned, inverted
 * and overlapping ranges, ranges that cut mappings, domain IDs that exist,
 * existed or never did and the ends of the range, absent endpoints, bypass
 * domains, cut-short and split requests, resets, bypass writes, DMA at the
 * edges of mappings); and the state probes that follow a step.
 */
#include <string.h>
#include "fuzz/fuzz.h"
#include "fuzz/lockstep.h"

#define T(x)	VIRTIO_IOMMU_T_##x
#define PROBE_SLOT 64		/* pages above iova_base that no step maps */
#define MAPS_SEEN 8

struct gen {
	const struct fz_env *env;
	const struct model *m;
	uint64_t *rng;
};

static unsigned int below(struct gen *g, unsigned int n)
{
	return n ? (unsigned int)(fz_rng(g->rng) % n) : 0;
}

static bool chance(struct gen *g, unsigned int percent)
{
	return below(g, 100) < percent;
}

/* A domain of the run's that the model holds (translated only, when asked). */
static bool live_dom(struct gen *g, bool translated, uint32_t *dom)
{
	uint32_t live[FZ_DOMS];
	unsigned int n = 0;

	for (unsigned int d = 0; d < FZ_DOMS; d++) {
		int st = model_domain_state(g->m, g->env->doms[d]);

		if (st == 1 || (st == 2 && !translated))
			live[n++] = g->env->doms[d];
	}
	if (!n)
		return false;
	*dom = live[below(g, n)];
	return true;
}

static uint32_t pick_dom(struct gen *g)
{
	unsigned int r = below(g, 100);
	uint32_t dom;

	if (r < 45 && live_dom(g, false, &dom))
		return dom;
	r = below(g, 100);
	if (r < 70)
		return g->env->doms[below(g, 3)];
	if (r < 90)
		return g->env->doms[3 + below(g, 3)];
	if (r < 97)
		return g->env->doms[6];
	return (uint32_t)fz_rng(g->rng);
}

static uint32_t pick_ep(struct gen *g)
{
	unsigned int n = g->env->neps;

	return chance(g, 82) && n > 1 ? g->env->eps[below(g, n - 1)] : g->env->eps[n - 1];
}

/* A mapping of dom the model holds, into *s and *e; false when none. */
static bool some_mapping(struct gen *g, uint32_t dom, uint64_t *s, uint64_t *e)
{
	uint64_t st[MAPS_SEEN], en[MAPS_SEEN];
	unsigned int n = model_mappings(g->m, dom, st, en, MAPS_SEEN), k;

	if (!n)
		return false;
	k = below(g, n);
	*s = st[k];
	*e = en[k];
	return true;
}

static void set_rsv(struct gen *g, struct fz_step *s, unsigned int n, unsigned int percent)
{
	if (chance(g, percent))
		s->rsv[below(g, n)] = (uint8_t)(1u << below(g, 8));
}

static uint32_t map_flags(struct gen *g)
{
	static const uint32_t f[] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 2, 2, 2, 0, 7, 4 };
	unsigned int k = below(g, ARRAY_SIZE(f) + 1);

	return k < ARRAY_SIZE(f) ? f[k] : 3u | 1u << (3 + below(g, 29));
}

/* The start of some endpoint's reserved region. */
static bool resv_of(struct gen *g, uint64_t *start)
{
	const struct model_ep_def *d = &g->env->epdef[below(g, g->env->nepdef)];

	if (!g->env->nepdef || !d->nresv)
		return false;
	*start = d->resv[below(g, d->nresv)].start;
	return true;
}

static void gen_map(struct gen *g, struct fz_step *s)
{
	uint64_t p = g->env->page, ms, me;
	unsigned int len = 1 + below(g, 3), r = below(g, 100);

	s->start = g->env->iova_base + below(g, 12) * p;
	if (r < 25 && some_mapping(g, s->dom, &ms, &me))
		s->start = (uint64_t[]){ ms - p, me + 1, ms + p, ms }[below(g, 4)];
	else if (r < 30 && viommu_offered(&g->env->fx->v, VIRTIO_IOMMU_F_INPUT_RANGE))
		s->start = g->env->fx->v.cfg.input_end - len * p + 1;
	else if (r < 33)
		s->start = 1ull << (40 + below(g, 23));	/* far up: input_range or not */
	else if (r < 38 && resv_of(g, &ms))
		s->start = ms & ~(p - 1);		/* over a reserved region */
	s->end = s->start + len * p - 1;
	s->phys = below(g, FZ_POOL_PAGES + 1 - len) * p;
	s->flags = map_flags(g);
	if (!chance(g, 10))
		return;
	/*
	 * Never virt_end < virt_start: the driver MUST NOT send it and the spec
	 * gives the device no reaction, so no oracle can judge what follows.
	 */
	switch (below(g, 4)) {
	case 0: s->start += 1; break;
	case 1: s->end -= 1; break;
	case 2: s->end = s->start; break;
	default: s->phys += 1; break;
	}
}

static void gen_unmap(struct gen *g, struct fz_step *s)
{
	uint64_t p = g->env->page, ms, me, st[MAPS_SEEN], en[MAPS_SEEN];
	unsigned int r = below(g, 100);

	s->start = g->env->iova_base + below(g, 12) * p;
	s->end = s->start + (1 + below(g, 6)) * p - 1;
	if (r < 45 && some_mapping(g, s->dom, &ms, &me)) {
		switch (below(g, 5)) {
		case 0: s->start = ms; s->end = me; break;
		case 1: s->start = ms; s->end = ms + p - 1; break;
		case 2: s->start = ms - p; s->end = me + p; break;
		case 3: s->start = ms + p; s->end = me; break;
		default: s->start = ms; s->end = me - 1; break;
		}
	} else if (r < 60 && model_mappings(g->m, s->dom, st, en, MAPS_SEEN) > 1) {
		s->start = st[0] < st[1] ? st[0] : st[1];	/* two mappings at once */
		s->end = en[0] > en[1] ? en[0] : en[1];
	} else if (r < 65) {
		s->start = 0;
		s->end = ~0ull;
	}
	set_rsv(g, s, 4, 5);
}

/* Mostly an endpoint that is attached, and its domain. */
static void attached(struct gen *g, struct fz_step *s)
{
	unsigned int k = below(g, g->env->neps - 1);
	uint32_t dom;

	if (chance(g, 60) && model_ep_domain(g->m, k, &dom)) {
		s->ep = g->env->eps[k];
		s->dom = dom;
	}
}

static void gen_req(struct gen *g, struct fz_step *s)
{
	static const uint8_t types[] = { T(ATTACH), T(ATTACH), T(ATTACH), T(ATTACH), T(DETACH),
		T(DETACH), T(MAP), T(MAP), T(MAP), T(MAP), T(MAP), T(UNMAP), T(UNMAP), T(UNMAP),
		T(PROBE), T(PROBE) };
	static const uint8_t unknown[] = { 0, 6, 7, 8, 6, 7, 8, 0xff };

	s->kind = FZ_REQ;
	s->type = chance(g, 5) ? unknown[below(g, sizeof(unknown))] : types[below(g, sizeof(types))];
	s->dom = pick_dom(g);
	s->ep = pick_ep(g);
	if (s->type == T(ATTACH)) {
		s->flags = chance(g, 80) ? 0 : chance(g, 60) ? VIRTIO_IOMMU_ATTACH_F_BYPASS :
			   1u << (1 + below(g, 31));
		set_rsv(g, s, 4, 8);
	} else if (s->type == T(DETACH)) {
		attached(g, s);
		set_rsv(g, s, 8, 10);
	} else if (s->type == T(MAP)) {
		if (chance(g, 70))
			live_dom(g, true, &s->dom);
		gen_map(g, s);
	} else if (s->type == T(UNMAP)) {
		if (chance(g, 70))
			live_dom(g, true, &s->dom);
		gen_unmap(g, s);
	} else if (s->type == T(PROBE)) {
		set_rsv(g, s, 8, 12);
		if (chance(g, 4))
			s->in_len = (uint16_t)(g->env->probe_size / 2 + 4);
	}
	if (chance(g, 3))
		s->hrsv[below(g, 3)] = (uint8_t)(1u << below(g, 8));
}

/* Framing: the readable part split, in an indirect table, cut short. */
static void gen_framing(struct gen *g, struct fz_step *s)
{
	unsigned int r = below(g, 100);

	if (r < 6)
		s->split = (uint16_t)(1 + below(g, 19));
	else if (r < 9 && (g->env->features >> VIRTIO_F_INDIRECT_DESC & 1))
		s->indirect = true;
	else if (r < 11)
		s->out_len = (uint16_t)(4 + below(g, 14));
}

/* DMA by an edu at the edges of a mapping, or through bypass into the pool. */
static bool gen_dma(struct gen *g, struct fz_step *s)
{
	static const int64_t at[] = { -4, 0, -7, -3, 1 };
	unsigned int ep = g->env->dma_ep[1] >= 0 ? below(g, 2) : 0;
	uint64_t ms, me;
	uint32_t dom;
	int k = (int)below(g, 5);

	bool in = model_ep_domain(g->m, (unsigned int)g->env->dma_ep[ep], &dom);

	if ((!in || !some_mapping(g, dom, &ms, &me)) && chance(g, 75)) {
		/* First a state worth probing: the endpoint in a domain, a mapping there. */
		memset(s, 0, sizeof(*s));
		s->kind = FZ_REQ;
		s->type = in ? T(MAP) : T(ATTACH);
		s->ep = g->env->fx->ep[g->env->dma_ep[ep]].id;
		s->dom = in ? dom : g->env->doms[below(g, 3)];
		s->flags = in ? map_flags(g) : 0;
		if (in)
			gen_map(g, s);
		return false;
	}
	s->kind = FZ_DMA;
	s->ep = ep;
	s->write = chance(g, 65);
	s->len = FZ_DMA_LEN;
	if (in && some_mapping(g, dom, &ms, &me)) {
		s->start = (k < 2 ? ms : me) + (uint64_t)at[k];
		return true;
	}
	s->start = below(g, FZ_POOL_PAGES) * g->env->page + 8;
	s->value = 1;		/* through bypass: an offset into the pool */
	return true;
}

/* Features a reset may set up without: one of those that change what requests mean. */
static uint32_t decline(struct gen *g)
{
	static const uint8_t bits[] = { VIRTIO_IOMMU_F_MAP_UNMAP, VIRTIO_IOMMU_F_INPUT_RANGE,
		VIRTIO_IOMMU_F_DOMAIN_RANGE, VIRTIO_IOMMU_F_BYPASS_CONFIG, VIRTIO_IOMMU_F_PROBE,
		VIRTIO_IOMMU_F_MMIO };

	return 1u << bits[below(g, sizeof(bits))];
}

void fz_generate(const struct fz_env *env, const struct lockstep *ls, uint64_t *rng,
		 unsigned int *dma_left, struct fz_step *s)
{
	struct gen g = { env, ls_world(ls), rng };
	unsigned int r = below(&g, 100);

	memset(s, 0, sizeof(*s));
	if (r < 5) {
		s->kind = FZ_RESET;
		if (chance(&g, 50))
			s->flags = decline(&g);
	} else if (r < 9) {
		s->kind = FZ_BYPASS;
		s->value = chance(&g, 20) ? (uint8_t)(2 + below(&g, 254)) : (uint8_t)below(&g, 2);
	} else if (r < 30 && *dma_left && env->dma && env->dma_ep[0] >= 0) {
		if (gen_dma(&g, s))
			(*dma_left)--;
	} else {
		gen_req(&g, s);
		gen_framing(&g, s);
	}
}

static void probe_req(struct fz_step *s, uint8_t type, uint32_t dom, uint64_t start,
		      uint64_t end)
{
	memset(s, 0, sizeof(*s));
	s->kind = FZ_REQ;
	s->type = type;
	s->dom = dom;
	s->start = start;
	s->end = end;
	s->flags = VIRTIO_IOMMU_MAP_F_READ | VIRTIO_IOMMU_MAP_F_WRITE;
}

/*
 * Whether each domain exists and is translated (UNMAP of a range nothing
 * maps: S_OK, S_NOENT or, bypass, S_INVAL), and that each mapping the model
 * holds is there at its first and last granule (a MAP over it is refused);
 * bypass as it reads, after a reset or a write.  After a MAP or an UNMAP
 * only its own domain: nothing else can have changed.
 */
unsigned int fz_state_probes(const struct fz_env *env, const struct lockstep *ls,
			     const struct fz_step *after, struct fz_step *out, unsigned int max)
{
	const struct model *m = ls_world(ls);
	uint64_t p = env->page, free = env->iova_base + PROBE_SLOT * p;
	uint64_t st[MAPS_SEEN], en[MAPS_SEEN];
	bool one = after->kind == FZ_REQ && (after->type == T(MAP) || after->type == T(UNMAP));
	unsigned int n = 0, nm;

	if (after->kind == FZ_RESET || after->kind == FZ_BYPASS) {
		memset(&out[n], 0, sizeof(out[n]));
		out[n++].kind = FZ_READCFG;
	}
	for (unsigned int d = 0; d < FZ_DOMS - 1 && n < max; d++)
		if (!one || env->doms[d] == after->dom)
			probe_req(&out[n++], T(UNMAP), env->doms[d], free, free + p - 1);
	if (one && model_domain_state(m, after->dom) == 1 && n + 2 <= max) {
		/* The step's range free where the model says so: a MAP there, taken back. */
		uint64_t at = after->start & ~(p - 1);

		probe_req(&out[n++], T(MAP), after->dom, at, at + p - 1);
		probe_req(&out[n++], T(UNMAP), after->dom, at, at + p - 1);
	}
	for (unsigned int d = 0; d < FZ_DOMS - 1; d++) {
		if (model_domain_state(m, env->doms[d]) != 1 || (one && env->doms[d] != after->dom))
			continue;
		nm = model_mappings(m, env->doms[d], st, en, MAPS_SEEN);
		for (unsigned int k = 0; k < nm && n + 2 <= max; k++) {
			probe_req(&out[n++], T(MAP), env->doms[d], st[k] & ~(p - 1),
				  (st[k] & ~(p - 1)) + p - 1);
			probe_req(&out[n++], T(MAP), env->doms[d], en[k] & ~(p - 1),
				  (en[k] & ~(p - 1)) + p - 1);
		}
	}
	return n;
}
