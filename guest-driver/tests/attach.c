// SPDX-License-Identifier: MIT
/* 5.13.6.2 ATTACH: rejections, shared domains, moves (domain_range: attach_range.c). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "tests/attach.h"
#include "tests/fixture.h"
#include "tests/props.h"


/* One granule at fx_iova(k), identity-addressed: no DMA uses it. */
static int map_one(struct fixture *e, uint32_t domain, unsigned int k)
{
	uint64_t iova = fx_iova(e, k);

	return viommu_map(&e->v, domain, iova, iova + fx_granule(e) - 1, iova, MAP_RW);
}

static int send_attach(struct fixture *e, uint32_t domain, uint32_t ep, uint32_t flags,
		       const uint8_t reserved[4])
{
	struct virtio_iommu_req_attach r;

	viommu_attach_req(&r, domain, ep, flags);
	memcpy(r.reserved, reserved, sizeof(r.reserved));
	return viommu_send(&e->v, &r, offsetof(struct virtio_iommu_req_attach, tail),
			   sizeof(r.tail), NULL);
}

/* A second endpoint, of another kind when there is one (attach.h). */
const struct endpoint *attach_second(const struct fixture *e)
{
	const struct endpoint *b = fx_other_kind(e);

	return b ? b : e->nep > 1 ? &e->ep[1] : NULL;
}

/* Sharing a domain is a MAY (DEV-ATT-4): S_OK passes, S_UNSUPP is recorded. */
void attach_joined(const char *ids, const char *desc, int st, const char *sent_fmt, ...)
{
	struct check c = { .level = MUST, .ids = ids };
	va_list ap;

	if (st == VIRTIO_IOMMU_S_UNSUPP) {
		record(ids, desc, "S_UNSUPP (the device does not share this domain)");
		return;
	}
	check_desc(&c, "%s", desc);
	va_start(ap, sent_fmt);
	vsnprintf(c.sent, sizeof(c.sent), sent_fmt, ap);
	va_end(ap);
	check_expected(&c, "S_OK, or S_UNSUPP if the domain cannot be shared");
	check_observed(&c, "%s", viommu_status_name(st));
	check_end(&c, st == VIRTIO_IOMMU_S_OK);
}

/* The status-code cases of ATTACH: each rejects, the endpoint stays unattached. */
struct reject {
	const char *ids;
	const char *what;
	bool absent;		/* endpoint ENDPOINT_ABSENT instead of ep[0] */
	bool in_use;		/* ep[0] is attached to the domain first */
	uint32_t flags;
	uint8_t reserved[4];
	int expected;
};

static const struct reject rejects[] = {
	{ "DEV-ATT-1", "reserved 01 00 00 00", false, false, 0, { 1, 0, 0, 0 },
	  VIRTIO_IOMMU_S_INVAL },
	{ "DEV-ATT-1", "reserved 00 00 00 80", false, false, 0, { 0, 0, 0, 0x80 },
	  VIRTIO_IOMMU_S_INVAL },
	{ "DEV-ATT-1", "reserved ff ff ff ff", false, false, 0, { 0xff, 0xff, 0xff, 0xff },
	  VIRTIO_IOMMU_S_INVAL },
	{ "DEV-ATT-2", "flags bit 1", false, false, 1u << 1, { 0 }, VIRTIO_IOMMU_S_INVAL },
	{ "DEV-ATT-2", "flags bit 31", false, false, 1u << 31, { 0 }, VIRTIO_IOMMU_S_INVAL },
	{ "DEV-ATT-2", "flags 0xfffffffe", false, false, 0xfffffffe, { 0 },
	  VIRTIO_IOMMU_S_INVAL },
	{ "DEV-ATT-3", "an absent endpoint to a new domain", true, false, 0, { 0 },
	  VIRTIO_IOMMU_S_NOENT },
	{ "DEV-ATT-3", "an absent endpoint to a domain in use", true, true, 0, { 0 },
	  VIRTIO_IOMMU_S_NOENT },
};

/*
 * Into a new domain: a rejected ATTACH creates no domain, so a MAP there is
 * answered as before it (S_NOENT, DEV-MAP-4).
 */
static void reject_new_domain(struct fixture *e, const struct reject *r, uint32_t ep, struct check *c)
{
	uint32_t dom = fx_domain(e, 0);
	int before = map_one(e, dom, 0);
	int st = send_attach(e, dom, ep, r->flags, r->reserved);
	int after = map_one(e, dom, 1);

	check_sent(c, "ATTACH dom %u ep 0x%x flags 0x%x reserved %02x %02x %02x %02x, "
		   "then MAP dom %u one granule at 0x%llx", dom, ep, r->flags, r->reserved[0],
		   r->reserved[1], r->reserved[2], r->reserved[3], dom,
		   (unsigned long long)fx_iova(e, 1));
	check_expected(c, "%s, then MAP %s as before the ATTACH (no domain created)",
		       viommu_status_name(r->expected), viommu_status_name(before));
	check_observed(c, "%s, then MAP %s", viommu_status_name(st), viommu_status_name(after));
	check_end(c, st == r->expected && after == before);
}

static void reject_row(struct fixture *e, const struct reject *r)
{
	struct check c = { .level = MUST, .ids = r->ids };
	uint32_t dom = fx_domain(e, 0), ep;

	check_desc(&c, "attach: ATTACH with %s is rejected with %s", r->what, viommu_status_name(r->expected));
	if (!e->nep && (!r->absent || r->in_use)) {
		skip(r->ids, c.desc, NO_ENDPOINT);
		return;
	}
	if (!fx_reinit(e, r->ids, c.desc))
		return;
	ep = r->absent ? ENDPOINT_ABSENT : e->ep[0].id;
	if (!r->in_use) {
		reject_new_domain(e, r, ep, &c);
		return;
	}
	if (!fx_require(viommu_attach(&e->v, dom, e->ep[0].id, 0), r->ids, c.desc,
		  "ATTACH dom %u ep 0x%x", dom, e->ep[0].id))
		return;
	check_status(MUST, r->ids, c.desc, send_attach(e, dom, ep, r->flags, r->reserved),
		     r->expected, "ATTACH dom %u ep 0x%x flags 0x%x reserved %02x %02x %02x %02x "
		     "(dom %u holds ep 0x%x)", dom, ep, r->flags, r->reserved[0], r->reserved[1],
		     r->reserved[2], r->reserved[3], dom, e->ep[0].id);
}

static void run_rejects(struct fixture *e, const char *ids)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(rejects); i++)
		if (!strcmp(rejects[i].ids, ids))
			reject_row(e, &rejects[i]);
}

static void reserved_rejected(struct fixture *e)
{
	run_rejects(e, "DEV-ATT-1");
}

static void flags_rejected(struct fixture *e)
{
	run_rejects(e, "DEV-ATT-2");
}

static void absent_endpoint(struct fixture *e)
{
	run_rejects(e, "DEV-ATT-3");
}

/* Whether ATTACH_F_BYPASS is "recognised" without BYPASS_CONFIG is open (7.13 #3). */
static void bypass_flag_unnegotiated(struct fixture *e)
{
	const char *desc = "attach: ATTACH_F_BYPASS with BYPASS_CONFIG not negotiated";
	bool offered = viommu_offered(&e->v, VIRTIO_IOMMU_F_BYPASS_CONFIG);
	uint32_t dom = fx_domain(e, 0);
	int st, map;

	if (!e->nep) {
		skip("DEV-ATT-2", desc, NO_ENDPOINT);
		return;
	}
	if (!fx_init(e, fx_default_features(&e->v) & ~VIRTIO_BIT(VIRTIO_IOMMU_F_BYPASS_CONFIG),
		      "DEV-ATT-2", desc))
		return;
	st = viommu_attach(&e->v, dom, e->ep[0].id, VIRTIO_IOMMU_ATTACH_F_BYPASS);
	map = map_one(e, dom, 0);
	record("DEV-ATT-2", desc, "ATTACH dom %u ep 0x%x flags 0x1 (BYPASS_CONFIG %s): %s; "
	       "then MAP into dom %u: %s", dom, e->ep[0].id, offered ? "offered, declined" :
	       "not offered", viommu_status_name(st), dom, viommu_status_name(map));
}

/* ATTACH, DETACH of ep alone in dom, then a MAP there: how a domain left empty answers. */
static int empty_domain_map(struct fixture *e, uint32_t dom, uint32_t ep)
{
	int st = viommu_attach(&e->v, dom, ep, 0);

	if (st == VIRTIO_IOMMU_S_OK)
		st = viommu_detach(&e->v, dom, ep);
	return st == VIRTIO_IOMMU_S_OK ? map_one(e, dom, 1) : st;
}

/*
 * A refused ATTACH leaves b unattached (DEV-ATT-4): once a, the domain's only
 * endpoint, leaves, a MAP there is answered as in any domain left empty.
 */
static void refused_not_attached(struct fixture *e, const struct endpoint *a,
				 const struct endpoint *b, uint32_t dom)
{
	struct check c = { .level = MUST, .ids = "DEV-ATT-4" };
	uint32_t other = fx_domain(e, 1);
	int st, after, empty;

	check_desc(&c, "attach: an endpoint refused with S_UNSUPP is not attached");
	if (!fx_need_map(e, c.ids, c.desc))
		return;
	st = viommu_detach(&e->v, dom, a->id);
	after = map_one(e, dom, 0);
	empty = empty_domain_map(e, other, a->id);
	check_sent(&c, "ATTACH dom %u ep 0x%x (S_UNSUPP), DETACH dom %u ep 0x%x (%s), then MAP "
		   "dom %u", dom, b->id, dom, a->id, viommu_status_name(st), dom);
	check_expected(&c, "MAP %s, as in dom %u after ATTACH and DETACH of ep 0x%x alone",
		       viommu_status_name(empty), other, a->id);
	check_observed(&c, "MAP %s", viommu_status_name(after));
	check_end(&c, after == empty);
}

static void shared_domain(struct fixture *e)
{
	const char *desc = "attach: endpoints of two kinds share a domain";
	const struct endpoint *b = fx_other_kind(e);
	uint32_t dom = fx_domain(e, 0);
	int st;

	if (!b) {
		skip("DEV-ATT-4", desc, "needs two endpoints of different kinds (have %u)", e->nep);
		return;
	}
	if (!fx_require(viommu_attach(&e->v, dom, e->ep[0].id, 0), "DEV-ATT-4", desc,
		  "ATTACH dom %u ep 0x%x", dom, e->ep[0].id))
		return;
	st = viommu_attach(&e->v, dom, b->id, 0);
	attach_joined("DEV-ATT-4", desc, st, "ATTACH dom %u ep 0x%x (%s) flags 0x0, dom %u holds ep 0x%x "
	       "(%s)", dom, b->id, b->kind, dom, e->ep[0].id, e->ep[0].kind);
	if (st == VIRTIO_IOMMU_S_UNSUPP)
		refused_not_attached(e, &e->ep[0], b, dom);
}

/* ATTACH_F_BYPASS of the joining endpoint against the kind of the domain. */
static const struct {
	const char *what;
	uint32_t first, then;
} mismatches[] = {
	{ "without the flag to a bypass domain", VIRTIO_IOMMU_ATTACH_F_BYPASS, 0 },
	{ "with the flag to a translated domain", 0, VIRTIO_IOMMU_ATTACH_F_BYPASS },
};

static void bypass_mismatch(struct fixture *e)
{
	const struct endpoint *b = attach_second(e);
	uint32_t dom = fx_domain(e, 0);
	char desc[96];

	for (unsigned int i = 0; i < ARRAY_SIZE(mismatches); i++) {
		snprintf(desc, sizeof(desc), "attach: ATTACH %s is rejected", mismatches[i].what);
		if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_BYPASS_CONFIG)) {
			skip("DEV-ATT-5", desc, "VIRTIO_IOMMU_F_BYPASS_CONFIG not offered");
			continue;
		}
		if (!b) {
			skip("DEV-ATT-5", desc, "needs two endpoints (have %u)", e->nep);
			continue;
		}
		if (!fx_reinit(e, "DEV-ATT-5", desc) ||
		    !fx_require(viommu_attach(&e->v, dom, e->ep[0].id, mismatches[i].first), "DEV-ATT-5",
			  desc, "ATTACH dom %u ep 0x%x flags 0x%x", dom, e->ep[0].id,
			  mismatches[i].first))
			continue;
		check_status(SHOULD, "DEV-ATT-5", desc,
			     viommu_attach(&e->v, dom, b->id, mismatches[i].then),
			     VIRTIO_IOMMU_S_INVAL, "ATTACH dom %u ep 0x%x flags 0x%x, dom %u holds "
			     "ep 0x%x attached with flags 0x%x", dom, b->id, mismatches[i].then, dom,
			     e->ep[0].id, mismatches[i].first);
	}
}

/* Moving acts as DETACH then ATTACH: the old domain, left empty, is gone. */
static void moved(struct fixture *e)
{
	const char *desc = "attach: ATTACH of an attached endpoint to another domain";
	uint32_t d1 = fx_domain(e, 0), d2 = fx_domain(e, 1), ep;
	int st;

	if (!e->nep) {
		skip("DEV-ATT-6", desc, NO_ENDPOINT);
		return;
	}
	if (!fx_need_map(e, "DEV-ATT-6", desc))
		return;
	ep = e->ep[0].id;
	if (!fx_require(viommu_attach(&e->v, d1, ep, 0), "DEV-ATT-6", desc, "ATTACH dom %u ep 0x%x",
		  d1, ep) ||
	    !fx_require(map_one(e, d1, 0), "DEV-ATT-6", desc, "MAP dom %u", d1))
		return;
	st = viommu_attach(&e->v, d2, ep, 0);
	if (st == VIRTIO_IOMMU_S_UNSUPP) {
		record("DEV-ATT-6", desc, "S_UNSUPP (the device cannot move endpoints)");
		return;
	}
	check_status(MUST, "DEV-ATT-6", desc, st, VIRTIO_IOMMU_S_OK,
		     "ATTACH dom %u ep 0x%x, ep attached to dom %u (one mapping)", d2, ep, d1);
	if (st != VIRTIO_IOMMU_S_OK)
		return;
	check_status(SHOULD, "DEV-ATT-6", "attach: the domain a move left empty is gone",
		     map_one(e, d1, 1), VIRTIO_IOMMU_S_NOENT,
		     "MAP dom %u after ep 0x%x moved from it to dom %u", d1, ep, d2);
	check_status(MUST, "DEV-ATT-6,DEV-ATT-8", "attach: a moved endpoint is in its new domain",
		     map_one(e, d2, 0), VIRTIO_IOMMU_S_OK,
		     "MAP dom %u after ep 0x%x moved to it from dom %u", d2, ep, d1);
}

/* Every endpoint: an accepted ATTACH creates the domain, and MAP works in it. */
static void attached(struct fixture *e)
{
	uint32_t dom = fx_domain(e, 0);
	char desc[96];

	if (!e->nep)
		skip("DEV-ATT-8", "attach: an accepted ATTACH attaches", NO_ENDPOINT);
	if (e->nep && !fx_need_map(e, "DEV-ATT-8", "attach: an accepted ATTACH attaches"))
		return;
	for (unsigned int i = 0; i < e->nep; i++) {
		struct check c = { .level = MUST, .ids = "DEV-ATT-8" };
		int st, map;

		snprintf(desc, sizeof(desc), "attach: %s is attached after S_OK", e->ep[i].name);
		if (!fx_reinit(e, c.ids, desc))
			return;
		st = viommu_attach(&e->v, dom, e->ep[i].id, 0);
		map = map_one(e, dom, 0);
		check_desc(&c, "%s", desc);
		check_sent(&c, "ATTACH dom %u ep 0x%x flags 0x0, then MAP dom %u one granule at "
			   "0x%llx", dom, e->ep[i].id, dom, (unsigned long long)fx_iova(e, 0));
		check_expected(&c, "S_OK, then MAP S_OK");
		check_observed(&c, "%s, then MAP %s", viommu_status_name(st), viommu_status_name(map));
		check_end(&c, st == VIRTIO_IOMMU_S_OK && map == VIRTIO_IOMMU_S_OK);
	}
}

const struct test attach_tests[] = {
	{ "attach.reserved", "DEV-ATT-1", reserved_rejected },
	{ "attach.flags", "DEV-ATT-2", flags_rejected },
	{ "attach.bypass_flag_unnegotiated", "DEV-ATT-2", bypass_flag_unnegotiated },
	{ "attach.absent_endpoint", "DEV-ATT-3", absent_endpoint },
	{ "attach.shared_domain", "DEV-ATT-4", shared_domain },
	{ "attach.bypass_mismatch", "DEV-ATT-5", bypass_mismatch },
	{ "attach.move", "DEV-ATT-6,DEV-ATT-8", moved },
	{ "attach.probe_compat", "DEV-ATT-7", attach_probe_compat },
	{ "attach.attached", "DEV-ATT-8", attached },
	{ "attach.domain_range", "DEV-ATT-8,DRV-OPS-5", attach_domain_range },
	{ "attach.domain_range_declined", "DEV-ATT-8,INF-OPS-4,DRV-OPS-5", attach_domain_range_declined },
};
const unsigned int attach_count = ARRAY_SIZE(attach_tests);
