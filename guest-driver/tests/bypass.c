// SPDX-License-Identifier: MIT
/*
 * Bypass without DMA (5.13.4, 5.13.6.2): bypass domains made by
 * ATTACH_F_BYPASS, the `bypass` config field, the legacy BYPASS feature.
 * Whether accesses really bypass needs DMA and is checked elsewhere.
 */
#include <stdarg.h>
#include <stdio.h>
#include "tests/fixture.h"

#define F_BYPASS VIRTIO_IOMMU_ATTACH_F_BYPASS

/* BYPASS_CONFIG negotiated and an endpoint to attach, or a skip line. */
static bool usable(struct fixture *e, const char *ids, const char *desc)
{
	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_BYPASS_CONFIG)) {
		skip(ids, desc, "VIRTIO_IOMMU_F_BYPASS_CONFIG not offered");
		return false;
	}
	if (!e->nep) {
		skip(ids, desc, "no endpoint behind the virtio-iommu");
		return false;
	}
	return true;
}

/* ep[0] alone in the bypass domain fx_domain(e, 0). */
static bool bypass_domain(struct fixture *e, const char *ids, const char *desc)
{
	uint32_t dom = fx_domain(e, 0);

	return fx_require(viommu_attach(&e->v, dom, e->ep[0].id, F_BYPASS), ids, desc,
		    "ATTACH dom %u ep 0x%x flags 0x1", dom, e->ep[0].id);
}

static void attach(struct fixture *e)
{
	const char *desc = "bypass: ATTACH_F_BYPASS creates a bypass domain";
	uint32_t dom = fx_domain(e, 0);

	if (!usable(e, "DEV-ATT-8", desc))
		return;
	check_status(MUST, "DEV-ATT-8", desc, viommu_attach(&e->v, dom, e->ep[0].id, F_BYPASS),
		     VIRTIO_IOMMU_S_OK, "ATTACH dom %u ep 0x%x flags 0x1 reserved 00 00 00 00", dom,
		     e->ep[0].id);
}

static int map(struct fixture *e, uint32_t dom, uint64_t iova)
{
	return viommu_map(&e->v, dom, iova, iova + fx_granule(e) - 1, iova, MAP_RW);
}

static int unmap(struct fixture *e, uint32_t dom, uint64_t iova)
{
	return viommu_unmap(&e->v, dom, iova, iova + fx_granule(e) - 1);
}

/* A bypass domain has no mappings to change. */
static const struct {
	const char *ids;
	const char *what;
	int (*send)(struct fixture *e, uint32_t dom, uint64_t iova);
} requests[] = {
	{ "DEV-MAP-5", "MAP", map },
	{ "DEV-UNMAP-3", "UNMAP", unmap },
};

static void requests_rejected(struct fixture *e)
{
	uint32_t dom = fx_domain(e, 0);
	uint64_t iova = fx_iova(e, 0);
	char desc[80];

	for (unsigned int i = 0; i < ARRAY_SIZE(requests); i++) {
		snprintf(desc, sizeof(desc), "bypass: %s in a bypass domain is rejected",
			 requests[i].what);
		if (!usable(e, requests[i].ids, desc) || !fx_need_map(e, requests[i].ids, desc) ||
		    !fx_init(e, e->v.negotiated, requests[i].ids, desc) ||
		    !bypass_domain(e, requests[i].ids, desc))
			continue;
		check_status(SHOULD, requests[i].ids, desc, requests[i].send(e, dom, iova),
			     VIRTIO_IOMMU_S_INVAL, "%s dom %u [0x%llx, 0x%llx] (bypass domain of "
			     "ep 0x%x)", requests[i].what, dom, (unsigned long long)iova,
			     (unsigned long long)(iova + fx_granule(e) - 1), e->ep[0].id);
	}
}

/* Sharing is a MAY (DEV-ATT-4): S_UNSUPP is recorded, S_OK passes. */
static void second_endpoint(struct fixture *e)
{
	const char *desc = "bypass: a second endpoint joins a bypass domain with the flag";
	const struct endpoint *b = fx_other_kind(e);
	uint32_t dom = fx_domain(e, 0);
	int st;

	if (!usable(e, "DEV-ATT-4,DEV-ATT-5", desc))
		return;
	if (!b)
		b = e->nep > 1 ? &e->ep[1] : NULL;
	if (!b) {
		skip("DEV-ATT-4,DEV-ATT-5", desc, "needs two endpoints (have %u)", e->nep);
		return;
	}
	if (!bypass_domain(e, "DEV-ATT-4,DEV-ATT-5", desc))
		return;
	st = viommu_attach(&e->v, dom, b->id, F_BYPASS);
	if (st == VIRTIO_IOMMU_S_UNSUPP)
		record("DEV-ATT-4", desc, "S_UNSUPP (the device does not share this domain)");
	else
		check_status(MUST, "DEV-ATT-4,DEV-ATT-5", desc, st, VIRTIO_IOMMU_S_OK,
			     "ATTACH dom %u ep 0x%x flags 0x1, dom %u is the bypass domain of "
			     "ep 0x%x", dom, b->id, dom, e->ep[0].id);
}

/* After the last DETACH the domain is gone: MAP says S_NOENT, no longer S_INVAL. */
static void detach(struct fixture *e)
{
	const char *desc = "bypass: DETACH from a bypass domain";
	uint32_t dom = fx_domain(e, 0);

	if (!usable(e, "DEV-OPS-1", desc) || !bypass_domain(e, "DEV-OPS-1", desc))
		return;
	check_status(SHOULD, "DEV-OPS-1", desc, viommu_detach(&e->v, dom, e->ep[0].id),
		     VIRTIO_IOMMU_S_OK, "DETACH dom %u ep 0x%x (its bypass domain)", dom,
		     e->ep[0].id);
	if (!fx_need_map(e, "INF-DET-1", "bypass: a bypass domain left empty is gone"))
		return;
	check_status(DESCR, "INF-DET-1", "bypass: a bypass domain left empty is gone",
		     map(e, dom, fx_iova(e, 0)), VIRTIO_IOMMU_S_NOENT,
		     "MAP dom %u after DETACH of its only endpoint 0x%x", dom, e->ep[0].id);
}

/* With BYPASS_CONFIG negotiated the driver may write bypass (DRV-CFG-1). */
static void config_write(struct fixture *e)
{
	uint8_t initial = viommu_read_bypass(&e->v);
	char desc[64];

	for (uint8_t val = 0; val <= 1; val++) {
		uint8_t now;
		bool nr;

		snprintf(desc, sizeof(desc), "bypass: bypass reads %u after writing %u", val, val);
		if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_BYPASS_CONFIG)) {
			skip("DRV-CFG-1", desc, "VIRTIO_IOMMU_F_BYPASS_CONFIG not offered");
			continue;
		}
		viommu_write_bypass(&e->v, val);
		now = viommu_read_bypass(&e->v);
		nr = viommu_needs_reset(&e->v);
		check_that(DESCR, "DRV-CFG-1", now == val && !nr, desc, val ? "1" : "0",
			   "%u%s (wrote %u over %u)", now, nr ? ", DEVICE_NEEDS_RESET set" : "",
			   val, initial);
	}
	/* bypass survives device reset: leave it as found for the next test. */
	if (viommu_needs_reset(&e->v) &&
	    !fx_init(e, e->v.negotiated, "DRV-CFG-1", "bypass: restore bypass"))
		return;
	if (viommu_negotiated(&e->v, VIRTIO_IOMMU_F_BYPASS_CONFIG))
		viommu_write_bypass(&e->v, initial);
}

/* A driver writes bypass only when negotiated: what the device does otherwise is open. */
static void config_write_declined(struct fixture *e)
{
	const char *desc = "bypass: write to bypass with BYPASS_CONFIG offered, declined";
	uint64_t want = fx_default_features(&e->v);
	uint8_t before, after;
	bool nr;

	if (!viommu_offered(&e->v, VIRTIO_IOMMU_F_BYPASS_CONFIG)) {
		skip("DRV-CFG-1", desc, "VIRTIO_IOMMU_F_BYPASS_CONFIG not offered");
		return;
	}
	if (!fx_init(e, want & ~VIRTIO_BIT(VIRTIO_IOMMU_F_BYPASS_CONFIG), "DRV-CFG-1", desc))
		return;
	before = viommu_read_bypass(&e->v);
	viommu_write_bypass(&e->v, !before);
	after = viommu_read_bypass(&e->v);
	nr = viommu_needs_reset(&e->v);
	record("DRV-CFG-1", desc, "wrote %u over %u: reads %u, DEVICE_NEEDS_RESET %s", !before,
	       before, after, nr ? "set" : "clear");
	if (after != before && fx_init(e, want, "DRV-CFG-1", "bypass: restore bypass"))
		viommu_write_bypass(&e->v, before);
}

/* Legacy bypass: unattached endpoints bypass (INF-OPS-3); without DMA, only accepted. */
static void legacy(struct fixture *e)
{
	const char *desc = "bypass: legacy VIRTIO_IOMMU_F_BYPASS negotiated";
	uint64_t want = fx_default_features(&e->v) | VIRTIO_BIT(VIRTIO_IOMMU_F_BYPASS);

	if (!viommu_offered(&e->v, VIRTIO_IOMMU_F_BYPASS)) {
		skip("INF-OPS-3", desc, "VIRTIO_IOMMU_F_BYPASS (bit 3) not offered (device "
		     "features 0x%llx)", (unsigned long long)e->v.offered);
		return;
	}
	if (!fx_init(e, want, "INF-OPS-3", desc))
		return;
	record("INF-OPS-3", desc, "FEATURES_OK kept, driver features 0x%llx, bit 3 %s",
	       (unsigned long long)e->v.negotiated,
	       viommu_negotiated(&e->v, VIRTIO_IOMMU_F_BYPASS) ? "negotiated" : "dropped");
}

const struct test bypass_tests[] = {
	{ "bypass.attach", "DEV-ATT-8", attach },
	{ "bypass.requests_rejected", "DEV-MAP-5,DEV-UNMAP-3", requests_rejected },
	{ "bypass.second_endpoint", "DEV-ATT-4,DEV-ATT-5", second_endpoint },
	{ "bypass.detach", "DEV-OPS-1,INF-DET-1", detach },
	{ "bypass.config_write", "DRV-CFG-1", config_write },
	{ "bypass.config_write_declined", "DRV-CFG-1", config_write_declined },
	{ "bypass.legacy", "INF-OPS-3", legacy },
};
const unsigned int bypass_count = ARRAY_SIZE(bypass_tests);
