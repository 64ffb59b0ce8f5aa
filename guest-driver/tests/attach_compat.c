// SPDX-License-Identifier: MIT
/* 5.13.6.2 ATTACH: endpoints whose PROBE properties make them incompatible
 * with a domain (attach.c lists the tests). */
#include <stdio.h>
#include <string.h>
#include "tests/attach.h"
#include "tests/fixture.h"
#include "tests/props.h"

/*
 * A granule of a RESV_MEM region of b that no region of a touches: mapped in
 * a domain of a, it makes b incompatible with that domain.  NULL: none.
 */
static const struct resv_mem *clash(const struct fixture *e, const struct regions *ga,
				    const struct regions *gb, uint64_t *iova)
{
	uint64_t g = fx_granule(e);

	for (unsigned int i = 0; i < gb->n; i++) {
		*iova = resv_granule_in(&gb->r[i], g);
		if (!regions_overlap(ga, *iova, *iova + g - 1) &&
		    fx_in_input_range(e, *iova, *iova + g - 1))
			return &gb->r[i];
	}
	return NULL;
}

/*
 * Incompatible in the narrowest sense the spec gives: the domain maps a
 * granule that b reserves, so with b attached that MAP would have been
 * refused (DEV-RESV-4).  Then b SHOULD be refused with S_UNSUPP (DEV-ATT-7).
 */
static void incompatible(struct fixture *e, const struct endpoint *a, const struct endpoint *b)
{
	const char *desc = "attach: an endpoint whose reserved region the domain maps is "
			   "refused with S_UNSUPP";
	uint32_t dom = fx_domain(e, 0);
	uint64_t g = fx_granule(e), iova;
	const struct resv_mem *r;
	struct regions ga, gb;

	if (!fx_need_map(e, "DEV-ATT-7", desc) || !fx_reinit(e, "DEV-ATT-7", desc))
		return;
	props_regions(e, a, &ga);
	props_regions(e, b, &gb);
	r = clash(e, &ga, &gb, &iova);
	if (!r) {
		skip("DEV-ATT-7", desc, "ep 0x%x has no RESV_MEM region apart from those of ep 0x%x "
		     "(%u regions, %u regions)", b->id, a->id, gb.n, ga.n);
		return;
	}
	if (!fx_require(viommu_attach(&e->v, dom, a->id, 0), "DEV-ATT-7", desc,
			 "ATTACH dom %u ep 0x%x", dom, a->id) ||
	    !fx_require(viommu_map(&e->v, dom, iova, iova + g - 1, fx_phys(e), MAP_RW),
			 "DEV-ATT-7", desc, "MAP dom %u [0x%llx, +0x%llx)", dom,
			 (unsigned long long)iova, (unsigned long long)g))
		return;
	check_status(SHOULD, "DEV-ATT-7", desc, viommu_attach(&e->v, dom, b->id, 0),
		     VIRTIO_IOMMU_S_UNSUPP, "ATTACH dom %u ep 0x%x (RESV_MEM subtype %u [0x%llx, "
		     "0x%llx]), dom %u holds ep 0x%x and maps [0x%llx, 0x%llx]", dom, b->id,
		     r->subtype, (unsigned long long)r->start, (unsigned long long)r->end, dom,
		     a->id, (unsigned long long)iova, (unsigned long long)(iova + g - 1));
}

/* Which endpoints differ in PROBE properties is up to the platform: record it. */
void attach_probe_compat(struct fixture *e)
{
	const char *desc = "attach: endpoints with these PROBE properties share a domain";
	const struct endpoint *b = attach_second(e);
	uint32_t dom = fx_domain(e, 0);
	struct props pa, pb;
	bool same;

	if (!b) {
		skip("DEV-ATT-7", desc, "needs two endpoints (have %u)", e->nep);
		return;
	}
	if (!props_can_probe(e, "DEV-ATT-7", desc))
		return;
	props_probe_ep(e, &e->ep[0], &pa);
	props_probe_ep(e, b, &pb);
	same = pa.status == pb.status && pa.end == pb.end && !memcmp(pa.area, pb.area, pa.end);
	record("DEV-ATT-7", "attach: PROBE properties of the two endpoints",
	       "0x%x: %s, properties: %u; 0x%x: %s, properties: %u; %s", e->ep[0].id,
	       viommu_status_name(pa.status), pa.n, b->id, viommu_status_name(pb.status), pb.n,
	       same ? "identical" : "different");
	if (!fx_require(viommu_attach(&e->v, dom, e->ep[0].id, 0), "DEV-ATT-7", desc,
		  "ATTACH dom %u ep 0x%x", dom, e->ep[0].id))
		return;
	attach_joined("DEV-ATT-7", desc, viommu_attach(&e->v, dom, b->id, 0),
	       "ATTACH dom %u ep 0x%x, dom %u holds ep 0x%x", dom, b->id, dom, e->ep[0].id);
	incompatible(e, &e->ep[0], b);
}
