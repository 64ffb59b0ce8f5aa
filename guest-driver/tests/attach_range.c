// SPDX-License-Identifier: MIT
/* 5.13.6.2 ATTACH: domain IDs at and beyond the ends of domain_range, with
 * DOMAIN_RANGE negotiated and declined (attach.c lists the tests). */
#include <stdio.h>
#include "tests/attach.h"
#include "tests/fixture.h"

/* Domains at and just beyond the ends of domain_range. */
enum edge { START, END, BELOW, ABOVE };

static const struct {
	const char *what;
	enum edge edge;
} edges[] = {
	{ "domain_range.start", START },
	{ "domain_range.end", END },
	{ "domain_range.start - 1", BELOW },
	{ "domain_range.end + 1", ABOVE },
};

static bool edge_domain(uint32_t start, uint32_t end, enum edge edge, uint32_t *dom)
{
	switch (edge) {
	case START:
		*dom = start;
		return true;
	case END:
		*dom = end;
		return true;
	case BELOW:
		*dom = start - 1;
		return start > 0;
	default:
		*dom = end + 1;
		return end < 0xffffffffu;
	}
}

static void domain_edges(struct fixture *e, bool negotiated)
{
	uint32_t start = e->v.cfg.domain_start, end = e->v.cfg.domain_end, dom;
	const char *feat = negotiated ? "negotiated" : "offered, declined";
	char desc[112];

	for (unsigned int i = 0; i < ARRAY_SIZE(edges); i++) {
		bool inside = edges[i].edge == START || edges[i].edge == END;
		const char *ids = !inside ? "DRV-OPS-5" : negotiated ? "DEV-ATT-8" : "DEV-ATT-8,INF-OPS-4";
		int st;

		snprintf(desc, sizeof(desc), "attach: ATTACH to %s, DOMAIN_RANGE %s", edges[i].what,
			 feat);
		if (!viommu_offered(&e->v, VIRTIO_IOMMU_F_DOMAIN_RANGE)) {
			skip(ids, desc, "VIRTIO_IOMMU_F_DOMAIN_RANGE not offered");
			continue;
		}
		if (!e->nep) {
			skip(ids, desc, NO_ENDPOINT);
			continue;
		}
		if (!edge_domain(start, end, edges[i].edge, &dom)) {
			skip(ids, desc, "domain_range is [0x%x, 0x%x]: no domain there", start, end);
			continue;
		}
		if (!fx_reinit(e, ids, desc))
			return;
		st = viommu_attach(&e->v, dom, e->ep[0].id, 0);
		if (inside)
			check_status(MUST, ids, desc, st, VIRTIO_IOMMU_S_OK, "ATTACH dom 0x%x ep 0x%x "
				     "(domain_range [0x%x, 0x%x])", dom, e->ep[0].id, start, end);
		else
			record(ids, desc, "%s to ATTACH dom 0x%x ep 0x%x (domain_range [0x%x, 0x%x])",
			       viommu_status_name(st), dom, e->ep[0].id, start, end);
	}
}

void attach_domain_range(struct fixture *e)
{
	domain_edges(e, true);
}

/* The spec gives domain_range effect when offered, DRV-OPS-5 when negotiated (7.13 #2). */
void attach_domain_range_declined(struct fixture *e)
{
	uint64_t want = fx_default_features(&e->v) & ~VIRTIO_BIT(VIRTIO_IOMMU_F_DOMAIN_RANGE);

	if (viommu_offered(&e->v, VIRTIO_IOMMU_F_DOMAIN_RANGE) &&
	    !fx_init(e, want, "DRV-OPS-5", "attach: DOMAIN_RANGE declined"))
		return;
	domain_edges(e, false);
}
