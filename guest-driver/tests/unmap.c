// SPDX-License-Identifier: MIT
/* 5.13.6.5 UNMAP: the spec's examples, splits, reserved and absent domains. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "tests/fixture.h"

/* Granules per example: the largest spans granules 0 to 14. */
#define WINDOW 16

/* Granules first..last of an example's window ("0..4" in the spec). */
struct span {
	unsigned int first, last;
};

struct unmap_case {
	const char *what;
	const char *ids;
	unsigned int nmap;
	struct span map[2];
	struct span unmap;
	int expected;
	bool kept[2];	/* which mappings must remain */
};

#define OK VIRTIO_IOMMU_S_OK
#define RANGE VIRTIO_IOMMU_S_RANGE

/* The seven examples of 5.13.6.5, in the spec's order; each starts empty. */
static const struct unmap_case examples[] = {
	{ "(1) unmap(0,4) with nothing mapped succeeds", "DEV-UNMAP-5",
	  0, { }, { 0, 4 }, OK, { } },
	{ "(2) map(0,9), unmap(0,9) removes it", "DEV-UNMAP-5",
	  1, { { 0, 9 } }, { 0, 9 }, OK, { false } },
	{ "(3) map(0,4), map(5,9), unmap(0,9) removes both", "DEV-UNMAP-5",
	  2, { { 0, 4 }, { 5, 9 } }, { 0, 9 }, OK, { false, false } },
	{ "(4) map(0,9), unmap(0,4) fails with S_RANGE, removes nothing", "DEV-UNMAP-4",
	  1, { { 0, 9 } }, { 0, 4 }, RANGE, { true } },
	{ "(5) map(0,4), map(5,9), unmap(0,4) removes the first only", "DEV-UNMAP-5",
	  2, { { 0, 4 }, { 5, 9 } }, { 0, 4 }, OK, { false, true } },
	{ "(6) map(0,4), unmap(0,9) removes it", "DEV-UNMAP-5",
	  1, { { 0, 4 } }, { 0, 9 }, OK, { false } },
	{ "(7) map(0,4), map(10,14), unmap(0,14) removes both", "DEV-UNMAP-5",
	  2, { { 0, 4 }, { 10, 14 } }, { 0, 14 }, OK, { false, false } },
};

static const struct unmap_case tail_split[] = {
	{ "map(0,9), unmap(5,9) fails with S_RANGE, removes nothing", "DEV-UNMAP-4",
	  1, { { 0, 9 } }, { 5, 9 }, RANGE, { true } },
};

enum presence { REMOVED, KEPT, PARTLY_REMOVED, UNKNOWN };

static const char *const presence_name[] = {
	"removed", "kept", "partly removed", "unknown (re-MAP neither S_OK nor S_INVAL)",
};

struct window {
	uint32_t dom;
	uint64_t base, g;
};

static uint64_t lo(const struct window *w, struct span s)
{
	return w->base + s.first * w->g;
}

static uint64_t hi(const struct window *w, struct span s)
{
	return w->base + (s.last + 1) * w->g - 1;
}

static int map_span(struct fixture *e, const struct window *w, struct span s)
{
	return viommu_map(&e->v, w->dom, lo(w, s), hi(w, s), fx_phys(e), MAP_RW);
}

static void append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

/*
 * Is mapping s still there?  Mapping the whole range again succeeds only if
 * it is gone; if not, its first and last granules must both still overlap.
 */
static enum presence presence(struct fixture *e, const struct window *w, struct span s)
{
	int all = map_span(e, w, s), first, last;

	if (all == VIRTIO_IOMMU_S_OK)
		return REMOVED;
	if (all != VIRTIO_IOMMU_S_INVAL)
		return UNKNOWN;
	first = map_span(e, w, (struct span){ s.first, s.first });
	last = map_span(e, w, (struct span){ s.last, s.last });
	if (first == VIRTIO_IOMMU_S_INVAL && last == VIRTIO_IOMMU_S_INVAL)
		return KEPT;
	return PARTLY_REMOVED;
}

/* Maps the case's ranges, noting each in k->sent; false: one was refused (reported). */
static bool map_all(struct fixture *e, const struct window *w, const struct unmap_case *c,
		    struct check *k)
{
	for (unsigned int i = 0; i < c->nmap; i++) {
		uint64_t start = lo(w, c->map[i]), end = hi(w, c->map[i]);
		int st = map_span(e, w, c->map[i]);

		if (st != VIRTIO_IOMMU_S_OK) {
			fail_setup(c->ids, k->desc, "MAP dom %u [0x%llx, 0x%llx] answered %s", w->dom,
				   (unsigned long long)start, (unsigned long long)end,
				   viommu_status_name(st));
			return false;
		}
		append(k->sent, sizeof(k->sent), "MAP [0x%llx, 0x%llx], ",
		       (unsigned long long)start, (unsigned long long)end);
	}
	return true;
}

static void run_case(struct fixture *e, const struct window *w, const struct unmap_case *c)
{
	struct check k = { .level = SHOULD, .ids = c->ids };
	bool pass;
	int st;

	check_desc(&k, "unmap: %s", c->what);
	if (!map_all(e, w, c, &k))
		return;
	st = viommu_unmap(&e->v, w->dom, lo(w, c->unmap), hi(w, c->unmap));
	append(k.sent, sizeof(k.sent), "UNMAP dom %u [0x%llx, 0x%llx]", w->dom,
	       (unsigned long long)lo(w, c->unmap), (unsigned long long)hi(w, c->unmap));
	append(k.expected, sizeof(k.expected), "%s", viommu_status_name(c->expected));
	append(k.observed, sizeof(k.observed), "%s", viommu_status_name(st));
	pass = st == c->expected;
	for (unsigned int i = 0; i < c->nmap; i++) {
		enum presence p = presence(e, w, c->map[i]);
		enum presence want = c->kept[i] ? KEPT : REMOVED;

		append(k.expected, sizeof(k.expected), ", [%u,%u] %s", c->map[i].first,
		       c->map[i].last, presence_name[want]);
		append(k.observed, sizeof(k.observed), ", [%u,%u] %s", c->map[i].first,
		       c->map[i].last, presence_name[p]);
		pass &= p == want;
	}
	check_end(&k, pass);
}

/* One window per case, so a case that goes wrong cannot disturb the next. */
static void run_cases(struct fixture *e, const struct unmap_case *cases, unsigned int n,
		      const char *ids, const char *desc)
{
	struct window w = { .g = fx_granule(e) };

	if (!fx_attach_ep0(e, ids, desc, &w.dom))
		return;
	for (unsigned int i = 0; i < n; i++) {
		w.base = fx_iova(e, WINDOW * i);
		run_case(e, &w, &cases[i]);
	}
}

static void spec_examples(struct fixture *e)
{
	run_cases(e, examples, ARRAY_SIZE(examples), "DEV-UNMAP-4,DEV-UNMAP-5",
		  "unmap: the spec's examples");
}

static void tail_split_rejected(struct fixture *e)
{
	run_cases(e, tail_split, ARRAY_SIZE(tail_split), "DEV-UNMAP-4",
		  "unmap: tail split");
}

/* S_INVAL or S_OK, removed or not: recorded.  DEV-UNMAP-1 allows nothing else. */
static void reserved_verdict(const char *desc, int st, enum presence p, const struct window *w,
			     struct span s)
{
	struct check c = { .level = MUST, .ids = "DEV-UNMAP-1" };

	if (st == VIRTIO_IOMMU_S_OK || st == VIRTIO_IOMMU_S_INVAL) {
		record("DEV-UNMAP-1", desc, "%s, mapping %s (sent UNMAP dom %u [0x%llx, 0x%llx] "
		       "reserved ff ff ff ff)", viommu_status_name(st), presence_name[p], w->dom,
		       (unsigned long long)lo(w, s), (unsigned long long)hi(w, s));
		return;
	}
	check_desc(&c, "%s is answered S_OK or S_INVAL", desc);
	check_sent(&c, "UNMAP dom %u [0x%llx, 0x%llx] reserved ff ff ff ff, of one mapping", w->dom,
		   (unsigned long long)lo(w, s), (unsigned long long)hi(w, s));
	check_expected(&c, "S_OK, or S_INVAL (MAY)");
	check_observed(&c, "%s, mapping %s", viommu_status_name(st), presence_name[p]);
	check_end(&c, false);
}

static void reserved_nonzero(struct fixture *e)
{
	const char *desc = "unmap: non-zero reserved";
	struct window w = { .g = fx_granule(e), .base = fx_iova(e, 0) };
	struct span s = { 0, 0 };
	struct virtio_iommu_req_unmap r;
	int st;

	if (!fx_attach_ep0(e, "DEV-UNMAP-1", desc, &w.dom))
		return;
	st = map_span(e, &w, s);
	if (st != VIRTIO_IOMMU_S_OK) {
		fail_setup("DEV-UNMAP-1", desc, "MAP [0x%llx, 0x%llx] answered %s",
			   (unsigned long long)lo(&w, s), (unsigned long long)hi(&w, s),
			   viommu_status_name(st));
		return;
	}
	viommu_unmap_req(&r, w.dom, lo(&w, s), hi(&w, s));
	memset(r.reserved, 0xff, sizeof(r.reserved));
	st = viommu_send(&e->v, &r, offsetof(struct virtio_iommu_req_unmap, tail),
			 sizeof(r.tail), NULL);
	reserved_verdict(desc, st, presence(e, &w, s), &w, s);
}

static void domain_absent(struct fixture *e)
{
	const char *desc = "unmap: a domain never attached is answered S_NOENT";
	uint32_t dom = fx_domain(e, 1);
	uint64_t b = fx_iova(e, 0), end = b + fx_granule(e) - 1;

	if (!fx_need_map(e, "DEV-UNMAP-2", desc))
		return;
	/* Another domain exists when there is an endpoint to attach. */
	if (e->nep)
		viommu_attach(&e->v, fx_domain(e, 0), e->ep[0].id, 0);
	check_status(SHOULD, "DEV-UNMAP-2", desc, viommu_unmap(&e->v, dom, b, end),
		     VIRTIO_IOMMU_S_NOENT, "UNMAP dom %u [0x%llx, 0x%llx]", dom,
		     (unsigned long long)b, (unsigned long long)end);
}

const struct test unmap_tests[] = {
	{ "unmap.examples", "DEV-UNMAP-4,DEV-UNMAP-5", spec_examples },
	{ "unmap.tail_split", "DEV-UNMAP-4", tail_split_rejected },
	{ "unmap.reserved", "DEV-UNMAP-1", reserved_nonzero },
	{ "unmap.domain_absent", "DEV-UNMAP-2", domain_absent },
};
const unsigned int unmap_count = ARRAY_SIZE(unmap_tests);
