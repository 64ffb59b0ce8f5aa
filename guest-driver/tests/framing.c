// SPDX-License-Identifier: MIT
/* 5.13.6 Device operations: request framing, head and tail. */
#include <stdio.h>
#include <string.h>
#include "tests/fixture.h"

#define POISON 0xa5
#define DOMAIN 1
#define NO_DOMAIN 0xfffffff0u
#define IOVA 0x100000ull

/* A request big enough for any fixed-size type, tail included. */
union req {
	struct virtio_iommu_req_head head;
	struct virtio_iommu_req_attach attach;
	struct virtio_iommu_req_detach detach;
	struct virtio_iommu_req_map map;
	struct virtio_iommu_req_unmap unmap;
	uint8_t raw[48];
};

/* One step of a sequence that returns the device to where it started. */
struct step {
	const char *what;
	bool needs_endpoint;
	bool needs_map;		/* MAP or UNMAP: only with MAP_UNMAP negotiated */
	size_t (*build)(const struct fixture *e, union req *r);	/* returns readable bytes */
};

static uint32_t ep0(const struct fixture *e)
{
	return e->nep ? e->ep[0].id : ENDPOINT_ABSENT;
}

static size_t attach(const struct fixture *e, union req *r)
{
	viommu_attach_req(&r->attach, DOMAIN, ep0(e), 0);
	return offsetof(struct virtio_iommu_req_attach, tail);
}

static size_t map(const struct fixture *e, union req *r)
{
	(void)e;
	viommu_map_req(&r->map, DOMAIN, IOVA, IOVA + 0xfff, IOVA,
		       VIRTIO_IOMMU_MAP_F_READ | VIRTIO_IOMMU_MAP_F_WRITE);
	return offsetof(struct virtio_iommu_req_map, tail);
}

static size_t unmap(const struct fixture *e, union req *r)
{
	(void)e;
	viommu_unmap_req(&r->unmap, DOMAIN, IOVA, IOVA + 0xfff);
	return offsetof(struct virtio_iommu_req_unmap, tail);
}

static size_t detach(const struct fixture *e, union req *r)
{
	viommu_detach_req(&r->detach, DOMAIN, ep0(e));
	return offsetof(struct virtio_iommu_req_detach, tail);
}

static size_t attach_absent(const struct fixture *e, union req *r)
{
	(void)e;
	viommu_attach_req(&r->attach, DOMAIN, ENDPOINT_ABSENT, 0);
	return offsetof(struct virtio_iommu_req_attach, tail);
}

static size_t map_no_domain(const struct fixture *e, union req *r)
{
	(void)e;
	viommu_map_req(&r->map, NO_DOMAIN, IOVA, IOVA + 0xfff, IOVA, VIRTIO_IOMMU_MAP_F_READ);
	return offsetof(struct virtio_iommu_req_map, tail);
}

static const struct step steps[] = {
	{ "ATTACH", true, false, attach },
	{ "MAP", true, true, map },
	{ "UNMAP", true, true, unmap },
	{ "DETACH", true, false, detach },
	{ "ATTACH to an absent endpoint", false, false, attach_absent },
	{ "MAP to an absent domain", false, true, map_no_domain },
};

/* Why step s cannot run on this device, or NULL. */
static const char *unusable(const struct fixture *e, const struct step *s)
{
	if (s->needs_endpoint && !e->nep)
		return "no endpoint behind the virtio-iommu";
	if (s->needs_map && !viommu_negotiated(&e->v, VIRTIO_IOMMU_F_MAP_UNMAP))
		return "VIRTIO_IOMMU_F_MAP_UNMAP not negotiated";
	return NULL;
}

/* Sends one step with head.reserved and the tail preset; returns the status. */
static int send_step(struct fixture *e, const struct step *s, uint8_t head_rsv, uint8_t tail_fill,
		     union req *r)
{
	size_t out;

	memset(r, 0, sizeof(*r));
	out = s->build(e, r);
	memset(r->head.reserved, head_rsv, sizeof(r->head.reserved));
	memset(r->raw + out, tail_fill, sizeof(struct virtio_iommu_req_tail));
	return viommu_send(&e->v, r, out, sizeof(struct virtio_iommu_req_tail), NULL);
}

static void head_reserved_ignored(struct fixture *e)
{
	int plain[ARRAY_SIZE(steps)];
	const char *why;
	union req r;
	char desc[96];

	for (unsigned int i = 0; i < ARRAY_SIZE(steps); i++)
		plain[i] = send_step(e, &steps[i], 0, 0, &r);
	for (unsigned int i = 0; i < ARRAY_SIZE(steps); i++) {
		snprintf(desc, sizeof(desc), "framing: %s ignores head.reserved", steps[i].what);
		why = unusable(e, &steps[i]);
		if (why) {
			skip("DEV-OPS-3", desc, "%s", why);
			continue;
		}
		check_status(MUST, "DEV-OPS-3", desc, send_step(e, &steps[i], 0xff, 0, &r),
			     plain[i], "%s with head.reserved ff ff ff (zeroed: %s)",
			     steps[i].what, viommu_status_name(plain[i]));
	}
}

static void tail_reserved_zeroed(struct fixture *e)
{
	const char *why;
	union req r;
	char desc[96];

	for (unsigned int i = 0; i < ARRAY_SIZE(steps); i++) {
		const uint8_t *tail;
		size_t out;
		int st;

		snprintf(desc, sizeof(desc), "framing: %s zeroes tail.reserved", steps[i].what);
		why = unusable(e, &steps[i]);
		if (why) {
			skip("DEV-OPS-4", desc, "%s", why);
			continue;
		}
		st = send_step(e, &steps[i], 0, 0xff, &r);
		out = steps[i].build(e, &(union req){ 0 });
		tail = r.raw + out;
		check_that(SHOULD, "DEV-OPS-4", st >= 0 && !tail[1] && !tail[2] && !tail[3], desc,
			   "tail.reserved 00 00 00", "%s, tail %02x %02x %02x %02x",
			   viommu_status_name(st), tail[0], tail[1], tail[2], tail[3]);
	}
}

/* Types the spec does not assign; 6-8 are taken only by drafts. */
static const uint8_t unknown_types[] = { 0, 6, 7, 8, 9, 0x7f, 0xff };

static void unknown_type(struct fixture *e)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(unknown_types); i++) {
		uint8_t buf[24] = { unknown_types[i] };
		uint8_t *tail = buf + 20;
		uint32_t used = 0;
		char desc[80];
		int st;

		memset(tail, POISON, 4);
		st = viommu_send(&e->v, buf, 20, 4, &used);
		snprintf(desc, sizeof(desc), "framing: unknown type %u is returned unwritten",
			 unknown_types[i]);
		check_that(SHOULD, "DEV-OPS-2",
			   used == 0 && tail[0] == POISON && tail[1] == POISON && tail[2] == POISON &&
			   tail[3] == POISON, desc, "used length 0, tail a5 a5 a5 a5",
			   "%s, used length %u, tail %02x %02x %02x %02x", viommu_status_name(st),
			   used, tail[0], tail[1], tail[2], tail[3]);
		if (st < 0 && st != VIOMMU_E_USED0)
			viommu_init(&e->v, e->t, e->v.negotiated);
	}
}

/* Requests too short to parse, described in 5.13.6: returned unwritten. */
static const struct {
	const char *what;
	size_t out, in;
} truncated[] = {
	{ "2-byte request with no writable part", 2, 0 },
	{ "MAP cut to 20 readable bytes", 20, 4 },
	{ "ATTACH with a 2-byte writable part", 20, 2 },
};

static void truncated_requests(struct fixture *e)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(truncated); i++) {
		uint8_t buf[48];
		uint8_t *in = buf + truncated[i].out;
		uint32_t used = 0;
		char desc[96];
		bool intact = true;
		int st;

		memset(buf, 0, sizeof(buf));
		buf[0] = i == 1 ? VIRTIO_IOMMU_T_MAP : VIRTIO_IOMMU_T_ATTACH;
		memset(in, POISON, truncated[i].in);
		st = viommu_send(&e->v, buf, truncated[i].out, truncated[i].in, &used);
		for (size_t k = 0; k < truncated[i].in; k++)
			intact &= in[k] == POISON;
		snprintf(desc, sizeof(desc), "framing: %s is returned unwritten", truncated[i].what);
		check_that(DESCR, "INF-OPS-1", used == 0 && intact && st == VIOMMU_E_USED0, desc,
			   "returned with used length 0, writable bytes untouched",
			   "%s, used length %u, writable part %s", viommu_status_name(st), used,
			   intact ? "untouched" : "written");
		if (st != VIOMMU_E_USED0)
			viommu_init(&e->v, e->t, e->v.negotiated);
	}
}

const struct test framing_tests[] = {
	{ "framing.unknown_type", "DEV-OPS-2", unknown_type },
	{ "framing.head_reserved_ignored", "DEV-OPS-3", head_reserved_ignored },
	{ "framing.tail_reserved_zeroed", "DEV-OPS-4", tail_reserved_zeroed },
	{ "framing.truncated", "INF-OPS-1", truncated_requests },
};
const unsigned int framing_count = ARRAY_SIZE(framing_tests);
