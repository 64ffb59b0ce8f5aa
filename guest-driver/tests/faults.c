// SPDX-License-Identifier: MIT
/*
 * 5.13.6.8 Fault reporting, provoked by real DMA: an unattached endpoint
 * with bypass off (R_DOMAIN) and an attached one at an unmapped IOVA
 * (R_MAPPING), in both directions.  Each report is checked field by field
 * and the memory a faulting write aimed at must stay poisoned.
 */
#include <stdio.h>
#include "tests/dma_util.h"

#define D_LOAD	0	/* env_domain index of the domain used to load a pattern */
#define D_TEST	1

/* Loads the pattern through a domain of its own, then leaves ep unattached. */
static bool load_then_detach(struct env *e, struct endpoint *ep, const char *ids)
{
	uint32_t dom = env_domain(e, D_LOAD);
	bool ok = dma_attach(e, ep, dom) == VIRTIO_IOMMU_S_OK &&
		  dma_load_pattern(e, ep, dom, env_iova(e, 0), ids);

	viommu_detach(&e->v, dom, ep->id);
	return ok;
}

struct fault_case {
	const char *what;
	const char *ids;
	bool attached;		/* else unattached with bypass off */
	bool write;
	bool second_kind;	/* by an endpoint of another kind than the first */
};

static const struct fault_case cases[] = {
	{ "fault: unattached write", "DEV-OPS-5,INF-FAULT-2", false, true, false },
	{ "fault: unattached read", "DEV-OPS-5,INF-FAULT-2", false, false, false },
	{ "fault: unmapped write", "INF-FAULT-2", true, true, false },
	{ "fault: unmapped read", "INF-FAULT-2", true, false, false },
	{ "fault: unmapped write by a second endpoint kind", "INF-FAULT-2", true, true, true },
};

/* The DMA aims at test page 1 by its physical address, so a leak would land there. */
static struct endpoint *pick(struct env *e, const struct fault_case *c)
{
	struct endpoint *ep = dma_endpoint_for(e, !c->write, 0);

	return ep && c->second_kind ? dma_endpoint_unlike(e, ep) : ep;
}

/* Loading a pattern and mapping an endpoint's own ranges both need MAP. */
static bool needs_map(const struct fault_case *c, const struct endpoint *ep)
{
	return (c->write && ep->dma->echoes_read) || (c->attached && ep->dma->ops->own_ranges);
}

static void run_case(struct env *e, const struct fault_case *c)
{
	struct endpoint *ep = pick(e, c);
	uint64_t iova = test_page_pa(1);
	char desc[96];
	int r;

	if (!ep) {
		skip(c->ids, c->what, "no endpoint that can %s by DMA", c->write ? "write" : "read");
		return;
	}
	if (needs_map(c, ep) && !env_need_map(e, c->ids, c->what))
		return;
	if (c->write && ep->dma->echoes_read && !load_then_detach(e, ep, c->ids))
		return;
	if (c->attached && dma_attach(e, ep, env_domain(e, D_TEST)) != VIRTIO_IOMMU_S_OK) {
		fail_setup(c->ids, c->what, "ATTACH failed");
		return;
	}
	if (!c->attached && !set_bypass(e, 0, c->ids, c->what))
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
	check_fault(e, &(struct fault_expect){
		.what = c->what,
		.reason = c->attached ? VIRTIO_IOMMU_FAULT_R_MAPPING : VIRTIO_IOMMU_FAULT_R_DOMAIN,
		.dir = c->write ? VIRTIO_IOMMU_FAULT_F_WRITE : VIRTIO_IOMMU_FAULT_F_READ,
		.endpoint = ep->id,
		.address = iova,
	});
	if (ep->dma->ops->recover)
		ep->dma->ops->recover(ep->dma);
}

static void unattached_write(struct env *e) { run_case(e, &cases[0]); }
static void unattached_read(struct env *e) { run_case(e, &cases[1]); }
static void unmapped_write(struct env *e) { run_case(e, &cases[2]); }
static void unmapped_read(struct env *e) { run_case(e, &cases[3]); }
static void second_kind_write(struct env *e) { run_case(e, &cases[4]); }

const struct test faults_tests[] = {
	{ "faults.unattached_write", "DEV-OPS-5,INF-FAULT-2,DEV-FAULT-1,DEV-FAULT-2,DEV-FAULT-3,DEV-FAULT-4",
	  unattached_write },
	{ "faults.unattached_read", "DEV-OPS-5,INF-FAULT-2,DEV-FAULT-1,DEV-FAULT-2,DEV-FAULT-3,DEV-FAULT-4",
	  unattached_read },
	{ "faults.unmapped_write", "INF-FAULT-2,DEV-FAULT-1,DEV-FAULT-2,DEV-FAULT-3,DEV-FAULT-4",
	  unmapped_write },
	{ "faults.unmapped_read", "INF-FAULT-2,DEV-FAULT-1,DEV-FAULT-2,DEV-FAULT-3,DEV-FAULT-4",
	  unmapped_read },
	{ "faults.second_kind_write", "INF-FAULT-2,DEV-FAULT-1,DEV-FAULT-2,DEV-FAULT-3,DEV-FAULT-4",
	  second_kind_write },
};
const unsigned int faults_count = ARRAY_SIZE(faults_tests);
