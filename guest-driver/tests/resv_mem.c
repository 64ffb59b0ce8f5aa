// SPDX-License-Identifier: MIT
/* 5.13.6.7 PROBE property RESV_MEM: the regions an endpoint reports. */
#include <stdio.h>
#include <string.h>
#include "tests/props.h"

/* Probes ep and keeps its RESV_MEM regions; false (and SKIP lines) when there are none. */
static bool get_regions(struct fixture *e, const struct endpoint *ep, struct regions *g,
			const char *ids, const char *desc)
{
	int st = props_regions(e, ep, g);

	if (st != VIRTIO_IOMMU_S_OK)
		skip(ids, desc, "PROBE of endpoint 0x%x answered %s", ep->id,
		     viommu_status_name(st));
	else if (!g->n)
		skip(ids, desc, "endpoint 0x%x reports no RESV_MEM property", ep->id);
	return st == VIRTIO_IOMMU_S_OK && g->n;
}

/* "MSI [0xfee00000, 0xfeefffff]" */
static const char *region_str(char *s, size_t n, const struct resv_mem *r)
{
	snprintf(s, n, "%s [0x%llx, 0x%llx]", props_subtype_name(r->subtype),
		 (unsigned long long)r->start, (unsigned long long)r->end);
	return s;
}

/* A statement about the set of regions one endpoint reports. */
struct rule {
	const char *ids;
	const char *what;
	const char *expected;
	bool (*holds)(const struct regions *g, char *seen, size_t n);
};

static bool reserved_zero(const struct regions *g, char *seen, size_t n)
{
	char r[64];

	for (unsigned int i = 0; i < g->n; i++) {
		const uint8_t *b = g->r[i].reserved;

		if (b[0] || b[1] || b[2]) {
			snprintf(seen, n, "%s has reserved %02x %02x %02x",
				 region_str(r, sizeof(r), &g->r[i]), b[0], b[1], b[2]);
			return false;
		}
	}
	snprintf(seen, n, "%u regions, reserved 00 00 00 in each", g->n);
	return true;
}

static bool one_msi(const struct regions *g, char *seen, size_t n)
{
	unsigned int msi = 0;

	for (unsigned int i = 0; i < g->n; i++)
		msi += g->r[i].subtype == VIRTIO_IOMMU_RESV_MEM_T_MSI;
	snprintf(seen, n, "%u MSI regions among %u", msi, g->n);
	return msi <= 1;
}

static bool disjoint(const struct regions *g, char *seen, size_t n)
{
	char ra[64], rb[64];

	for (unsigned int i = 0; i < g->n; i++) {
		const struct resv_mem *a = &g->r[i];

		if (a->start > a->end) {
			snprintf(seen, n, "%s ends before it starts",
				 region_str(ra, sizeof(ra), a));
			return false;
		}
		for (unsigned int j = i + 1; j < g->n; j++) {
			const struct resv_mem *b = &g->r[j];

			if (a->start <= b->end && b->start <= a->end) {
				snprintf(seen, n, "%s overlaps %s", region_str(ra, sizeof(ra), a),
					 region_str(rb, sizeof(rb), b));
				return false;
			}
		}
	}
	snprintf(seen, n, "%u regions, each start <= end, none overlapping", g->n);
	return true;
}

static const struct rule rules[] = {
	{ "DEV-RESV-1", "RESV_MEM reserved bytes are zero", "00 00 00", reserved_zero },
	{ "DEV-RESV-2", "at most one MSI region", "0 or 1 MSI region", one_msi },
	{ "DEV-RESV-3", "RESV_MEM regions do not overlap",
	  "start <= end, pairwise disjoint", disjoint },
};

/* A subtype the spec does not define: the driver treats it as RESERVED. */
static void record_unknown_subtypes(const struct endpoint *ep, const struct regions *g)
{
	char desc[96];

	for (unsigned int i = 0; i < g->n; i++) {
		if (g->r[i].subtype <= VIRTIO_IOMMU_RESV_MEM_T_MSI)
			continue;
		snprintf(desc, sizeof(desc), "resv_mem: %s: region of unknown subtype", ep->name);
		record("DRV-RESV-3", desc, "subtype %u [0x%llx, 0x%llx]", g->r[i].subtype,
		       (unsigned long long)g->r[i].start, (unsigned long long)g->r[i].end);
	}
}

static void check_endpoint(struct fixture *e, const struct endpoint *ep)
{
	struct regions g;
	char desc[96], seen[160];

	snprintf(desc, sizeof(desc), "resv_mem: %s: regions", ep->name);
	if (!get_regions(e, ep, &g, "DEV-RESV-1,DEV-RESV-2,DEV-RESV-3", desc))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(rules); i++) {
		snprintf(desc, sizeof(desc), "resv_mem: %s: %s", ep->name, rules[i].what);
		check_that(SHOULD, rules[i].ids, rules[i].holds(&g, seen, sizeof(seen)), desc,
			   rules[i].expected, "%s", seen);
	}
	record_unknown_subtypes(ep, &g);
}

static void regions(struct fixture *e)
{
	if (!props_can_probe(e, "DEV-RESV-1,DEV-RESV-2,DEV-RESV-3", "resv_mem: regions"))
		return;
	for (unsigned int i = 0; i < e->nep; i++)
		check_endpoint(e, &e->ep[i]);
}

/* MAPs that overlap a region: inside it, over all of it, across its start. */
enum shape { INSIDE, COVERING, STRADDLING_START };

static const struct {
	const char *what;
	enum shape shape;
} shapes[] = {
	{ "one granule inside", INSIDE },
	{ "a range covering all of", COVERING },
	{ "a range straddling the start of", STRADDLING_START },
};

/* Granule-aligned [*lo, *hi] of a shape for r; false when it leaves the 64-bit space. */
static bool shape_range(enum shape shape, const struct resv_mem *r, uint64_t g, uint64_t *lo,
			uint64_t *hi)
{
	uint64_t below = r->start & ~(g - 1), above = r->end | (g - 1);

	switch (shape) {
	case INSIDE:
		*lo = resv_granule_in(r, g);
		*hi = *lo + g - 1;
		return true;
	case COVERING:
		*lo = below - g;
		*hi = above + g;
		return below >= g && *hi > above;
	default:
		*lo = below - g;
		*hi = below + g - 1;
		return below >= g;
	}
}

static void map_shape(struct fixture *e, const struct endpoint *ep, uint32_t dom,
		      const struct resv_mem *r, unsigned int i)
{
	uint64_t lo, hi;
	char desc[160], reg[64];
	int st;

	snprintf(desc, sizeof(desc), "resv_mem: %s: MAP of %s %s is rejected", ep->name,
		 shapes[i].what, region_str(reg, sizeof(reg), r));
	if (!shape_range(shapes[i].shape, r, fx_granule(e), &lo, &hi)) {
		skip("DEV-RESV-4", desc, "no such range in the 64-bit IOVA space");
		return;
	}
	if (!fx_in_input_range(e, lo, hi)) {
		skip("DEV-RESV-4", desc, "[0x%llx, 0x%llx] is outside input_range",
		     (unsigned long long)lo, (unsigned long long)hi);
		return;
	}
	st = viommu_map(&e->v, dom, lo, hi, lo, MAP_RW);
	check_that(SHOULD, "DEV-RESV-4", st != VIRTIO_IOMMU_S_OK, desc,
		   "a status other than S_OK", "%s for MAP dom %u [0x%llx, 0x%llx] -> 0x%llx RW",
		   viommu_status_name(st), dom, (unsigned long long)lo, (unsigned long long)hi,
		   (unsigned long long)lo);
	if (st == VIRTIO_IOMMU_S_OK)
		viommu_unmap(&e->v, dom, lo, hi);	/* the next shape must not hit it */
}

static void map_rejected(struct fixture *e)
{
	struct regions g;
	char desc[96];

	if (!props_can_probe(e, "DEV-RESV-4", "resv_mem: MAP into a reserved region") ||
	    !fx_need_map(e, "DEV-RESV-4", "resv_mem: MAP into a reserved region"))
		return;
	for (unsigned int i = 0; i < e->nep; i++) {
		uint32_t dom = fx_domain(e, i);
		int st;

		snprintf(desc, sizeof(desc), "resv_mem: %s: MAP into a reserved region",
			 e->ep[i].name);
		if (!get_regions(e, &e->ep[i], &g, "DEV-RESV-4", desc))
			continue;
		st = viommu_attach(&e->v, dom, e->ep[i].id, 0);
		if (st != VIRTIO_IOMMU_S_OK) {
			skip("DEV-RESV-4", desc, "ATTACH dom %u ep 0x%x answered %s", dom,
			     e->ep[i].id, viommu_status_name(st));
			continue;
		}
		for (unsigned int k = 0; k < g.n; k++)
			for (unsigned int j = 0; j < ARRAY_SIZE(shapes); j++)
				map_shape(e, &e->ep[i], dom, &g.r[k], j);
	}
}

const struct test resv_mem_tests[] = {
	{ "resv_mem.regions", "DEV-RESV-1,DEV-RESV-2,DEV-RESV-3", regions },
	{ "resv_mem.map_rejected", "DEV-RESV-4", map_rejected },
};
const unsigned int resv_mem_count = ARRAY_SIZE(resv_mem_tests);
