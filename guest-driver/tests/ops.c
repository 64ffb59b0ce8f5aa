// SPDX-License-Identifier: MIT
/* 5.13.6 Device operations: S_OK on success; domains and IOVAs without the range features. */
#include <stdio.h>
#include <faultline/virtio.h>
#include "tests/fixture.h"

#define F(bit) VIRTIO_BIT(VIRTIO_IOMMU_F_##bit)
/* The largest properties area this test offers a PROBE. */
#define PROBE_MAX 4096

static int send_map(struct fixture *e, uint32_t dom, uint64_t start, char *sent, size_t size)
{
	uint64_t end = start + fx_granule(e) - 1;

	snprintf(sent, size, MAP_FMT, dom, (unsigned long long)start, (unsigned long long)end,
		 (unsigned long long)fx_phys(e), MAP_RW);
	return viommu_map(&e->v, dom, start, end, fx_phys(e), MAP_RW);
}

static int send_attach(struct fixture *e, uint32_t dom, char *sent, size_t size)
{
	snprintf(sent, size, "ATTACH dom %u ep 0x%x flags 0x0", dom, e->ep[0].id);
	return viommu_attach(&e->v, dom, e->ep[0].id, 0);
}

static const char *probe_unusable(const struct fixture *e)
{
	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_PROBE))
		return "F_PROBE not offered";
	if (e->v.cfg.probe_size > PROBE_MAX)
		return "probe_size larger than the test's buffer";
	return NULL;
}

static const char *map_unusable(const struct fixture *e)
{
	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_MAP_UNMAP))
		return "VIRTIO_IOMMU_F_MAP_UNMAP not negotiated";
	return NULL;
}

static int op_probe(struct fixture *e, char *sent, size_t size)
{
	uint8_t props[PROBE_MAX];

	snprintf(sent, size, "PROBE ep 0x%x with a %u-byte properties area", e->ep[0].id,
		 e->v.cfg.probe_size);
	return viommu_probe(&e->v, e->ep[0].id, props, e->v.cfg.probe_size, NULL);
}

static int op_attach(struct fixture *e, char *sent, size_t size)
{
	return send_attach(e, fx_domain(e, 0), sent, size);
}

static int op_map(struct fixture *e, char *sent, size_t size)
{
	return send_map(e, fx_domain(e, 0), fx_iova(e, 0), sent, size);
}

static int op_unmap(struct fixture *e, char *sent, size_t size)
{
	uint32_t dom = fx_domain(e, 0);
	uint64_t start = fx_iova(e, 0), end = start + fx_granule(e) - 1;

	snprintf(sent, size, "UNMAP dom %u [0x%llx, 0x%llx]", dom, (unsigned long long)start,
		 (unsigned long long)end);
	return viommu_unmap(&e->v, dom, start, end);
}

static int op_detach(struct fixture *e, char *sent, size_t size)
{
	uint32_t dom = fx_domain(e, 0);

	snprintf(sent, size, "DETACH dom %u ep 0x%x", dom, e->ep[0].id);
	return viommu_detach(&e->v, dom, e->ep[0].id);
}

/* One valid request of each type, in an order where each can succeed. */
static const struct {
	const char *type;
	const char *(*unusable)(const struct fixture *e);	/* why it cannot run, or NULL */
	int (*send)(struct fixture *e, char *sent, size_t size);
} ops[] = {
	{ "PROBE", probe_unusable, op_probe },
	{ "ATTACH", NULL, op_attach },
	{ "MAP", map_unusable, op_map },
	{ "UNMAP", map_unusable, op_unmap },
	{ "DETACH", NULL, op_detach },
};

static void success_is_ok(struct fixture *e)
{
	char desc[64], sent[128];

	if (!e->nep) {
		skip("DEV-OPS-1", "ops: successful requests",
		     "no endpoint behind the virtio-iommu");
		return;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(ops); i++) {
		const char *why = ops[i].unusable ? ops[i].unusable(e) : NULL;

		snprintf(desc, sizeof(desc), "ops: a successful %s reports S_OK", ops[i].type);
		if (why) {
			skip("DEV-OPS-1", desc, "%s", why);
			continue;
		}
		check_status(SHOULD, "DEV-OPS-1", desc, ops[i].send(e, sent, sizeof(sent)),
			     VIRTIO_IOMMU_S_OK, "%s", sent);
	}
}

/* The edges of the u32 domain space and of the 64-bit IOVA space. */
static const struct {
	const char *what;
	unsigned int feature;	/* the range feature that would limit it */
	uint32_t domain;	/* ATTACH */
	bool map, top;		/* MAP the first or the last granule */
} edges[] = {
	{ "ATTACH domain 0 without DOMAIN_RANGE", VIRTIO_IOMMU_F_DOMAIN_RANGE, 0, false, false },
	{ "ATTACH domain 0xffffffff without DOMAIN_RANGE", VIRTIO_IOMMU_F_DOMAIN_RANGE,
	  0xffffffffu, false, false },
	{ "MAP IOVA 0 without INPUT_RANGE", VIRTIO_IOMMU_F_INPUT_RANGE, 0, true, false },
	{ "MAP ending at 2^64-1 without INPUT_RANGE", VIRTIO_IOMMU_F_INPUT_RANGE, 0, true, true },
};

/* Where the ATTACH rows left ep[0], and the domain the MAP rows use. */
struct edge_state {
	uint32_t dom;
	bool attached;
	bool map_ready;		/* ep[0] is alone in fx_domain(e, 0), inside any range */
};

/*
 * The MAP rows need a domain of their own: an ATTACH row may have been
 * refused (a range offered, declined) or have left ep[0] at an edge.
 */
static bool map_domain(struct fixture *e, struct edge_state *s, const char *desc)
{
	uint32_t dom = fx_domain(e, 0), ep = e->ep[0].id;

	if (s->map_ready)
		return true;
	if (!fx_need_map(e, "INF-OPS-4", desc))
		return false;
	if (s->attached && !fx_require(viommu_detach(&e->v, s->dom, ep), "INF-OPS-4", desc,
					"DETACH dom %u ep 0x%x", s->dom, ep))
		return false;
	s->attached = false;
	if (!fx_require(viommu_attach(&e->v, dom, ep, 0), "INF-OPS-4", desc,
			 "ATTACH dom %u ep 0x%x", dom, ep))
		return false;
	*s = (struct edge_state){ dom, true, true };
	return true;
}

/* Sends row i: an ATTACH moves ep[0] to its domain, a MAP goes to s->dom. */
static int send_edge(struct fixture *e, unsigned int i, struct edge_state *s, char *sent,
		     size_t size)
{
	uint64_t top = -fx_granule(e);
	int st;

	if (edges[i].map)
		return send_map(e, s->dom, edges[i].top ? top : 0, sent, size);
	st = send_attach(e, edges[i].domain, sent, size);
	if (st == VIRTIO_IOMMU_S_OK)
		*s = (struct edge_state){ edges[i].domain, true, false };
	return st;
}

/*
 * INF-OPS-4 speaks of the features not offered; this device offers them, so
 * declining them can only be recorded ("offered" versus "negotiated", 7.13 #2).
 */
static void edge_verdict(const struct fixture *e, unsigned int i, int st, const char *sent)
{
	char ops_desc[80];

	snprintf(ops_desc, sizeof(ops_desc), "ops: %s", edges[i].what);
	if (!viommu_offered(&e->v, edges[i].feature)) {
		check_status(DESCR, "INF-OPS-4", ops_desc, st, VIRTIO_IOMMU_S_OK, "%s", sent);
		return;
	}
	if (edges[i].feature == VIRTIO_IOMMU_F_DOMAIN_RANGE)
		record("INF-OPS-4", ops_desc, "%s (DOMAIN_RANGE [%u, %u] offered, declined; "
		       "sent %s)", viommu_status_name(st), e->v.cfg.domain_start,
		       e->v.cfg.domain_end, sent);
	else
		record("INF-OPS-4", ops_desc, "%s (INPUT_RANGE [0x%llx, 0x%llx] offered, declined; "
		       "sent %s)", viommu_status_name(st), (unsigned long long)e->v.cfg.input_start,
		       (unsigned long long)e->v.cfg.input_end, sent);
}

static void full_ranges(struct fixture *e)
{
	const char *desc = "ops: full domain and IOVA spaces without the range features";
	struct edge_state s = { 0 };
	char sent[128];

	if (!e->nep) {
		skip("INF-OPS-4", desc, "no endpoint behind the virtio-iommu");
		return;
	}
	if (!fx_init(e, fx_default_features(&e->v) & ~(F(INPUT_RANGE) | F(DOMAIN_RANGE)),
		      "INF-OPS-4", desc))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(edges); i++) {
		if (edges[i].map && !map_domain(e, &s, desc))
			return;
		edge_verdict(e, i, send_edge(e, i, &s, sent, sizeof(sent)), sent);
	}
}

const struct test ops_tests[] = {
	{ "ops.success_is_ok", "DEV-OPS-1", success_is_ok },
	{ "ops.full_ranges", "INF-OPS-4", full_ranges },
};
const unsigned int ops_count = ARRAY_SIZE(ops_tests);
