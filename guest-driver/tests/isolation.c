// SPDX-License-Identifier: MIT
/*
 * Isolation that does not trust the device under test.  Before each test,
 * after the device reset, the suite asks the device about every domain an
 * ATTACH named since boot (the only domains that can exist): an UNMAP or
 * a MAP there answers S_NOENT for a domain that is gone.  A domain
 * still there is a leftover: one finding per boot against the statement
 * that promised its end (INF-INIT-1: a reset leaves no endpoint attached),
 * then DETACH of every endpoint from it; a domain that outlives the last
 * DETACH is one finding against INF-DET-1.  When the state cannot be made
 * clean this way, the test runs in a fresh VM (suite_fresh_vm) instead, so
 * that no verdict depends on the tests before it.  config.bypass must still
 * be the value the suite last wrote (DEV-CFG-4: a reset keeps it).
 */
#include <stdio.h>
#include <string.h>
#include "harness/suite.h"
#include "tests/fixture.h"

struct leftovers {
	uint32_t dom[VIOMMU_NAMED_MAX];
	int st[VIOMMU_NAMED_MAX];
	unsigned int n;
	bool unknown;		/* an answer that is no status: nothing is known */
};

static bool reported_reset, reported_detach, reported_bypass;

/*
 * One granule far above the IOVAs tests use, asked two ways: an UNMAP (nothing
 * is mapped there: S_OK in a domain, S_NOENT without), then, unless that said
 * S_NOENT, a MAP (S_NOENT without; an S_OK mapping is taken back at once).
 * The domain is gone when either answers S_NOENT: a device that answers one
 * of them wrongly for a missing domain (S_INVAL, or S_OK creating it) is a
 * finding of the MAP or UNMAP tests, not a leftover that would fail every
 * test after it.  The MAP's status is the one reported.  Never an UNMAP of
 * the whole range: QEMU spins forever in an UNMAP that covers a mapping it
 * accepted with virt_end < virt_start (README, "Known device findings").
 */
#define PROBE_SLOT 4096u

static int probe_domain(struct fixture *e, uint32_t dom)
{
	uint64_t iova = fx_iova(e, PROBE_SLOT), last = iova + fx_granule(e) - 1;
	int st = viommu_unmap(&e->v, dom, iova, last);

	if (st == VIRTIO_IOMMU_S_NOENT || st < 0)
		return st;
	st = viommu_map(&e->v, dom, iova, last, fx_phys(e), VIRTIO_IOMMU_MAP_F_READ);
	if (st == VIRTIO_IOMMU_S_OK)
		viommu_unmap(&e->v, dom, iova, last);
	return st;
}

static void find_leftovers(struct fixture *e, struct leftovers *l)
{
	l->n = 0;
	l->unknown = false;
	for (unsigned int i = 0; i < e->v.nnamed; i++) {
		int st = probe_domain(e, e->v.named[i]);

		if (st < 0)
			l->unknown = true;
		if (st == VIRTIO_IOMMU_S_NOENT)
			continue;
		l->dom[l->n] = e->v.named[i];
		l->st[l->n++] = st;
	}
}

static void describe_leftovers(const struct leftovers *l, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (unsigned int i = 0; i < l->n && len + 32 < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%sdom %u: %s", i ? ", " : "",
					l->dom[i], viommu_status_name(l->st[i]));
}

/* The first leftover of a boot is the device's finding; later ones only count. */
static void report_reset(struct fixture *e, const char *where, const struct leftovers *l)
{
	char seen[160];

	e->reset_leftovers++;
	if (reported_reset)
		return;
	reported_reset = true;
	describe_leftovers(l, seen, sizeof(seen));
	check_that(DESCR, "INF-INIT-1", false, "isolation: a device reset ends every domain",
		   "S_NOENT to MAP into each domain named since boot",
		   "%s, after the reset: %s", where, seen);
}

/* DETACH of every endpoint from each leftover domain; true if one answered S_OK. */
static bool detach_all(struct fixture *e, const struct leftovers *l)
{
	bool detached = false;

	for (unsigned int i = 0; i < l->n; i++)
		for (unsigned int k = 0; k < e->nep; k++)
			detached |= viommu_detach(&e->v, l->dom[i], e->ep[k].id) ==
				    VIRTIO_IOMMU_S_OK;
	return detached;
}

static void check_bypass(struct fixture *e, const struct test *t)
{
	uint8_t now;

	if (!e->v.bypass_written || reported_bypass)
		return;
	now = viommu_read_bypass(&e->v);
	if (now == e->v.bypass_value)
		return;
	reported_bypass = true;
	check_that(SHOULD, "DEV-CFG-4", false, "isolation: a device reset keeps config.bypass",
		   "the value last written", "before test %s, after the reset: %u, written %u",
		   t->name, now, e->v.bypass_value);
}

bool fx_clean(struct fixture *e, const char *where)
{
	struct leftovers l;
	bool detached;

	if (e->v.named_overflow) {
		suite_fresh_vm("more domains named than the suite can check");
		return false;
	}
	/* No MAP to probe with (fx_init checks before it declines MAP_UNMAP). */
	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_MAP_UNMAP))
		return true;
	find_leftovers(e, &l);
	if (!l.n)
		return true;
	report_reset(e, where, &l);
	detached = !l.unknown && detach_all(e, &l);
	if (!l.unknown)
		find_leftovers(e, &l);
	if (!l.n && !l.unknown)
		return true;
	if (detached && !reported_detach) {
		char seen[160];

		reported_detach = true;
		describe_leftovers(&l, seen, sizeof(seen));
		check_that(DESCR, "INF-DET-1", false, "isolation: the last DETACH ends a domain",
			   "S_NOENT to MAP after DETACH of every endpoint", "%s: %s", where, seen);
	}
	suite_fresh_vm(l.unknown ? "the device did not answer the clean-state check"
				 : "a domain outlived the device reset and DETACH");
	return false;
}

bool fx_verify_clean(struct fixture *e, const struct test *t)
{
	char where[64];

	check_bypass(e, t);
	snprintf(where, sizeof(where), "before test %s", t->name);
	return fx_clean(e, where);
}
