// SPDX-License-Identifier: MIT
/* 5.13.6.3 DETACH: reserved, unknown endpoints, wrong domains, domain lifetime. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "tests/fixture.h"

#define NO_ENDPOINT "no endpoint behind the virtio-iommu"

static bool attach_ok(struct fixture *e, uint32_t dom, uint32_t ep, const char *ids, const char *desc)
{
	return fx_require(viommu_attach(&e->v, dom, ep, 0), ids, desc, "ATTACH dom %u ep 0x%x", dom, ep);
}

/* One granule at fx_iova(0), identity-addressed: no DMA uses it. */
static int map_one(struct fixture *e, uint32_t domain)
{
	uint64_t iova = fx_iova(e, 0);

	return viommu_map(&e->v, domain, iova, iova + fx_granule(e) - 1, iova, MAP_RW);
}

static int send_detach(struct fixture *e, uint32_t dom, uint32_t ep, const uint8_t reserved[8])
{
	struct virtio_iommu_req_detach r;

	viommu_detach_req(&r, dom, ep);
	memcpy(r.reserved, reserved, sizeof(r.reserved));
	return viommu_send(&e->v, &r, offsetof(struct virtio_iommu_req_detach, tail),
			   sizeof(r.tail), NULL);
}

/*
 * Attaches ep[0] alone to a domain, DETACHes it with `reserved` and MAPs into
 * the domain: once detached the domain is gone and the MAP says so.
 */
static bool detach_then_map(struct fixture *e, const uint8_t reserved[8], const char *desc,
			    int *st, int *map)
{
	uint32_t dom = fx_domain(e, 0);

	if (!fx_reinit(e, "DEV-DET-1", desc) || !attach_ok(e, dom, e->ep[0].id, "DEV-DET-1", desc))
		return false;
	*st = send_detach(e, dom, e->ep[0].id, reserved);
	*map = map_one(e, dom);
	return true;
}

static const uint8_t reserved_cases[][8] = {
	{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	{ 0x01, 0, 0, 0, 0, 0, 0, 0x80 },
};

static void reserved_ignored(struct fixture *e)
{
	static const uint8_t zero[8];
	uint32_t dom = fx_domain(e, 0);
	int plain_st, plain_map;
	char desc[96];

	if (!e->nep) {
		skip("DEV-DET-1", "detach: DETACH ignores reserved", NO_ENDPOINT);
		return;
	}
	if (!detach_then_map(e, zero, "detach: DETACH with reserved zeroed", &plain_st, &plain_map))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(reserved_cases); i++) {
		const uint8_t *r = reserved_cases[i];
		struct check c = { .level = MUST, .ids = "DEV-DET-1" };
		int st, map;

		snprintf(desc, sizeof(desc), "detach: DETACH with reserved %02x..%02x detaches",
			 r[0], r[7]);
		if (!detach_then_map(e, r, desc, &st, &map))
			return;
		check_desc(&c, "%s", desc);
		check_sent(&c, "DETACH dom %u ep 0x%x reserved %02x %02x %02x %02x %02x %02x %02x "
			   "%02x (its only endpoint), then MAP dom %u", dom, e->ep[0].id, r[0], r[1],
			   r[2], r[3], r[4], r[5], r[6], r[7], dom);
		check_expected(&c, "S_OK, then MAP %s as after a DETACH with reserved zeroed (%s)",
			       viommu_status_name(plain_map), viommu_status_name(plain_st));
		check_observed(&c, "%s, then MAP %s", viommu_status_name(st), viommu_status_name(map));
		check_end(&c, st == VIRTIO_IOMMU_S_OK && map == plain_map);
	}
}

static void absent_endpoint(struct fixture *e)
{
	static const char *const what[] = { "a new domain", "a domain in use" };
	static const uint8_t zero[8];
	uint32_t dom = fx_domain(e, 0);
	char desc[112];

	for (unsigned int in_use = 0; in_use < ARRAY_SIZE(what); in_use++) {
		snprintf(desc, sizeof(desc), "detach: DETACH of an absent endpoint from %s is "
			 "rejected with S_NOENT", what[in_use]);
		if (in_use && !e->nep) {
			skip("DEV-DET-2", desc, NO_ENDPOINT);
			continue;
		}
		if (!fx_reinit(e, "DEV-DET-2", desc) ||
		    (in_use && !attach_ok(e, dom, e->ep[0].id, "DEV-DET-2", desc)))
			continue;
		check_status(MUST, "DEV-DET-2", desc, send_detach(e, dom, ENDPOINT_ABSENT, zero),
			     VIRTIO_IOMMU_S_NOENT, "DETACH dom %u ep 0x%x reserved 00 (x8)%s", dom,
			     ENDPOINT_ABSENT, in_use ? " (dom holds another endpoint)" : "");
	}
}

/* Setups after which ep[0] is not attached to domain 1 (fx_domain(e, 1)). */
static bool never_attached(struct fixture *e, const char *desc)
{
	(void)e;
	(void)desc;
	return true;
}

static bool attached_elsewhere(struct fixture *e, const char *desc)
{
	return attach_ok(e, fx_domain(e, 0), e->ep[0].id, "DEV-DET-3", desc);
}

static bool domain_of_another(struct fixture *e, const char *desc)
{
	return attached_elsewhere(e, desc) &&
	       attach_ok(e, fx_domain(e, 1), e->ep[1].id, "DEV-DET-3", desc);
}

static bool detached_before(struct fixture *e, const char *desc)
{
	uint32_t dom = fx_domain(e, 1), ep = e->ep[0].id;

	return attach_ok(e, dom, ep, "DEV-DET-3", desc) &&
	       fx_require(viommu_detach(&e->v, dom, ep), "DEV-DET-3", desc, "DETACH dom %u ep 0x%x",
		    dom, ep);
}

static const struct {
	const char *what;
	unsigned int neps;
	bool (*setup)(struct fixture *e, const char *desc);
	bool elsewhere;		/* ep[0] is alone in fx_domain(e, 0) */
} not_attached[] = {
	{ "never attached, domain absent", 1, never_attached, false },
	{ "attached to another domain, domain absent", 1, attached_elsewhere, true },
	{ "attached to another domain, domain holds another endpoint", 2, domain_of_another,
	  true },
	{ "detached from the domain before", 1, detached_before, false },
};

/*
 * Whatever it answers, a DETACH naming a domain the endpoint is not in leaves
 * it in its own: that domain, ep[0]'s alone, still exists, so a MAP works.
 */
static void still_attached(struct fixture *e, const char *what, int st)
{
	uint32_t home = fx_domain(e, 0), dom = fx_domain(e, 1);
	char desc[112];

	snprintf(desc, sizeof(desc), "detach: DETACH of an endpoint %s leaves it there", what);
	if (!fx_need_map(e, "DEV-DET-3", desc))
		return;
	check_status(MUST, "DEV-DET-3", desc, map_one(e, home), VIRTIO_IOMMU_S_OK,
		     "DETACH dom %u ep 0x%x (%s) while ep is alone in dom %u, then MAP dom %u",
		     dom, e->ep[0].id, viommu_status_name(st), home, home);
}

/*
 * Neither S_INVAL (the MAY) nor S_OK: the request was not rejected as the
 * spec allows, so it succeeded, and DEV-OPS-1 wants S_OK (a SHOULD).  No MUST
 * covers the case, so this warns.  S_NOENT in particular tells the driver
 * that an endpoint it just used does not exist.
 */
static void outside_spec(const char *desc, int st, uint32_t dom, const struct endpoint *ep)
{
	struct check c = { .level = SHOULD, .ids = "DEV-DET-3,DEV-OPS-1" };

	check_desc(&c, "%s", desc);
	check_sent(&c, "DETACH dom %u ep 0x%x (%s, an existing endpoint)", dom, ep->id, ep->name);
	check_expected(&c, "S_INVAL or S_OK");
	check_observed(&c, "%s", viommu_status_name(st));
	check_end(&c, false);
}

/* S_INVAL is allowed (MAY) and S_OK conforms: record which; anything else warns. */
static void not_attached_endpoint(struct fixture *e)
{
	static const uint8_t zero[8];
	uint32_t dom = fx_domain(e, 1);
	char desc[112];

	for (unsigned int i = 0; i < ARRAY_SIZE(not_attached); i++) {
		int st;

		snprintf(desc, sizeof(desc), "detach: DETACH of an endpoint %s", not_attached[i].what);
		if (e->nep < not_attached[i].neps) {
			skip("DEV-DET-3", desc, "needs %u endpoints (have %u)", not_attached[i].neps,
			     e->nep);
			continue;
		}
		if (!fx_reinit(e, "DEV-DET-3", desc) || !not_attached[i].setup(e, desc))
			continue;
		st = send_detach(e, dom, e->ep[0].id, zero);
		if (st == VIRTIO_IOMMU_S_INVAL || st == VIRTIO_IOMMU_S_OK)
			record("DEV-DET-3", desc, "%s to DETACH dom %u ep 0x%x", viommu_status_name(st), dom,
			       e->ep[0].id);
		else
			outside_spec(desc, st, dom, &e->ep[0]);
		if (not_attached[i].elsewhere)
			still_attached(e, not_attached[i].what, st);
	}
}

/* The last DETACH destroys the domain with its mappings: the same MAP works again. */
static void domain_reused(struct fixture *e)
{
	const char *desc = "detach: a domain ID is reusable, without its mappings";
	uint32_t dom = fx_domain(e, 0), ep;

	if (!e->nep) {
		skip("INF-DET-1", desc, NO_ENDPOINT);
		return;
	}
	if (!fx_need_map(e, "INF-DET-1", desc))
		return;
	ep = e->ep[0].id;
	if (!attach_ok(e, dom, ep, "INF-DET-1", desc) ||
	    !fx_require(map_one(e, dom), "INF-DET-1", desc, "MAP dom %u", dom) ||
	    !fx_require(viommu_detach(&e->v, dom, ep), "INF-DET-1", desc, "DETACH dom %u ep 0x%x",
		  dom, ep) ||
	    !attach_ok(e, dom, ep, "INF-DET-1", desc))
		return;
	check_status(DESCR, "INF-DET-1", desc, map_one(e, dom), VIRTIO_IOMMU_S_OK,
		     "ATTACH, MAP [0x%llx, +0x%llx), DETACH, ATTACH dom %u ep 0x%x, then the same MAP",
		     (unsigned long long)fx_iova(e, 0), (unsigned long long)fx_granule(e), dom, ep);
}

/*
 * A domain stops existing only when its last endpoint leaves (INF-DET-1):
 * after one of two leaves, its mapping is still there, so MAPping the same
 * range again is refused as an overlap, neither accepted nor S_NOENT.
 */
static void shared_kept(struct fixture *e)
{
	const char *desc = "detach: a domain and its mapping outlive the DETACH of one of two "
			   "endpoints";
	uint32_t dom = fx_domain(e, 0);
	int st;

	if (e->nep < 2) {
		skip("INF-DET-1", desc, "needs two endpoints (have %u)", e->nep);
		return;
	}
	if (!fx_need_map(e, "INF-DET-1", desc) || !attach_ok(e, dom, e->ep[0].id, "INF-DET-1", desc))
		return;
	st = viommu_attach(&e->v, dom, e->ep[1].id, 0);
	if (st == VIRTIO_IOMMU_S_UNSUPP) {
		skip("INF-DET-1", desc, "ATTACH of a second endpoint answered S_UNSUPP (DEV-ATT-4)");
		return;
	}
	if (!fx_require(st, "INF-DET-1", desc, "ATTACH dom %u ep 0x%x", dom, e->ep[1].id) ||
	    !fx_require(map_one(e, dom), "INF-DET-1", desc, "MAP dom %u", dom) ||
	    !fx_require(viommu_detach(&e->v, dom, e->ep[1].id), "INF-DET-1", desc,
			 "DETACH dom %u ep 0x%x", dom, e->ep[1].id))
		return;
	st = map_one(e, dom);
	check_that(DESCR, "INF-DET-1", st != VIRTIO_IOMMU_S_OK && st != VIRTIO_IOMMU_S_NOENT, desc,
		   "the same MAP refused as an overlap (S_INVAL, DEV-MAP-2)", "the same MAP %s "
		   "(after ATTACH ep 0x%x and ep 0x%x, MAP [0x%llx, +0x%llx), DETACH ep 0x%x)",
		   viommu_status_name(st), e->ep[0].id, e->ep[1].id,
		   (unsigned long long)fx_iova(e, 0), (unsigned long long)fx_granule(e),
		   e->ep[1].id);
}

const struct test detach_tests[] = {
	{ "detach.reserved", "DEV-DET-1", reserved_ignored },
	{ "detach.absent_endpoint", "DEV-DET-2", absent_endpoint },
	{ "detach.not_attached", "DEV-DET-3", not_attached_endpoint },
	{ "detach.domain_reused", "INF-DET-1", domain_reused },
	{ "detach.shared_kept", "INF-DET-1", shared_kept },
};
const unsigned int detach_count = ARRAY_SIZE(detach_tests);
