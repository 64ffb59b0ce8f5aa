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
#include "fuzz/gen.h"

unsigned int below(struct gen *g, unsigned int n)
{
	return n ? (unsigned int)(fz_rng(g->rng) % n) : 0;
}

bool chance(struct gen *g, unsigned int percent)
{
	return below(g, 100) < percent;
}

/* A domain of the run's that the model holds: want 1 translated, 2 bypass, 0 either. */
bool live_dom(struct gen *g, int want, uint32_t *dom)
{
	uint32_t live[FZ_DOMS];
	unsigned int n = 0;

	for (unsigned int d = 0; d < FZ_DOMS; d++) {
		int st = model_domain_state(g->m, g->env->doms[d]);

		if (st && (!want || st == want))
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

	if (r < 45 && live_dom(g, 0, &dom))
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
bool some_mapping(struct gen *g, uint32_t dom, uint64_t *s, uint64_t *e)
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

/*
 * A reserved region of an endpoint: mostly of one attached to dom (a MAP
 * there must be refused), else of any (an ATTACH after it must be).
 */
bool resv_of(struct gen *g, uint32_t dom, uint64_t *start, uint64_t *end)
{
	unsigned int n = g->env->nepdef, k = below(g, n ? n : 1);
	uint32_t in;

	for (unsigned int i = 0; i < n && chance(g, 50); i++)
		if (g->env->epdef[i].nresv && model_ep_domain(g->m, i, &in) && in == dom)
			k = i;
	if (!n || !g->env->epdef[k].nresv)
		return false;
	n = below(g, g->env->epdef[k].nresv);
	*start = g->env->epdef[k].resv[n].start;
	*end = g->env->epdef[k].resv[n].end;
	return true;
}

/* Where a MAP goes: among the run's IOVAs, cutting a mapping, at the ends of input_range, ... */
static void map_range(struct gen *g, struct fz_step *s, unsigned int len)
{
	const struct viommu_config *cfg = &g->env->fx->v.cfg;
	bool range = viommu_offered(&g->env->fx->v, VIRTIO_IOMMU_F_INPUT_RANGE);
	uint64_t p = g->env->page, ms, me;
	unsigned int r = below(g, 100);

	s->start = g->env->iova_base + below(g, 12) * p;
	s->end = s->start + len * p - 1;
	if (r < 20 && some_mapping(g, s->dom, &ms, &me))
		s->start = (uint64_t[]){ ms - p, me + 1, ms + p, ms }[below(g, 4)];
	else if (r < 27 && range)
		s->start = (cfg->input_end & ~(p - 1)) - (len > 1 ? (len - 2) * p : 0);	/* across the end */
	else if (r < 30 && range && cfg->input_start >= p)
		s->start = (cfg->input_start & ~(p - 1)) - p;	/* across the start */
	else if (r < 33)
		s->start = 1ull << (40 + below(g, 23));	/* far up: input_range or not */
	else if (r < 41 && resv_of(g, s->dom, &ms, &me))
		s->start = ms & ~(p - 1);		/* over a reserved region */
	else if (r < 45 && resv_of(g, s->dom, &ms, &me)) {
		/* A reserved region covered whole, exactly or with a page around it. */
		unsigned int out = below(g, 2);

		s->start = (ms & ~(p - 1)) - out * p;
		s->end = (me | (p - 1)) + out * p;
		return;
	}
	s->end = s->start + len * p - 1;
	if (s->end < s->start)	/* past 2^64: never virt_end < virt_start */
		s->end = ~0ull;
}

void gen_map(struct gen *g, struct fz_step *s)
{
	unsigned int len = 1 + below(g, 3);

	map_range(g, s, len);
	s->phys = below(g, FZ_POOL_PAGES + 1 - len) * g->env->page;
	s->flags = map_flags(g);
	if (!chance(g, 20))
		return;
	/*
	 * Never virt_end < virt_start: the driver MUST NOT send it and the spec
	 * gives the device no reaction, so no oracle can judge what follows.
	 */
	switch (below(g, 5)) {
	case 0: case 4: s->start += 1; break;
	case 1: s->end -= 1; break;
	case 2: s->end = s->start; break;
	case 3: s->phys += 1; break;
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
		case 3: s->start = me - ms >= p ? ms + p : ms; s->end = me; break;	/* never end < start */
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

/* An endpoint with a reserved region that a mapping of a translated domain overlaps. */
static bool incompatible(struct gen *g, struct fz_step *s)
{
	uint64_t st[MAPS_SEEN], en[MAPS_SEEN];

	for (unsigned int d = 0; d < FZ_DOMS; d++) {
		uint32_t dom = g->env->doms[d];
		unsigned int nm = model_domain_state(g->m, dom) == 1 ?
				  model_mappings(g->m, dom, st, en, MAPS_SEEN) : 0;

		for (unsigned int e = 0; e < g->env->nepdef; e++)
			for (unsigned int r = 0; r < g->env->epdef[e].nresv; r++)
				for (unsigned int k = 0; k < nm; k++)
					if (st[k] <= g->env->epdef[e].resv[r].end &&
					    en[k] >= g->env->epdef[e].resv[r].start) {
						s->dom = dom;
						s->ep = g->env->epdef[e].id;
						return true;
					}
	}
	return false;
}

/*
 * ATTACH: mostly plain; ATTACH_F_BYPASS, often into a translated domain
 * that exists (refused), a plain one into a bypass domain; an endpoint
 * whose reserved region a domain maps (refused); unknown flags.
 */
static void gen_attach(struct gen *g, struct fz_step *s)
{
	unsigned int r = below(g, 100);

	s->flags = r < 75 ? 0 : r < 90 ? VIRTIO_IOMMU_ATTACH_F_BYPASS : 1u << (1 + below(g, 31));
	if (chance(g, 35))
		live_dom(g, s->flags == VIRTIO_IOMMU_ATTACH_F_BYPASS ? 1 : 2, &s->dom);
	if (!s->flags && chance(g, 20))
		incompatible(g, s);
	set_rsv(g, s, 4, 8);
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
		gen_attach(g, s);
	} else if (s->type == T(DETACH)) {
		attached(g, s);
		set_rsv(g, s, 8, 25);
	} else if (s->type == T(MAP)) {
		if (chance(g, 70))
			live_dom(g, 1, &s->dom);
		gen_map(g, s);
	} else if (s->type == T(UNMAP)) {
		if (chance(g, 70))
			live_dom(g, 1, &s->dom);
		gen_unmap(g, s);
	} else if (s->type == T(PROBE)) {
		set_rsv(g, s, 8, 12);
		if (chance(g, 4))	/* a properties area short of probe_size (QEMU 7.2 dies of it) */
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

/* First a state worth probing: the endpoint in a domain, a mapping there. */
static void dma_setup(struct gen *g, struct fz_step *s, unsigned int ep, bool in, uint32_t dom)
{
	memset(s, 0, sizeof(*s));
	s->kind = FZ_REQ;
	s->type = in ? T(MAP) : T(ATTACH);
	s->ep = g->env->fx->ep[g->env->dma_ep[ep]].id;
	s->dom = in ? dom : g->env->doms[below(g, 3)];
	if (!in) {
		/* Sometimes a bypass domain: its endpoints' DMA is not translated. */
		s->flags = chance(g, 25) ? VIRTIO_IOMMU_ATTACH_F_BYPASS : 0;
		return;
	}
	gen_map(g, s);
	/* Read-only, write-only and no-access mappings as often as read-write ones. */
	s->flags = (uint32_t[]){ 3, 1, 2, 0 }[below(g, 4)];
}

/*
 * DMA by an edu at the edges of a mapping (the first and last byte inside,
 * the bytes before and after), or into the pool through bypass: the
 * endpoint in a bypass domain, detached, or never attached.
 */
bool gen_dma(struct gen *g, struct fz_step *s)
{
	static const int64_t at[] = { -4, 0, -7, -3, 1 };
	unsigned int ep = g->env->dma_ep[1] >= 0 ? below(g, 2) : 0;
	uint64_t ms, me;
	uint32_t dom = 0;
	int k = (int)below(g, 5);
	bool in = model_ep_domain(g->m, (unsigned int)g->env->dma_ep[ep], &dom);
	bool mapped = in && some_mapping(g, dom, &ms, &me);

	if (!mapped && (!in || model_domain_state(g->m, dom) == 1) && chance(g, 50)) {
		dma_setup(g, s, ep, in, dom);
		return false;
	}
	s->kind = FZ_DMA;
	s->ep = ep;
	s->write = chance(g, 60);
	s->len = FZ_DMA_LEN;
	if (mapped) {
		s->start = (k < 2 ? ms : me) + (uint64_t)at[k];
		return true;
	}
	s->start = below(g, FZ_POOL_PAGES) * g->env->page + 8;
	s->value = 1;		/* through bypass: an offset into the pool */
	return true;
}

/*
 * Event buffers posted: mostly fault-sized, else larger, one byte short,
 * the older 20-byte size, or too small for any report.
 */
void gen_events(struct gen *g, struct fz_step *s)
{
	static const uint8_t sizes[] = { 24, 24, 24, 32, 23, 20, 16, 8, 4 };

	s->kind = FZ_EVENTS;
	s->len = 1 + below(g, 3);
	s->value = sizes[below(g, sizeof(sizes))];
}

/* Features a reset may set up without: one of those that change what requests mean. */
uint32_t decline(struct gen *g)
{
	/* BYPASS_CONFIG twice: what bypass means without it is a rule of its own (INF-OPS-3). */
	static const uint8_t bits[] = { VIRTIO_IOMMU_F_MAP_UNMAP, VIRTIO_IOMMU_F_INPUT_RANGE,
		VIRTIO_IOMMU_F_DOMAIN_RANGE, VIRTIO_IOMMU_F_BYPASS_CONFIG, VIRTIO_IOMMU_F_PROBE,
		VIRTIO_IOMMU_F_MMIO, VIRTIO_IOMMU_F_BYPASS_CONFIG };

	return 1u << bits[below(g, sizeof(bits))];
}

void fz_generate(const struct fz_env *env, const struct lockstep *ls, uint64_t *rng,
		 unsigned int i, unsigned int *dma_left, struct fz_step *s)
{
	struct gen g = { env, ls_world(ls), rng };
	unsigned int r;

	if (fz_plan_step(&g, env->plan, i, dma_left, s))
		return;
	r = below(&g, 100);
	memset(s, 0, sizeof(*s));
	if (r < 5) {
		s->kind = FZ_RESET;
		if (chance(&g, 50))
			s->flags = decline(&g);
		s->value = chance(&g, 20);	/* no event buffer after it */
	} else if (r < 9) {
		s->kind = FZ_BYPASS;
		s->value = chance(&g, 20) ? (uint8_t)(2 + below(&g, 254)) : (uint8_t)below(&g, 2);
	} else if (r < 12 && model_events_posted(g.m) + 3 <= FZ_EVENTS_MAX) {
		gen_events(&g, s);
	} else if (r < 30 && *dma_left && env->dma && env->dma_ep[0] >= 0) {
		if (gen_dma(&g, s))
			(*dma_left)--;
	} else if (r < 38 && env->dma && env->rng_ep >= 0) {
		gen_rng(&g, s);		/* no 100 ms edu transfer: not in the DMA budget */
	} else {
		gen_req(&g, s);
		gen_framing(&g, s);
	}
}
