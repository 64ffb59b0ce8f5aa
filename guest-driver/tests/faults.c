// SPDX-License-Identifier: MIT
/*
 * 5.13.6.8 Fault reporting, provoked by real DMA: an unattached endpoint
 * with bypass off (R_DOMAIN) and an attached one at an unmapped IOVA
 * (R_MAPPING), in both directions and by both endpoint kinds.  Each report
 * is checked field by field; a faulting write must leave poisoned memory
 * untouched, and a faulting read must bring the endpoint nothing.
 */
#include <stdio.h>
#include "tests/dma_util.h"

#define D_LOAD	0	/* fx_domain index of the domain used to load a pattern */
#define D_TEST	1
#define D_ECHO	2	/* where a read's result is written out to be looked at */
#define ECHO_PAGE	2
#define ECHO_FILL	0x11	/* neither PATTERN nor POISON_BYTE */

/* Loads the pattern through a domain of its own, then leaves ep unattached. */
static bool load_then_detach(struct fixture *e, struct endpoint *ep, const char *ids)
{
	uint32_t dom = fx_domain(e, D_LOAD);
	bool ok = dma_attach(e, ep, dom) == VIRTIO_IOMMU_S_OK &&
		  dma_load_pattern(e, ep, dom, fx_iova(e, 0), ids);

	viommu_detach(&e->v, dom, ep->id);
	return ok;
}

struct fault_case {
	const char *what;
	const char *ids;
	bool attached;		/* else unattached with bypass off */
	bool write;
	bool second_kind;	/* by an endpoint of another kind than the first */
	bool declined;		/* unattached: bypass=0 written, then BYPASS_CONFIG declined */
};

static const struct fault_case cases[] = {
	{ "fault: unattached write", "DEV-OPS-5,INF-FAULT-2", false, true, false, false },
	{ "fault: unattached read", "DEV-OPS-5,INF-FAULT-2", false, false, false, false },
	{ "fault: unmapped write", "INF-FAULT-2", true, true, false, false },
	{ "fault: unmapped read", "INF-FAULT-2", true, false, false, false },
	{ "fault: unmapped write by a second endpoint kind", "INF-FAULT-2", true, true, true, false },
	{ "fault: unattached write by a second endpoint kind", "DEV-OPS-5,INF-FAULT-2", false, true,
	  true, false },
	{ "fault: unattached write, bypass=0 and BYPASS_CONFIG declined", "DEV-OPS-5,INF-OPS-3",
	  false, true, false, true },
};

/* The DMA aims at test page 1 by its physical address, so a leak would land there. */
static struct endpoint *pick(struct fixture *e, const struct fault_case *c)
{
	struct endpoint *ep = dma_endpoint_for(e, !c->write, 0);

	return ep && c->second_kind ? dma_endpoint_unlike(e, ep) : ep;
}

/* Loading a pattern, mapping an endpoint's own ranges, echoing a read: MAP. */
static bool needs_map(const struct fault_case *c, const struct endpoint *ep)
{
	return ep->dma->echoes_read || (c->attached && ep->dma->ops->own_ranges);
}

/*
 * Bypass off for an unattached endpoint.  Declined: the value stays what the
 * driver wrote while it could (DEV-CFG-4), and is in force because the
 * feature is offered (INF-OPS-3).
 */
static bool bypass_off(struct fixture *e, const struct fault_case *c)
{
	uint8_t now;

	if (!set_bypass(e, 0, c->ids, c->what))
		return false;
	if (!c->declined)
		return true;
	if (!fx_init(e, e->v.negotiated & ~VIRTIO_BIT(VIRTIO_IOMMU_F_BYPASS_CONFIG), c->ids, c->what))
		return false;
	now = viommu_read_bypass(&e->v);
	if (now != 0)
		skip(c->ids, c->what, "bypass reads %u once BYPASS_CONFIG is declined (DEV-CFG-4)", now);
	return now == 0;
}

static bool prepare(struct fixture *e, const struct fault_case *c, struct endpoint *ep)
{
	if (needs_map(c, ep) && !fx_need_map(e, c->ids, c->what))
		return false;
	/* An echoing endpoint holds the pattern, so a read that got through shows. */
	if (ep->dma->echoes_read && !load_then_detach(e, ep, c->ids))
		return false;
	if (c->attached && dma_attach(e, ep, fx_domain(e, D_TEST)) != VIRTIO_IOMMU_S_OK) {
		fail_setup(c->ids, c->what, "ATTACH failed");
		return false;
	}
	return c->attached || bypass_off(e, c);
}

/*
 * Writes what the endpoint holds out through a mapping of its own.  The read
 * aimed at poisoned memory: the poison coming back is what got through (a
 * blocked read may leave the buffer as it was, or zeroed).
 */
static void echo_check(struct fixture *e, const struct fault_case *c, struct endpoint *ep)
{
	uint32_t dom = fx_domain(e, D_ECHO);
	uint64_t iova = fx_iova(e, 24);
	unsigned int leaked;
	char desc[112];

	if (!ep->dma->echoes_read)
		return;
	snprintf(desc, sizeof(desc), "%s: the endpoint received none of the memory", c->what);
	page_fill(ECHO_PAGE, ECHO_FILL);
	if (c->attached)
		viommu_detach(&e->v, fx_domain(e, D_TEST), ep->id);
	if (dma_attach(e, ep, dom) != VIRTIO_IOMMU_S_OK ||
	    viommu_map(&e->v, dom, iova, iova + test_page_size() - 1, test_page_pa(ECHO_PAGE), MAP_RW)) {
		fail_setup(c->ids, desc, "ATTACH and MAP to write the endpoint's buffer out");
		return;
	}
	ep->dma->ops->write(ep->dma, iova, DMA_LEN);
	leaked = DMA_LEN - page_diff(ECHO_PAGE, 0, DMA_LEN, POISON_BYTE);
	check_that(c->attached ? DESCR : SHOULD, c->attached ? "INF-MAP-1" : "DEV-OPS-5", !leaked,
		   desc, "no byte of the poisoned memory in its buffer",
		   "%u of %u bytes 0x%02x; buffer begins 0x%02x (pattern 0x%02x)", leaked, DMA_LEN,
		   POISON_BYTE, test_page(ECHO_PAGE)[0], PATTERN);
}

/* An unattached virtio endpoint reads its rings first: that read faults. */
static void expect_fault(const struct fault_case *c, struct endpoint *ep, uint64_t iova,
			 struct fault_expect *x)
{
	bool rings = !c->attached && ep->dma->ops->own_ranges &&
		     ep->dma->ops->own_ranges(ep->dma, &x->first_access, &x->first_access_end, 1);

	x->what = c->what;
	x->reason = c->attached ? VIRTIO_IOMMU_FAULT_R_MAPPING : VIRTIO_IOMMU_FAULT_R_DOMAIN;
	x->dir = c->write && !rings ? VIRTIO_IOMMU_FAULT_F_WRITE : VIRTIO_IOMMU_FAULT_F_READ;
	x->endpoint = ep->id;
	x->address = iova;
	if (!rings)
		x->first_access = x->first_access_end = 0;
}

static void run_case(struct fixture *e, const struct fault_case *c)
{
	struct endpoint *ep = pick(e, c);
	uint64_t iova = test_page_pa(1);
	struct fault_expect x;
	char desc[112];
	int r;

	if (!ep) {
		skip(c->ids, c->what, "no endpoint that can %s by DMA", c->write ? "write" : "read");
		return;
	}
	if (!prepare(e, c, ep))
		return;
	page_fill(1, POISON_BYTE);
	r = c->write ? ep->dma->ops->write(ep->dma, iova, DMA_LEN) :
		       ep->dma->ops->read(ep->dma, iova, DMA_LEN);
	if (c->write) {
		snprintf(desc, sizeof(desc), "%s: memory stays untouched", c->what);
		/* Unmapped: nothing translates it (INF-MAP-1); unattached: DEV-OPS-5. */
		check_that(c->attached ? DESCR : SHOULD, c->attached ? "INF-MAP-1" : "DEV-OPS-5",
			   !page_diff(1, 0, test_page_size(), POISON_BYTE), desc, "poison intact",
			   "%u bytes changed (DMA result %d)", page_diff(1, 0, test_page_size(), POISON_BYTE), r);
	}
	expect_fault(c, ep, iova, &x);
	check_fault(e, &x);
	if (!c->write)
		echo_check(e, c, ep);
	if (ep->dma->ops->recover)
		ep->dma->ops->recover(ep->dma);
}

static void unattached_write(struct fixture *e) { run_case(e, &cases[0]); }
static void unattached_read(struct fixture *e) { run_case(e, &cases[1]); }
static void unmapped_write(struct fixture *e) { run_case(e, &cases[2]); }
static void unmapped_read(struct fixture *e) { run_case(e, &cases[3]); }
static void second_kind_write(struct fixture *e) { run_case(e, &cases[4]); }
static void second_kind_unattached(struct fixture *e) { run_case(e, &cases[5]); }
static void unattached_declined(struct fixture *e) { run_case(e, &cases[6]); }

#define REPORT_IDS "DEV-FAULT-1,DEV-FAULT-2,DEV-FAULT-3,DEV-FAULT-4"

const struct test faults_tests[] = {
	{ "faults.unattached_write", "DEV-OPS-5,INF-FAULT-2," REPORT_IDS, unattached_write },
	{ "faults.unattached_read", "DEV-OPS-5,INF-FAULT-2," REPORT_IDS, unattached_read },
	{ "faults.unmapped_write", "INF-FAULT-2,INF-MAP-1," REPORT_IDS, unmapped_write },
	{ "faults.unmapped_read", "INF-FAULT-2,INF-MAP-1," REPORT_IDS, unmapped_read },
	{ "faults.second_kind_write", "INF-FAULT-2,INF-MAP-1," REPORT_IDS, second_kind_write },
	{ "faults.second_kind_unattached", "DEV-OPS-5,INF-FAULT-2," REPORT_IDS,
	  second_kind_unattached },
	{ "faults.unattached_declined", "DEV-OPS-5,INF-OPS-3,INF-FAULT-2," REPORT_IDS,
	  unattached_declined },
};
const unsigned int faults_count = ARRAY_SIZE(faults_tests);
