// SPDX-License-Identifier: MIT
/*
 * MAP (5.13.6.4) and UNMAP (5.13.6.5).  A mapping is what one MAP created: an
 * UNMAP removes the mappings its range covers whole, and refuses with S_RANGE,
 * removing nothing, when it would split one.
 */
#include "model_int.h"

#define S(x) VIRTIO_IOMMU_S_##x
#define MAP_F(x) VIRTIO_IOMMU_MAP_F_##x

static bool overlaps(uint64_t s1, uint64_t e1, uint64_t s2, uint64_t e2)
{
	return s1 <= e2 && e1 >= s2;
}

bool mapping_overlaps_domain(const struct model *m, int d, uint64_t start, uint64_t end)
{
	for (int i = 0; i < (int)m->nmap; i++)
		if (m->map[i].live && m->map[i].domain == d &&
		    overlaps(start, end, m->map[i].start, m->map[i].end))
			return true;
	return false;
}

void mappings_drop_domain(struct model *m, int d)
{
	for (int i = 0; i < (int)m->nmap; i++)
		if (m->map[i].domain == d)
			m->map[i] = (struct mapping){ .live = false };
}

/* For translation: a live mapping, or a stale one under a mutant. */
const struct mapping *mapping_find(const struct model *m, int d, uint64_t iova)
{
	for (int i = 0; i < (int)m->nmap; i++) {
		const struct mapping *p = &m->map[i];

		if ((p->live || p->stale) && p->domain == d && iova >= p->start &&
		    iova <= p->end)
			return p;
	}
	return NULL;
}

static uint32_t known_map_flags(const struct model *m)
{
	uint32_t known = MAP_F(READ) | MAP_F(WRITE);

	if (mutated(m, MUT_MAP_MMIO_REFUSED))
		return known;
	if (model_negotiated(m, VIRTIO_IOMMU_F_MMIO) || KNOB(m, mmio_unneg))
		known |= MAP_F(MMIO);
	return known;
}

static bool flags_refused(const struct model *m, uint32_t flags)
{
	uint32_t unknown = flags & ~known_map_flags(m);

	if (mutated(m, MUT_MAP_FLAGS_IGNORED))
		return false;
	if (mutated(m, MUT_MAP_FLAGS_LOW_BYTE))
		unknown &= 0xff;
	return unknown != 0;
}

/* DEV-MAP-1: virt_start, phys_start and virt_end + 1 on the granule. */
static uint8_t alignment(const struct model *m, uint64_t start, uint64_t end, uint64_t phys)
{
	uint64_t g = model_granule(m) - 1;
	bool bad = ((start & g) && !mutated(m, MUT_MAP_VIRT_START_UNALIGNED)) ||
		   ((phys & g) && !mutated(m, MUT_MAP_PHYS_UNALIGNED)) ||
		   (((end + 1) & g) && !mutated(m, MUT_MAP_VIRT_END_UNALIGNED));

	if (!bad)
		return S(OK);
	return mutated(m, MUT_MAP_UNALIGNED_INVAL) ? S(INVAL) : S(RANGE);
}

static bool exact_duplicate(const struct model *m, int d, uint64_t start, uint64_t end)
{
	for (int i = 0; i < (int)m->nmap; i++)
		if (m->map[i].live && m->map[i].domain == d && m->map[i].start == start &&
		    m->map[i].end == end)
			return true;
	return false;
}

/* DEV-MAP-2 */
static bool overlap_refused(const struct model *m, int d, uint64_t start, uint64_t end)
{
	if (mutated(m, MUT_MAP_OVERLAP_OK))
		return false;
	if (mutated(m, MUT_MAP_DUPLICATE_OK) && exact_duplicate(m, d, start, end))
		return false;
	return mapping_overlaps_domain(m, d, start, end);
}

static bool inside(uint64_t x, const struct resv *r)
{
	return x >= r->start && x <= r->end;
}

static bool resv_hit(const struct model *m, const struct mep *ep, uint64_t start, uint64_t end)
{
	if (!mutated(m, MUT_MAP_RESV_COVER_OK))
		return resv_overlaps(ep, start, end);
	/* The mutant sees only a MAP that starts or ends inside a region. */
	for (unsigned int k = 0; k < ep->nresv; k++)
		if (inside(start, &ep->resv[k]) || inside(end, &ep->resv[k]))
			return true;
	return false;
}

/* DEV-RESV-4: the reserved regions of every endpoint in the domain. */
static bool resv_refused(const struct model *m, int d, uint64_t start, uint64_t end)
{
	if (mutated(m, MUT_MAP_RESV_OK))
		return false;
	for (unsigned int i = 0; i < m->nep; i++)
		if (m->ep[i].domain == d && resv_hit(m, &m->ep[i], start, end))
			return true;
	return false;
}

static uint8_t insert(struct model *m, int d, const struct virtio_iommu_req_map *r)
{
	for (int i = 0; i < MODEL_MAX_MAPPINGS; i++) {
		if (!m->map[i].live && !m->map[i].stale) {
			m->map[i] = (struct mapping){
				.live = true,
				.domain = d,
				.start = le64_get(r->virt_start),
				.end = le64_get(r->virt_end),
				.phys = le64_get(r->phys_start),
				.flags = le32_get(r->flags),
			};
			if ((unsigned int)i >= m->nmap)
				m->nmap = (unsigned int)i + 1;
			return S(OK);
		}
	}
	return S(NOMEM);
}

/* The domain a MAP goes to, or NO_DOMAIN with *st set. */
static int map_domain(struct model *m, uint32_t id, uint8_t *st)
{
	int d = domain_find(m, id);

	if (d == NO_DOMAIN && mutated(m, MUT_MAP_NOENT_CREATES))
		d = domain_create(m, id, false);
	if (d == NO_DOMAIN)
		*st = mutated(m, MUT_MAP_NOENT_INVAL) ? S(INVAL) : S(NOENT);
	else if (m->dom[d].bypass && !mutated(m, MUT_MAP_BYPASS_DOMAIN_OK))
		*st = S(INVAL);		/* DEV-MAP-5 */
	else
		*st = S(OK);
	return d;
}

uint8_t req_map(struct model *m, const struct virtio_iommu_req_map *r)
{
	uint64_t start = le64_get(r->virt_start), end = le64_get(r->virt_end);
	uint8_t st;
	int d;

	if (flags_refused(m, le32_get(r->flags)))
		return S(INVAL);	/* DEV-MAP-3 */
	d = map_domain(m, le32_get(r->domain), &st);
	if (st)
		return st;
	st = alignment(m, start, end, le64_get(r->phys_start));
	if (st)
		return st;
	if (end == start && KNOB(m, one_byte))
		return S(RANGE);	/* INF-MAP-3 against DRV-MAP-3: either way conforms */
	if (end < start)
		return KNOB(m, map_order) ? S(RANGE) : S(INVAL);
	if (!model_iova_valid(m, start, end) && !mutated(m, MUT_OPS_MAP_OUTSIDE_INPUT))
		return KNOB(m, iova_oor) ? S(INVAL) : S(RANGE);
	if (overlap_refused(m, d, start, end))
		return mutated(m, MUT_MAP_OVERLAP_RANGE) ? S(RANGE) : S(INVAL);
	if (resv_refused(m, d, start, end))
		return KNOB(m, map_resv) ? S(RANGE) : S(INVAL);
	return insert(m, d, r);
}
