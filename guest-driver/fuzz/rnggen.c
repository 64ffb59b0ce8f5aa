// SPDX-License-Identifier: MIT
/*
 * DMA steps by the virtio-rng (issue 15: real DMA by each endpoint kind at
 * the exact edges of every mapping): the first and the last byte of a
 * mapping inside, the bytes before and after it, through mappings without
 * WRITE, into the pool through bypass (unattached with bypass=1, or in a
 * bypass domain) and, in a translated domain, at the pool's own address.
 *
 * Its rings must translate 1:1 (rngdma.c: their faults are not modelled):
 * when they do not in the model, the step made is one that reaches them
 * instead, a 1:1 MAP of them in its translated domain (after an UNMAP of
 * what covers them), or bypass=1 or an ATTACH for an unattached rng.  An
 * unattached rng with bypass off faults on its rings before its buffer:
 * the examples' faults.second_kind_unattached covers that, not the
 * sequences.
 */
#include <string.h>
#include "fuzz/gen.h"

static bool over_ring(const struct gen *g, uint64_t s, uint64_t e)
{
	return s <= g->env->ring_end && e >= g->env->ring_start;
}

/* A MAP (1:1, read-write) or an UNMAP of the rings in dom. */
static void ring_req(struct fz_step *s, uint8_t type, uint32_t dom)
{
	s->kind = FZ_REQ;
	s->type = type;
	s->dom = dom;
	s->end = FZ_RINGS_END;
	s->rel = FZ_REL_START | FZ_REL_END | (type == T(MAP) ? FZ_REL_PHYS : 0);
	s->flags = type == T(MAP) ? VIRTIO_IOMMU_MAP_F_READ | VIRTIO_IOMMU_MAP_F_WRITE : 0;
}

void gen_ring_map(struct fz_step *s, uint32_t dom)
{
	ring_req(s, T(MAP), dom);
}

/* A mapping of dom other than one over the rings, picked at random. */
static bool data_mapping(struct gen *g, uint32_t dom, uint64_t *ms, uint64_t *me)
{
	uint64_t st[MAPS_SEEN], en[MAPS_SEEN];
	unsigned int n = model_mappings(g->m, dom, st, en, MAPS_SEEN), k = 0;

	for (unsigned int i = 0; i < n; i++)
		if (!over_ring(g, st[i], en[i])) {
			st[k] = st[i];
			en[k++] = en[i];
		}
	if (!k)
		return false;
	k = below(g, k);
	*ms = st[k];
	*me = en[k];
	return true;
}

static bool ring_mapped_over(struct gen *g, uint32_t dom)
{
	uint64_t st[MAPS_SEEN], en[MAPS_SEEN];
	unsigned int n = model_mappings(g->m, dom, st, en, MAPS_SEEN);

	for (unsigned int i = 0; i < n; i++)
		if (over_ring(g, st[i], en[i]))
			return true;
	return false;
}

/* The rng into a domain of the run's: sometimes a bypass one. */
static void attach(struct gen *g, struct fz_step *s)
{
	s->kind = FZ_REQ;
	s->type = T(ATTACH);
	s->ep = g->env->fx->ep[g->env->rng_ep].id;
	s->dom = g->env->doms[below(g, 3)];
	s->flags = chance(g, 25) ? VIRTIO_IOMMU_ATTACH_F_BYPASS : 0;
}

/* A step that makes the rings reachable: dom is the rng's when in. */
static void reach(struct gen *g, struct fz_step *s, bool in, uint32_t dom)
{
	if (in)
		ring_req(s, ring_mapped_over(g, dom) ? T(UNMAP) : T(MAP), dom);
	else if (chance(g, 50))
		attach(g, s);
	else {
		s->kind = FZ_BYPASS;
		s->value = 1;
	}
}

bool gen_rng(struct gen *g, struct fz_step *s)
{
	static const int64_t at[] = { -4, 0, -7, -3, 1 };
	const struct fz_env *env = g->env;
	unsigned int ep = (unsigned int)env->rng_ep;
	uint32_t dom = 0;
	bool in = model_ep_domain(g->m, ep, &dom);
	bool translated = in && model_domain_state(g->m, dom) == 1;
	uint64_t ms, me;
	int k = (int)below(g, 5);

	memset(s, 0, sizeof(*s));
	if (!model_ep_reaches(g->m, ep, env->ring_start, env->ring_end)) {
		reach(g, s, in, dom);
		return false;
	}
	if (translated && !data_mapping(g, dom, &ms, &me) && chance(g, 60)) {
		s->kind = FZ_REQ;
		s->type = T(MAP);
		s->dom = dom;
		gen_map(g, s);
		/* Read-only and no-access mappings too: a write through them must fault. */
		s->flags = (uint32_t[]){ 3, 2, 1, 0 }[below(g, 4)];
		return false;
	}
	if (!in && chance(g, 25)) {
		attach(g, s);
		return false;
	}
	s->kind = FZ_DMA;
	s->ep = FZ_EP_RNG;
	s->write = true;
	s->len = FZ_DMA_LEN;
	if (translated && data_mapping(g, dom, &ms, &me)) {
		s->start = (k < 2 ? ms : me) + (uint64_t)at[k];
		return true;
	}
	/* Through bypass the pool by its address; translated, that address is unmapped. */
	s->start = below(g, FZ_POOL_PAGES) * env->page + 8;
	s->value = 1;
	return true;
}
