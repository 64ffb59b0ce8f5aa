// SPDX-License-Identifier: MIT
/* 5.13.6.4 MAP: alignment, overlap, flags, domains and input_range. */
#include <stdio.h>
#include <faultline/virtio.h>
#include "tests/fixture.h"

#define READ VIRTIO_IOMMU_MAP_F_READ
#define F(bit) VIRTIO_BIT(VIRTIO_IOMMU_F_##bit)

struct map_args {
	uint32_t dom;
	uint64_t start, end, phys;
	uint32_t flags;
};

#define MAP_ARGS(m) (m).dom, (unsigned long long)(m).start, (unsigned long long)(m).end, \
	(unsigned long long)(m).phys, (m).flags

static uint64_t align_down(uint64_t x, uint64_t g)
{
	return x & ~(g - 1);
}

static int send_map(struct fixture *e, const struct map_args *m)
{
	return viommu_map(&e->v, m->dom, m->start, m->end, m->phys, m->flags);
}

/* A MAP the test builds on; a refusal is reported as a setup failure. */
static bool map_setup(struct fixture *e, const char *ids, const char *desc, const struct map_args *m)
{
	int st = send_map(e, m);

	if (st == VIRTIO_IOMMU_S_OK)
		return true;
	fail_setup(ids, desc, MAP_FMT " answered %s", MAP_ARGS(*m), viommu_status_name(st));
	return false;
}

static bool map_expect(struct fixture *e, enum level level, const char *ids, const char *desc,
		       const struct map_args *m, int expected)
{
	return check_status(level, ids, desc, send_map(e, m), expected, MAP_FMT, MAP_ARGS(*m));
}

static void map_record(struct fixture *e, const char *ids, const char *desc, const struct map_args *m)
{
	record(ids, desc, "%s (sent " MAP_FMT ")", viommu_status_name(send_map(e, m)),
	       MAP_ARGS(*m));
}

/* Offsets in half granules from a two-granule window. */
static const struct {
	const char *what;
	unsigned int start, end, phys;
} misaligned[] = {
	{ "virt_start", 1, 0, 0 },
	{ "phys_start", 0, 0, 1 },
	{ "virt_end + 1", 0, 1, 0 },
};

static void misaligned_rejected(struct fixture *e)
{
	uint64_t g = fx_granule(e), h = g / 2;
	uint32_t dom;
	char desc[96];

	if (g == 1) {
		skip("DEV-MAP-1", "map: misaligned ranges",
		     "granule is 1 byte: nothing is misaligned");
		return;
	}
	if (!fx_attach_ep0(e, "DEV-MAP-1", "map: misaligned ranges", &dom))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(misaligned); i++) {
		uint64_t b = fx_iova(e, 4 * i);
		struct map_args m = { dom, b + misaligned[i].start * h,
				      b + 2 * g - 1 + misaligned[i].end * h,
				      fx_phys(e) + misaligned[i].phys * h, MAP_RW };

		snprintf(desc, sizeof(desc), "map: misaligned %s is rejected with S_RANGE",
			 misaligned[i].what);
		map_expect(e, SHOULD, "DEV-MAP-1", desc, &m, VIRTIO_IOMMU_S_RANGE);
	}
}

/* Granule ranges inside a window: an existing mapping, then the new one. */
static const struct {
	const char *what;
	unsigned int first[2], second[2];
} overlaps[] = {
	{ "a range overlapping the end of a mapping", { 0, 1 }, { 1, 2 } },
	{ "the same range twice", { 0, 1 }, { 0, 1 } },
	{ "a range inside a mapping", { 0, 3 }, { 1, 2 } },
	{ "a range covering a mapping", { 1, 2 }, { 0, 3 } },
};

static void overlap_rejected(struct fixture *e)
{
	uint64_t g = fx_granule(e);
	uint32_t dom;
	char desc[96];

	if (!fx_attach_ep0(e, "DEV-MAP-2", "map: overlapping ranges", &dom))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(overlaps); i++) {
		uint64_t b = fx_iova(e, 8 * i);
		struct map_args m1 = { dom, b + overlaps[i].first[0] * g,
				       b + (overlaps[i].first[1] + 1) * g - 1, fx_phys(e), MAP_RW };
		struct map_args m2 = { dom, b + overlaps[i].second[0] * g,
				       b + (overlaps[i].second[1] + 1) * g - 1, fx_phys(e), MAP_RW };

		snprintf(desc, sizeof(desc), "map: %s is rejected with S_INVAL", overlaps[i].what);
		if (map_setup(e, "DEV-MAP-2", desc, &m1))
			map_expect(e, SHOULD, "DEV-MAP-2", desc, &m2, VIRTIO_IOMMU_S_INVAL);
	}
}

/* Bits the spec does not define; MMIO (bit 2) has its own tests. */
static const uint32_t unknown_flags[] = { READ | 1u << 3, READ | 1u << 31, MAP_RW | 0xfffffff8u };

static void unknown_flags_rejected(struct fixture *e)
{
	uint64_t g = fx_granule(e);
	uint32_t dom;
	char desc[96];

	if (!fx_attach_ep0(e, "DEV-MAP-3", "map: unrecognised flags", &dom))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(unknown_flags); i++) {
		uint64_t b = fx_iova(e, 2 * i);
		struct map_args m = { dom, b, b + g - 1, fx_phys(e), unknown_flags[i] };

		snprintf(desc, sizeof(desc), "map: flags 0x%x are rejected with S_INVAL",
			 unknown_flags[i]);
		map_expect(e, MUST, "DEV-MAP-3", desc, &m, VIRTIO_IOMMU_S_INVAL);
	}
}

static void mmio_negotiated(struct fixture *e)
{
	const char *desc = "map: MAP_F_MMIO succeeds with F_MMIO negotiated";
	uint64_t b = fx_iova(e, 0);
	struct map_args m = { 0, b, b + fx_granule(e) - 1, fx_phys(e),
			      MAP_RW | VIRTIO_IOMMU_MAP_F_MMIO };

	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_MMIO)) {
		skip("DEV-OPS-1", desc, "F_MMIO not offered");
		return;
	}
	if (fx_attach_ep0(e, "DEV-OPS-1", desc, &m.dom))
		map_expect(e, SHOULD, "DEV-OPS-1", desc, &m, VIRTIO_IOMMU_S_OK);
}

/* Is MMIO "unrecognised" when F_MMIO is declined (7.13 #3)?  The spec does not say. */
static void mmio_declined(struct fixture *e)
{
	const char *ids = "DRV-MAP-7,DEV-MAP-3";
	const char *desc = "map: MAP_F_MMIO with F_MMIO not negotiated";
	uint64_t b = fx_iova(e, 0);
	struct map_args m = { 0, b, b + fx_granule(e) - 1, fx_phys(e),
			      MAP_RW | VIRTIO_IOMMU_MAP_F_MMIO };

	if (!fx_init(e, fx_default_features(&e->v) & ~F(MMIO), ids, desc))
		return;
	if (fx_attach_ep0(e, ids, desc, &m.dom))
		map_record(e, ids, desc, &m);
}

static void domain_absent(struct fixture *e)
{
	const char *desc = "map: a domain never attached is answered S_NOENT";
	uint64_t b = fx_iova(e, 0);
	struct map_args m = { fx_domain(e, 1), b, b + fx_granule(e) - 1, fx_phys(e), MAP_RW };

	if (!fx_need_map(e, "DEV-MAP-4", desc))
		return;
	/* Another domain exists when there is an endpoint to attach. */
	if (e->nep)
		viommu_attach(&e->v, fx_domain(e, 0), e->ep[0].id, 0);
	map_expect(e, SHOULD, "DEV-MAP-4", desc, &m, VIRTIO_IOMMU_S_NOENT);
}

/* The driver MUST NOT send virt_end < virt_start; no device reaction is given. */
static void end_before_start(struct fixture *e)
{
	const char *desc = "map: virt_end one below virt_start";
	uint64_t b = fx_iova(e, 1);
	struct map_args m = { 0, b, b - 1, fx_phys(e), MAP_RW };

	if (fx_attach_ep0(e, "DRV-MAP-3", desc, &m.dom))
		map_record(e, "DRV-MAP-3", desc, &m);
}

/* 1-byte mappings are legal with bit 0 of page_size_mask, yet DRV-MAP-3 forbids them. */
static void one_byte(struct fixture *e)
{
	const char *ids = "INF-MAP-3,DRV-MAP-3";
	char desc[96];
	uint64_t b = fx_iova(e, 0);
	struct map_args m = { 0, b, b, fx_phys(e), MAP_RW };

	snprintf(desc, sizeof(desc), "map: virt_end == virt_start (granule 0x%llx)",
		 (unsigned long long)fx_granule(e));
	if (fx_attach_ep0(e, ids, desc, &m.dom))
		map_record(e, ids, desc, &m);
}

/*
 * The first and last granule of input_range map.  With INPUT_RANGE declined
 * the whole 64-bit space is valid (INF-OPS-4), so they must map as well.
 */
static void inside_rows(struct fixture *e, bool negotiated)
{
	static const char *const what[2] = { "first", "last" };
	uint64_t g = fx_granule(e), start = e->v.cfg.input_start, end = e->v.cfg.input_end;
	uint64_t at[2] = { align_down(start + g - 1, g), align_down(end - (g - 1), g) };
	const char *feat = negotiated ? "" : " with INPUT_RANGE declined";
	char desc[96];
	uint32_t dom;

	if (end < start || end - start < 2 * g - 1) {
		skip("DEV-OPS-1", "map: inside input_range", "input_range [0x%llx, 0x%llx] "
		     "holds fewer than two granules", (unsigned long long)start,
		     (unsigned long long)end);
		return;
	}
	if (!fx_attach_ep0(e, "DEV-OPS-1", "map: inside input_range", &dom))
		return;
	for (unsigned int i = 0; i < 2; i++) {
		struct map_args m = { dom, at[i], at[i] + g - 1, fx_phys(e), MAP_RW };

		snprintf(desc, sizeof(desc), "map: %s granule of input_range succeeds%s", what[i], feat);
		if (map_expect(e, SHOULD, negotiated ? "DEV-OPS-1" : "DEV-OPS-1,INF-OPS-4", desc, &m,
			       VIRTIO_IOMMU_S_OK))
			viommu_unmap(&e->v, dom, m.start, m.end);
	}
}

static void input_range_inside(struct fixture *e)
{
	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_INPUT_RANGE)) {
		skip("DEV-OPS-1", "map: inside input_range", "INPUT_RANGE not negotiated (%s)",
		     viommu_offered(&e->v, VIRTIO_IOMMU_F_INPUT_RANGE) ? "offered" : "not offered");
		return;
	}
	inside_rows(e, true);
}

static void input_range_inside_declined(struct fixture *e)
{
	const char *desc = "map: inside input_range with INPUT_RANGE declined";

	if (!viommu_offered(&e->v, VIRTIO_IOMMU_F_INPUT_RANGE)) {
		skip("DEV-OPS-1,INF-OPS-4", desc, "INPUT_RANGE not offered");
		return;
	}
	if (fx_init(e, fx_default_features(&e->v) & ~F(INPUT_RANGE), "DEV-OPS-1,INF-OPS-4", desc))
		inside_rows(e, false);
}

/* Ranges in granules from the granule boundary at or below the start, above the end. */
enum edge { EDGE_START, EDGE_END };

static const struct {
	const char *what;
	enum edge edge;
	int first, last;
} outside[] = {
	{ "wholly below input_range.start", EDGE_START, -1, -1 },
	{ "straddling input_range.start", EDGE_START, -1, 0 },
	{ "straddling input_range.end", EDGE_END, -1, 0 },
	{ "wholly above input_range.end", EDGE_END, 0, 0 },
};

/* Fills m's range for row i; returns why the row cannot be built, or NULL. */
static const char *outside_range(const struct fixture *e, unsigned int i, struct map_args *m)
{
	uint64_t g = fx_granule(e), a;

	if (outside[i].edge == EDGE_START) {
		a = align_down(e->v.cfg.input_start, g);
		if (!e->v.cfg.input_start)
			return "input_range.start is 0";
		if (a < g)
			return "less than a granule below input_range.start";
	} else {
		a = align_down(e->v.cfg.input_end, g) + g;
		if (!a)
			return "input_range.end is 2^64-1";
	}
	m->start = a + (uint64_t)outside[i].first * g;
	m->end = a + (uint64_t)(outside[i].last + 1) * g - 1;
	return NULL;
}

static void check_fails(const char *desc, int st, const struct map_args *m)
{
	struct check c = { .level = DESCR, .ids = "INF-OPS-2" };

	check_desc(&c, "%s", desc);
	check_sent(&c, MAP_FMT, MAP_ARGS(*m));
	check_expected(&c, "any status but S_OK");
	check_observed(&c, "%s", viommu_status_name(st));
	check_end(&c, st != VIRTIO_IOMMU_S_OK);
}

/* INPUT_RANGE takes effect when offered or when negotiated? 7.13 #2: record the latter. */
static void outside_rows(struct fixture *e, bool negotiated, const char *ids)
{
	uint32_t dom;
	char desc[112];

	if (!fx_attach_ep0(e, ids, "map: outside input_range", &dom))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(outside); i++) {
		struct map_args m = { dom, 0, 0, fx_phys(e), MAP_RW };
		const char *why = outside_range(e, i, &m);
		int st;

		snprintf(desc, sizeof(desc), "map: %s %s", outside[i].what,
			 negotiated ? "fails" : "with INPUT_RANGE declined");
		if (why) {
			skip(ids, desc, "%s (input_range [0x%llx, 0x%llx])", why,
			     (unsigned long long)e->v.cfg.input_start,
			     (unsigned long long)e->v.cfg.input_end);
			continue;
		}
		st = send_map(e, &m);
		if (negotiated)
			check_fails(desc, st, &m);
		else
			record(ids, desc, "%s (sent " MAP_FMT ")", viommu_status_name(st),
			       MAP_ARGS(m));
		if (st == VIRTIO_IOMMU_S_OK)
			viommu_unmap(&e->v, dom, m.start, m.end);
	}
}

static void input_range_outside(struct fixture *e)
{
	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_INPUT_RANGE)) {
		skip("INF-OPS-2", "map: outside input_range", "INPUT_RANGE not offered");
		return;
	}
	outside_rows(e, true, "INF-OPS-2");
}

static void input_range_outside_declined(struct fixture *e)
{
	const char *ids = "INF-OPS-2,DRV-OPS-4";
	const char *desc = "map: outside input_range with INPUT_RANGE declined";

	if (!viommu_offered(&e->v, VIRTIO_IOMMU_F_INPUT_RANGE)) {
		skip(ids, desc, "INPUT_RANGE not offered");
		return;
	}
	if (fx_init(e, fx_default_features(&e->v) & ~F(INPUT_RANGE), ids, desc))
		outside_rows(e, false, ids);
}

/*
 * MAP and UNMAP exist only with MAP_UNMAP negotiated (INF-MAP-2).  No status is
 * given (7.13 #3), so any refusal passes (a status other than S_OK, or used
 * length 0); a MAP that takes effect contradicts the description.
 */
static void unnegotiated(struct fixture *e)
{
	const char *desc = "map: MAP and UNMAP with MAP_UNMAP declined";
	uint64_t b = fx_iova(e, 0);
	struct map_args m = { fx_domain(e, 0), b, b + fx_granule(e) - 1, fx_phys(e), MAP_RW };
	int st;

	if (!e->nep) {
		skip("INF-MAP-2", desc, "no endpoint behind the virtio-iommu");
		return;
	}
	if (!fx_init(e, fx_default_features(&e->v) & ~F(MAP_UNMAP), "INF-MAP-2", desc) ||
	    !fx_require(viommu_attach(&e->v, m.dom, e->ep[0].id, 0), "INF-MAP-2", desc,
			 "ATTACH dom %u ep 0x%x", m.dom, e->ep[0].id))
		return;
	st = send_map(e, &m);
	check_that(DESCR, "INF-MAP-2", st != VIRTIO_IOMMU_S_OK,
		   "map: MAP is refused with MAP_UNMAP declined", "any status but S_OK",
		   "%s (sent " MAP_FMT ")", viommu_status_name(st), MAP_ARGS(m));
	record("INF-MAP-2", desc, "UNMAP of it %s",
	       viommu_status_name(viommu_unmap(&e->v, m.dom, m.start, m.end)));
}

const struct test map_tests[] = {
	{ "map.misaligned", "DEV-MAP-1", misaligned_rejected },
	{ "map.overlap", "DEV-MAP-2", overlap_rejected },
	{ "map.unknown_flags", "DEV-MAP-3", unknown_flags_rejected },
	{ "map.mmio", "DEV-OPS-1", mmio_negotiated },
	{ "map.mmio_declined", "DRV-MAP-7,DEV-MAP-3", mmio_declined },
	{ "map.domain_absent", "DEV-MAP-4", domain_absent },
	{ "map.end_before_start", "DRV-MAP-3", end_before_start },
	{ "map.one_byte", "INF-MAP-3,DRV-MAP-3", one_byte },
	{ "map.input_range_inside", "DEV-OPS-1", input_range_inside },
	{ "map.input_range_inside_declined", "DEV-OPS-1,INF-OPS-4", input_range_inside_declined },
	{ "map.input_range_outside", "INF-OPS-2", input_range_outside },
	{ "map.input_range_outside_declined", "INF-OPS-2,DRV-OPS-4", input_range_outside_declined },
	{ "map.unnegotiated", "INF-MAP-2", unnegotiated },
};
const unsigned int map_count = ARRAY_SIZE(map_tests);
