// SPDX-License-Identifier: MIT
/*
 * UNMAP (5.13.6.5): every mapping inside [virt_start, virt_end] goes; one
 * that the range would split stays, and the request gets S_RANGE
 * (DEV-UNMAP-4).  Parts of the range with nothing mapped are fine
 * (DEV-UNMAP-5).
 */
#include "model_int.h"

#define S(x) VIRTIO_IOMMU_S_##x

static bool intersects(const struct mapping *p, int d, uint64_t start, uint64_t end)
{
	return p->live && p->domain == d && start <= p->end && end >= p->start;
}

/* Whether removing [start, end] would cut mapping p in two parts. */
static bool splits(const struct model *m, const struct mapping *p, uint64_t start,
		   uint64_t end)
{
	if (mutated(m, MUT_UNMAP_SPLIT_REMOVES) || mutated(m, MUT_UNMAP_SPLIT_PARTIAL))
		return false;
	if (mutated(m, MUT_UNMAP_TAIL_SPLIT_OK))
		return p->end > end;
	return p->start < start || p->end > end;
}

/* A mutant keeps the part of a split mapping outside the range. */
static void trim(struct mapping *p, uint64_t start, uint64_t end)
{
	if (p->start < start) {
		p->end = start - 1;
	} else if (p->end > end) {
		p->phys += end + 1 - p->start;
		p->start = end + 1;
	} else {
		p->live = false;
	}
}

static void remove_mapping(const struct model *m, struct mapping *p, uint64_t start,
			   uint64_t end)
{
	if (mutated(m, MUT_UNMAP_SPLIT_PARTIAL)) {
		trim(p, start, end);
		return;
	}
	p->live = false;
	p->stale = mutated(m, MUT_UNMAP_STALE_TRANSLATION);
}

static uint8_t unmap_range(struct model *m, int d, uint64_t start, uint64_t end)
{
	unsigned int found = 0;
	bool split = false;

	for (int i = 0; i < (int)m->nmap; i++)
		if (intersects(&m->map[i], d, start, end))
			split |= splits(m, &m->map[i], start, end);
	if (split && !mutated(m, MUT_UNMAP_SPLIT_RANGE_REMOVES))
		return S(RANGE);
	for (int i = 0; i < (int)m->nmap; i++) {
		if (!intersects(&m->map[i], d, start, end))
			continue;
		if (found++ && mutated(m, MUT_UNMAP_FIRST_ONLY))
			break;
		remove_mapping(m, &m->map[i], start, end);
	}
	if (split)
		return S(RANGE);
	return !found && mutated(m, MUT_UNMAP_EMPTY_NOENT) ? S(NOENT) : S(OK);
}

uint8_t req_unmap(struct model *m, const struct virtio_iommu_req_unmap *r)
{
	uint64_t start = le64_get(r->virt_start), end = le64_get(r->virt_end);
	bool rsv = nonzero(r->reserved, sizeof(r->reserved));
	int d = domain_find(m, le32_get(r->domain));
	uint8_t st;

	if (rsv && mutated(m, MUT_UNMAP_RSV_RANGE))
		return S(RANGE);
	if (rsv && KNOB(m, unmap_rsv) == 1)
		return S(INVAL);	/* DEV-UNMAP-1: refused, nothing removed */
	if (d == NO_DOMAIN)
		return mutated(m, MUT_UNMAP_NOENT_OK) ? S(OK) : S(NOENT);
	if (m->dom[d].bypass)
		return mutated(m, MUT_UNMAP_BYPASS_OK) ? S(OK) : S(INVAL);
	if (mutated(m, MUT_UNMAP_END_OFF_BY_ONE))
		end += model_granule(m);
	st = unmap_range(m, d, start, end);
	if (rsv && KNOB(m, unmap_rsv) == 2)
		return S(INVAL);	/* DEV-UNMAP-1: refused, yet removed */
	return st;
}
