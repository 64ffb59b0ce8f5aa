// SPDX-License-Identifier: MIT
/*
 * Openings: sequence k of a run starts with opening k (in turn), a few
 * steps that set up a combination the random steps reach only rarely (a
 * bypass domain with DMA in it, a mapping over another endpoint's reserved
 * region and that endpoint attached after, DMA through a mapping without
 * the access right, two faults in a row, ...); the random steps follow.
 * The table's order is the order a run meets them: the first few are
 * those a short run on a device matters most for.  Each intent is resolved
 * against the model's state with the sequence's own random stream, so the
 * details vary with the seed.
 */
#include <string.h>
#include "fuzz/gen.h"

enum intent {
	I_END,
	I_ATT,		/* the opening's endpoint (an edu) into a domain of the run */
	I_ATT_BYP,	/* ... with ATTACH_F_BYPASS */
	I_ATT_TRANS,	/* ATTACH_F_BYPASS into a translated domain that exists */
	I_MAP_BIG,	/* three pages, read-write */
	I_MAP_NOACC,	/* a mapping without READ (write-only or neither) */
	I_MAP_RESV,	/* over a reserved region of an endpoint not in the domain */
	I_ATT_RESV,	/* then that endpoint into the domain */
	I_MAP_COVER,	/* covering a reserved region of an endpoint in the domain whole */
	I_MAP_SKEW,	/* virt_start off the granule */
	I_MAP_OUT,	/* across the end of input_range */
	I_DMA,		/* at an edge of a mapping */
	I_DMA_LAST,	/* in the last page of a mapping */
	I_DMA_FIRST,	/* the first bytes of a mapping: read */
	I_DMA_FIRST_W,	/* ... written */
	I_DMA_POOL,	/* not translated: into the pool, by its physical address */
	I_DETACH_RSV,	/* DETACH with a reserved byte set */
	I_PROBE_SHORT,	/* PROBE with an area short of probe_size */
	I_RESET_NOBYP,	/* a reset declining BYPASS_CONFIG */
	I_BYPASS_ON,	/* bypass written 1 */
	I_BYPASS_BAD,	/* bypass written with a value above 1 */
	I_MAP_NEXT,	/* a mapping right after the last one */
	I_UNMAP_SPAN,	/* one UNMAP over both */
	I_UNMAP_FIRST,	/* UNMAP of the first mapping made, exactly */
	I_DMA_OLD,	/* DMA where the first mapping was */
	I_UNMAP_HEAD,	/* UNMAP of a mapping's first page: a split, refused */
	I_UNMAP_TAIL,	/* ... of all but its first page */
	I_MAP_FLAGS_HI,	/* a MAP with an unknown flag above bit 7 */
	I_MAP_MMIO,	/* a MAP with MAP_F_MMIO */
	I_MAP_PHYS_SKEW,	/* phys_start off the granule */
	I_MAP_EDGE_LO,	/* the page just below the endpoint's reserved region */
	I_MAP_EDGE_HI,	/* ... just above it */
	I_DMA_EDGE_LO,	/* the 8 bytes just below it (PROBE's start, not a constant) */
	I_DMA_EDGE_HI,	/* the 8 bytes just above it */
	I_RESET_NOEV,	/* a reset with no event buffer posted after it */
	I_EVQ_SMALL,	/* two event buffers too small for a report (or just 20 bytes) */
	I_RESET,	/* a plain reset: event buffers posted again */
	I_MAP_NOENT,	/* a MAP into a domain that does not exist */
	I_PROBE_NOENT,	/* a PROBE of an endpoint that does not exist */
	I_ATT_FLAGS,	/* an ATTACH with an unknown flag */
	I_MAP_END_SKEW,	/* virt_end + 1 off the granule */
	I_UNMAP_RSV,	/* an UNMAP with a reserved byte set */
	I_ATT_HRSV,	/* an ATTACH with a byte of head.reserved set */
	I_RNG_ATT,	/* the virtio-rng into the opening's domain */
	I_RNG_RINGS,	/* its rings mapped 1:1 there (rngdma.c: reached, not modelled) */
	I_RNG_FAULT,	/* an rng write where nothing is mapped */
};

#define PLAN_LEN 6
static const uint8_t plans[][PLAN_LEN] = {
	/* the edges of a reserved region: translated right up to it */
	{ I_ATT, I_MAP_EDGE_LO, I_MAP_EDGE_HI, I_DMA_EDGE_LO, I_DMA_EDGE_HI },
	{ I_DMA_POOL, I_DMA_POOL },			/* two faults in a row: none lost */
	{ I_ATT_BYP, I_DMA_POOL },			/* a bypass domain is not translated */
	{ I_ATT, I_MAP_RESV, I_ATT_RESV },		/* incompatible endpoint */
	{ I_ATT, I_MAP_NOACC, I_DMA_FIRST, I_DMA_FIRST_W },	/* no access right */
	/* the offset into a mapping; UNMAPs that would split it */
	{ I_ATT, I_MAP_BIG, I_DMA_LAST, I_UNMAP_HEAD, I_UNMAP_TAIL },
	/* a reserved region covered whole; MAP flags */
	{ I_ATT, I_MAP_COVER, I_MAP_FLAGS_HI, I_MAP_MMIO },
	/* misaligned; bypass flag; input_range */
	{ I_ATT, I_MAP_SKEW, I_ATT_TRANS, I_MAP_OUT, I_MAP_PHYS_SKEW },
	/* a report that does not fit its buffer: dropped, older, or the device stops */
	{ I_RESET_NOEV, I_ATT, I_EVQ_SMALL, I_DMA_POOL, I_DMA_POOL },
	/* bypass without BYPASS_CONFIG; then with it, a value the driver must not write */
	{ I_RESET_NOBYP, I_BYPASS_ON, I_DMA_POOL, I_RESET, I_BYPASS_BAD },
	{ I_ATT, I_MAP_BIG, I_MAP_NEXT, I_UNMAP_SPAN },	/* one UNMAP, two mappings */
	/* nothing left of a mapping, and all of the one after it */
	{ I_ATT, I_MAP_BIG, I_MAP_NEXT, I_UNMAP_FIRST, I_DMA_OLD },
	/*
	 * short area; DETACH's reserved bytes.  Last of its part (sequence 12 of
	 * 16): a device that dies of a short area (QEMU 7.2) loses no opening.
	 */
	{ I_PROBE_SHORT, I_ATT, I_DETACH_RSV },
	/* a report waiting for a buffer, then a reset: nothing of it after */
	{ I_RESET_NOEV, I_ATT, I_DMA_POOL, I_RESET },
	/* what does not exist; unknown flags and reserved bytes; virt_end off the granule */
	{ I_MAP_NOENT, I_PROBE_NOENT, I_ATT_FLAGS, I_ATT, I_MAP_END_SKEW, I_UNMAP_RSV },
	/* the second endpoint kind's fault; head.reserved */
	{ I_RNG_ATT, I_RNG_RINGS, I_RNG_FAULT, I_ATT_HRSV },
};

/* The mappings an opening made, for the steps after them: its first, its last. */
static uint64_t first_start, first_end, last_start, last_end;

static uint32_t ep_id(const struct gen *g, unsigned int dma_ep)
{
	return g->env->fx->ep[g->env->dma_ep[dma_ep]].id;
}

static void req(struct fz_step *s, uint8_t type, uint32_t dom, uint32_t ep)
{
	s->kind = FZ_REQ;
	s->type = type;
	s->dom = dom;
	s->ep = ep;
}

/* An endpoint with a region, not in dom: *start, *end its region. */
static bool other_resv(struct gen *g, uint32_t dom, uint32_t *ep, uint64_t *start,
		       uint64_t *end)
{
	unsigned int n = g->env->nepdef, first = below(g, n ? n : 1);
	uint32_t in;

	for (unsigned int i = 0; i < n; i++) {
		const struct model_ep_def *d = &g->env->epdef[(first + i) % n];

		if (!d->nresv || (model_ep_domain(g->m, (first + i) % n, &in) && in == dom))
			continue;
		*ep = d->id;
		*start = d->resv[0].start;
		*end = d->resv[0].end;
		return true;
	}
	return false;
}

/* The endpoint's first reserved region, as PROBE reported it. */
static bool own_resv(const struct gen *g, unsigned int ep, uint64_t *start, uint64_t *end)
{
	const struct model_ep_def *d = &g->env->epdef[g->env->dma_ep[ep]];

	if (!d->nresv)
		return false;
	*start = d->resv[0].start;
	*end = d->resv[0].end;
	return true;
}

/* The edges of that region: a mapping beside it, or DMA of the 8 bytes there. */
static bool edge(struct gen *g, struct fz_step *s, unsigned int ep, uint32_t dom, uint8_t what)
{
	uint64_t rs, re, p = g->env->page;

	if (!own_resv(g, ep, &rs, &re) || rs < p || re + p < re)
		return false;
	if (what == I_MAP_EDGE_LO || what == I_MAP_EDGE_HI) {
		req(s, T(MAP), dom, 0);
		s->start = what == I_MAP_EDGE_LO ? (rs & ~(p - 1)) - p : (re | (p - 1)) + 1;
		s->end = s->start + p - 1;
		s->phys = (what == I_MAP_EDGE_HI) * p;
		s->flags = 3;
		return true;
	}
	s->kind = FZ_DMA;
	s->ep = ep;
	s->len = FZ_DMA_LEN;
	s->write = chance(g, 50);
	s->start = what == I_DMA_EDGE_LO ? rs - FZ_DMA_LEN : re + 1;
	return true;
}

/* A plain mapping in dom (read-write, aligned, 1 to 3 pages): the openings vary it. */
static void map_in(struct gen *g, struct fz_step *s, uint32_t dom)
{
	uint64_t p = g->env->page;

	req(s, T(MAP), dom, 0);
	s->start = g->env->iova_base + below(g, 12) * p;
	s->end = s->start + (1 + below(g, 3)) * p - 1;
	s->phys = below(g, FZ_POOL_PAGES - 3) * p;
	s->flags = VIRTIO_IOMMU_MAP_F_READ | VIRTIO_IOMMU_MAP_F_WRITE;
}

/*
 * A DMA step in dom's mapping (where: 0 its last page, 1 its start read, 2 its
 * start written) or into the pool (where < 0, or no mapping).
 */
static void dma(struct gen *g, struct fz_step *s, unsigned int ep, uint32_t dom, int where)
{
	uint64_t ms, me;

	s->kind = FZ_DMA;
	s->ep = ep;
	s->len = FZ_DMA_LEN;
	s->write = where == 1 ? false : where == 2 ? true : chance(g, 60);
	if (where >= 0 && some_mapping(g, dom, &ms, &me)) {
		s->start = where ? ms : (me & ~(g->env->page - 1)) + 8 * below(g, 8);
		return;
	}
	s->start = below(g, FZ_POOL_PAGES) * g->env->page + 8;
	s->value = 1;
}

/* A domain of the run's that the model does not hold (the opening's own, at first). */
static uint32_t absent_dom(struct gen *g, uint32_t dom)
{
	for (unsigned int d = 0; d < FZ_DOMS && model_domain_state(g->m, dom); d++)
		dom = g->env->doms[d];
	return dom;
}

/* An 8-byte rng write in dom that nothing maps: not the rings, nor a mapping. */
static bool rng_fault(struct gen *g, struct fz_step *s, uint32_t dom)
{
	uint64_t p = g->env->page, ms, me;

	for (unsigned int k = 0; k < 16; k++) {
		uint64_t at = g->env->iova_base + below(g, 12) * p + p - FZ_DMA_LEN;

		if (model_ep_reaches(g->m, (unsigned int)g->env->rng_ep, at, at + FZ_DMA_LEN - 1) ||
		    (some_mapping(g, dom, &ms, &me) && at <= me && at + FZ_DMA_LEN > ms))
			continue;
		s->kind = FZ_DMA;
		s->ep = FZ_EP_RNG;
		s->write = true;
		s->len = FZ_DMA_LEN;
		s->start = at;
		return true;
	}
	return false;
}

/* The openings' single requests and the rng's steps; false: the opening ends. */
static bool single(struct gen *g, struct fz_step *s, uint8_t what, uint32_t dom, uint32_t ep)
{
	uint32_t rng_dom;
	bool rng_in;

	if (what >= I_RNG_ATT && (g->env->rng_ep < 0))
		return false;
	rng_in = what >= I_RNG_ATT &&
		 model_ep_domain(g->m, (unsigned int)g->env->rng_ep, &rng_dom);
	switch (what) {
	case I_MAP_NOENT: map_in(g, s, absent_dom(g, dom)); return true;
	case I_PROBE_NOENT: req(s, T(PROBE), 0, g->env->eps[g->env->neps - 1]); return true;
	case I_ATT_FLAGS: req(s, T(ATTACH), dom, ep);
		s->flags = 1u << (1 + below(g, 31)); return true;
	case I_MAP_END_SKEW: map_in(g, s, dom);
		s->end -= 1 + below(g, 16); return true;
	case I_UNMAP_RSV: req(s, T(UNMAP), dom, 0);
		s->start = g->env->iova_base + below(g, 12) * g->env->page;
		s->end = s->start + g->env->page - 1;
		s->rsv[below(g, 4)] = (uint8_t)(1u << below(g, 8)); return true;
	case I_ATT_HRSV: req(s, T(ATTACH), dom, ep);
		s->hrsv[below(g, 3)] = (uint8_t)(1u << below(g, 8)); return true;
	case I_RNG_ATT: req(s, T(ATTACH), dom, g->env->fx->ep[g->env->rng_ep].id); return true;
	case I_RNG_RINGS: if (!rng_in || model_domain_state(g->m, rng_dom) != 1)
			return false;
		gen_ring_map(s, rng_dom); return true;
	case I_RNG_FAULT: return rng_in && model_domain_state(g->m, rng_dom) == 1 &&
			model_ep_reaches(g->m, (unsigned int)g->env->rng_ep, g->env->ring_start,
					 g->env->ring_end) && rng_fault(g, s, rng_dom);
	}
	return false;
}

bool fz_plan_step(struct gen *g, unsigned int plan, unsigned int i, unsigned int *dma_left,
		  struct fz_step *s)
{
	const uint8_t *p = plans[plan % ARRAY_SIZE(plans)];
	unsigned int ep = g->env->dma_ep[1] >= 0 ? plan / ARRAY_SIZE(plans) % 2 : 0;
	uint32_t dom = g->env->doms[plan % 3], other;
	uint64_t rs, re;

	if (!i)
		first_start = 0;
	if (i >= PLAN_LEN || p[i] == I_END)
		return false;
	if (g->env->dma_ep[0] < 0 || !g->env->dma)
		return false;	/* every opening is about an edu and its DMA */
	model_ep_domain(g->m, (unsigned int)g->env->dma_ep[ep], &dom);
	memset(s, 0, sizeof(*s));
	if (p[i] >= I_MAP_NOENT)
		return single(g, s, p[i], dom, ep_id(g, ep));
	switch (p[i]) {
	case I_ATT: req(s, T(ATTACH), dom, ep_id(g, ep)); break;
	case I_ATT_BYP: req(s, T(ATTACH), dom, ep_id(g, ep));
		s->flags = VIRTIO_IOMMU_ATTACH_F_BYPASS; break;
	case I_ATT_TRANS: req(s, T(ATTACH), dom, ep_id(g, ep));
		s->flags = VIRTIO_IOMMU_ATTACH_F_BYPASS; break;
	case I_MAP_BIG: req(s, T(MAP), dom, 0);
		s->start = g->env->iova_base + below(g, 8) * g->env->page;
		s->end = s->start + 3 * g->env->page - 1;
		s->phys = below(g, FZ_POOL_PAGES - 3) * g->env->page;
		s->flags = 3; break;
	case I_MAP_NOACC: map_in(g, s, dom);
		s->start &= ~(g->env->page - 1);
		s->end = s->start + g->env->page - 1;
		s->flags = plan / ARRAY_SIZE(plans) % 2 ? VIRTIO_IOMMU_MAP_F_WRITE : 0; break;
	case I_MAP_RESV:
		map_in(g, s, dom);
		if (other_resv(g, dom, &other, &rs, &re)) {
			s->start = rs & ~(g->env->page - 1);
			s->end = s->start + g->env->page - 1;
		} break;
	case I_ATT_RESV:
		if (!other_resv(g, dom, &other, &rs, &re))
			return false;
		req(s, T(ATTACH), dom, other); break;
	case I_MAP_COVER: map_in(g, s, dom);
		if (own_resv(g, ep, &rs, &re) || resv_of(g, dom, &rs, &re)) {
			/* from the page before to the page after: neither end inside */
			s->start = (rs & ~(g->env->page - 1)) - g->env->page;
			s->end = (re | (g->env->page - 1)) + g->env->page;
		} break;
	case I_UNMAP_HEAD: case I_UNMAP_TAIL: req(s, T(UNMAP), dom, 0);
		s->start = p[i] == I_UNMAP_HEAD ? last_start : last_start + g->env->page;
		s->end = p[i] == I_UNMAP_HEAD ? last_start + g->env->page - 1 : last_end;
		return true;	/* last_* stay the mapping's */
	case I_MAP_FLAGS_HI: case I_MAP_MMIO: case I_MAP_PHYS_SKEW: map_in(g, s, dom);
		s->flags |= p[i] == I_MAP_FLAGS_HI ? 1u << (8 + below(g, 24)) :
			    p[i] == I_MAP_MMIO ? VIRTIO_IOMMU_MAP_F_MMIO : 0;
		s->phys += p[i] == I_MAP_PHYS_SKEW;
		break;
	case I_MAP_OUT: map_in(g, s, dom);
		s->start = g->env->fx->v.cfg.input_end & ~(g->env->page - 1);
		s->end = s->start + 2 * g->env->page - 1;
		if (s->end < s->start)	/* input_range ends at 2^64: its last page */
			s->end = s->start + g->env->page - 1;
		break;
	case I_MAP_SKEW: map_in(g, s, dom);
		s->start = (s->start & ~(g->env->page - 1)) + 1 + below(g, 16); break;
	case I_DMA: case I_DMA_LAST: case I_DMA_FIRST: case I_DMA_FIRST_W: case I_DMA_POOL:
		if (!*dma_left)
			return false;
		if (p[i] != I_DMA)
			dma(g, s, ep, dom, p[i] == I_DMA_POOL ? -1 : p[i] == I_DMA_FIRST ? 1 :
				       p[i] == I_DMA_FIRST_W ? 2 : 0);
		if (p[i] != I_DMA || gen_dma(g, s))
			(*dma_left)--;
		break;
	case I_DETACH_RSV: req(s, T(DETACH), dom, ep_id(g, ep));
		s->rsv[below(g, 8)] = (uint8_t)(1u << below(g, 8)); break;
	case I_PROBE_SHORT: req(s, T(PROBE), 0, ep_id(g, ep));
		s->in_len = (uint16_t)(g->env->probe_size / 2 + 4); break;
	case I_RESET_NOEV: case I_RESET: s->kind = FZ_RESET;
		s->value = p[i] == I_RESET_NOEV;
		return true;
	case I_EVQ_SMALL: s->kind = FZ_EVENTS;
		s->len = 2;
		s->value = (uint8_t[]){ 8, 16, 20 }[below(g, 3)];
		return true;
	case I_RESET_NOBYP: s->kind = FZ_RESET;
		s->flags = 1u << VIRTIO_IOMMU_F_BYPASS_CONFIG; break;
	case I_BYPASS_ON: s->kind = FZ_BYPASS; s->value = 1; break;
	case I_BYPASS_BAD: s->kind = FZ_BYPASS;
		s->value = (uint8_t)(2 + below(g, 254));
		return true;
	case I_MAP_NEXT: req(s, T(MAP), dom, 0);
		s->start = last_end + 1;
		s->end = s->start + g->env->page - 1;
		s->flags = 3; break;
	case I_UNMAP_SPAN: case I_UNMAP_FIRST: req(s, T(UNMAP), dom, 0);
		s->start = first_start;
		s->end = p[i] == I_UNMAP_SPAN ? last_end : first_end;
		return true;
	case I_MAP_EDGE_LO: case I_MAP_EDGE_HI:
		if (!edge(g, s, ep, dom, p[i]))
			return false;
		break;
	case I_DMA_EDGE_LO: case I_DMA_EDGE_HI:
		if (!*dma_left || !edge(g, s, ep, dom, p[i]))
			return false;
		(*dma_left)--;
		return true;
	case I_DMA_OLD: if (!*dma_left)
			return false;
		(*dma_left)--;
		s->kind = FZ_DMA;
		s->ep = ep;
		s->len = FZ_DMA_LEN;
		s->write = true;
		s->start = first_start;
		return true;
	}
	if (s->kind == FZ_REQ && s->type == T(MAP)) {
		if (!first_start) {
			first_start = s->start;
			first_end = s->end;
		}
		last_start = s->start;
		last_end = s->end;
	}
	return true;
}
