// SPDX-License-Identifier: MIT
/*
 * 2.7.4 Message framing: the device makes no assumption about how a request
 * is split into descriptors (GEN-1).  The same requests go out in several
 * layouts; each must be answered as the plain layout is.
 */
#include <stdio.h>
#include <string.h>
#include <faultline/rt.h>
#include "harness/tap.h"
#include "tests/fixture.h"

#define POISON 0xa5
#define TAIL sizeof(struct virtio_iommu_req_tail)
#define MAX_CUTS 3

/*
 * Where a request is cut into descriptors.  Readable cuts count from the
 * start of the request, ascending; writable cuts count back from the end
 * of the writable part, descending, so "4" separates the tail.  Cuts that
 * fall outside a request are ignored.
 */
struct layout {
	const char *what;
	uint32_t out[MAX_CUTS];
	uint32_t in[MAX_CUTS];
	bool indirect;
};

static const struct layout plain = {
	"one readable and one writable descriptor", { 0 }, { 0 }, false
};

static const struct layout split[] = {
	{ "head, body and tail in separate descriptors", { 4 }, { 4 }, false },
	{ "body split at odd offset 9 across 2 descriptors", { 4, 9 }, { 4 }, false },
	{ "head cut at 3, body across 3 descriptors at odd offsets 11 and 17, tail 1+3",
	  { 3, 11, 17 }, { 101, 4, 3 }, false },
};

static const struct layout indirect[] = {
	{ "one readable and one writable descriptor in an indirect table", { 0 }, { 0 }, true },
	{ "odd splits in an indirect table", { 3, 11, 17 }, { 101, 4, 3 }, true },
};

/* The requests, in an order that returns the device to where it started. */
enum { R_ATTACH, R_MAP, R_UNMAP, R_DETACH, R_PROBE, NREQ };
static const char *const names[NREQ] = { "ATTACH", "MAP", "UNMAP", "DETACH", "PROBE" };

union req {
	struct virtio_iommu_req_attach attach;
	struct virtio_iommu_req_detach detach;
	struct virtio_iommu_req_map map;
	struct virtio_iommu_req_unmap unmap;
	struct virtio_iommu_req_probe probe;
	uint8_t raw[sizeof(struct virtio_iommu_req_probe)];
};

struct outcome {
	int status[NREQ];
	uint32_t used[NREQ];
	uint8_t *area;		/* PROBE's writable part: probe_size bytes and the tail */
};

static unsigned int nreq(const struct fixture *e)
{
	return viommu_negotiated(&e->v, VIRTIO_IOMMU_F_PROBE) ? NREQ : NREQ - 1;
}

/* Builds request k; returns its readable length. */
static uint32_t build(const struct fixture *e, unsigned int k, union req *r)
{
	uint32_t dom = fx_domain(e, 0), ep = e->ep[0].id;
	uint64_t iova = fx_iova(e, 0), last = iova + fx_granule(e) - 1;

	memset(r, 0, sizeof(*r));
	switch (k) {
	case R_ATTACH:
		viommu_attach_req(&r->attach, dom, ep, 0);
		return offsetof(struct virtio_iommu_req_attach, tail);
	case R_MAP:
		viommu_map_req(&r->map, dom, iova, last, iova, VIRTIO_IOMMU_MAP_F_READ);
		return offsetof(struct virtio_iommu_req_map, tail);
	case R_UNMAP:
		viommu_unmap_req(&r->unmap, dom, iova, last);
		return offsetof(struct virtio_iommu_req_unmap, tail);
	case R_DETACH:
		viommu_detach_req(&r->detach, dom, ep);
		return offsetof(struct virtio_iommu_req_detach, tail);
	}
	r->probe.head.type = VIRTIO_IOMMU_T_PROBE;
	r->probe.endpoint = le32_of(ep);
	return sizeof(r->probe);
}

/* Splits buf[0, len) at the ascending offsets at[]; returns the segments. */
static unsigned int cut(struct vq_seg *seg, uint8_t *buf, uint32_t len, const uint32_t *at)
{
	uint32_t from = 0;
	unsigned int n = 0;

	for (unsigned int i = 0; i < MAX_CUTS; i++) {
		if (at[i] <= from || at[i] >= len)
			continue;
		seg[n++] = (struct vq_seg){ buf + from, at[i] - from };
		from = at[i];
	}
	seg[n++] = (struct vq_seg){ buf + from, len - from };
	return n;
}

static void send(struct fixture *e, const struct layout *l, unsigned int k, struct outcome *o)
{
	uint8_t tail[TAIL], *in = k == R_PROBE ? o->area : tail;
	uint32_t in_len = k == R_PROBE ? e->v.cfg.probe_size + TAIL : TAIL, at[MAX_CUTS];
	struct viommu_req req = { .indirect = l->indirect };
	union req r;
	int err;

	for (unsigned int i = 0; i < MAX_CUTS; i++)
		at[i] = l->in[i] && l->in[i] < in_len ? in_len - l->in[i] : 0;
	req.nout = cut(req.out, r.raw, build(e, k, &r), l->out);
	memset(in, POISON, in_len);
	req.nin = cut(req.in, in, in_len, at);
	err = viommu_submit(&e->v, &req, 1);
	o->used[k] = req.used_len;
	o->status[k] = err ? err : req.used_len ? in[in_len - TAIL] : VIOMMU_E_USED0;
	if (err == VIOMMU_E_TIMEOUT || err == VIOMMU_E_NEEDS_RESET)
		viommu_init(&e->v, e->t, e->v.negotiated);
}

static bool run(struct fixture *e, const struct layout *l, struct outcome *o)
{
	o->area = rt_alloc(e->v.cfg.probe_size + TAIL, 8);
	if (!o->area)
		return false;
	for (unsigned int k = 0; k < nreq(e); k++)
		send(e, l, k, o);
	return true;
}

/* "ATTACH S_OK/4 MAP S_OK/4 ..." */
static void outcome_str(const struct fixture *e, const struct outcome *o, char *s, size_t n)
{
	size_t len = 0;

	s[0] = '\0';
	for (unsigned int k = 0; k < nreq(e) && len < n; k++)
		len += snprintf(s + len, n - len, "%s%s %s/%u", k ? " " : "", names[k],
				viommu_status_name(o->status[k]), o->used[k]);
}

/* Same statuses and used lengths, and the same properties; *at: first differing byte. */
static bool same(const struct fixture *e, const struct outcome *a, const struct outcome *b,
		 uint32_t *at)
{
	uint32_t size = nreq(e) == NREQ ? e->v.cfg.probe_size : 0;
	bool eq = true;

	for (unsigned int k = 0; k < nreq(e); k++)
		eq &= a->status[k] == b->status[k] && a->used[k] == b->used[k];
	for (*at = 0; *at < size && a->area[*at] == b->area[*at]; ++*at)
		;
	return eq && *at == size;
}

/* ", cut at 3 11 17" or "" */
static size_t list_cuts(char *s, size_t n, const char *what, const uint32_t *at)
{
	size_t len = 0;

	for (unsigned int i = 0; i < MAX_CUTS && at[i] && len < n; i++)
		len += snprintf(s + len, n - len, "%s%u", i ? " " : what, at[i]);
	return len < n ? len : n - 1;
}

static void cuts_str(const struct layout *l, char *s, size_t n)
{
	size_t len = snprintf(s, n, "%s", l->indirect ? "in an indirect table" : "in the ring");

	len += list_cuts(s + len, n - len, ", readable part cut at ", l->out);
	list_cuts(s + len, n - len, ", writable part cut at bytes from its end ", l->in);
}

static void check_layout(struct fixture *e, const struct layout *l, const struct outcome *base)
{
	struct check c = { .level = MUST, .ids = "GEN-1" };
	struct outcome o;
	uint32_t at;
	char cuts[112];
	bool eq;

	check_desc(&c, "descriptors: %s", l->what);
	if (!run(e, l, &o)) {
		fail_setup("GEN-1", c.desc, "no memory for the PROBE area");
		return;
	}
	cuts_str(l, cuts, sizeof(cuts));
	check_sent(&c, "%s: %s", nreq(e) == NREQ ? "ATTACH, MAP, UNMAP, DETACH, PROBE" :
		   "ATTACH, MAP, UNMAP, DETACH (no F_PROBE)", cuts);
	outcome_str(e, base, c.expected, sizeof(c.expected));
	outcome_str(e, &o, c.observed, sizeof(c.observed));
	eq = same(e, base, &o, &at);
	if (!eq && nreq(e) == NREQ && at < e->v.cfg.probe_size)
		snprintf(c.observed + strlen(c.observed), sizeof(c.observed) - strlen(c.observed),
			 "; PROBE properties differ at +%u", at);
	check_end(&c, eq);
}

static void check_layouts(struct fixture *e, const struct layout *ls, unsigned int n)
{
	struct outcome base;
	char desc[112], seen[160];

	if (!e->nep || !run(e, &plain, &base)) {
		for (unsigned int i = 0; i < n; i++) {
			snprintf(desc, sizeof(desc), "descriptors: %s", ls[i].what);
			skip("GEN-1", desc, "%s", e->nep ? "no memory for the PROBE area" :
			     "no endpoint behind the virtio-iommu");
		}
		return;
	}
	outcome_str(e, &base, seen, sizeof(seen));
	tap_diag("%s: %s", plain.what, seen);
	for (unsigned int i = 0; i < n; i++)
		check_layout(e, &ls[i], &base);
}

static void split_layouts(struct fixture *e)
{
	check_layouts(e, split, ARRAY_SIZE(split));
}

static void indirect_layouts(struct fixture *e)
{
	uint64_t want = fx_default_features(&e->v) | VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC);
	char desc[112];

	if (!viommu_offered(&e->v, VIRTIO_F_INDIRECT_DESC)) {
		for (unsigned int i = 0; i < ARRAY_SIZE(indirect); i++) {
			snprintf(desc, sizeof(desc), "descriptors: %s", indirect[i].what);
			skip("GEN-1", desc, "VIRTIO_F_INDIRECT_DESC not offered");
		}
		return;
	}
	if (fx_init(e, want, "GEN-1", "descriptors: indirect tables"))
		check_layouts(e, indirect, ARRAY_SIZE(indirect));
}

const struct test descriptors_tests[] = {
	{ "descriptors.split", "GEN-1", split_layouts },
	{ "descriptors.indirect", "GEN-1", indirect_layouts },
};
const unsigned int descriptors_count = ARRAY_SIZE(descriptors_tests);
