// SPDX-License-Identifier: MIT
/*
 * Translation as real DMA sees it: where a mapped transfer lands, what a
 * mapping's permissions let through, what DETACH and UNMAP leave behind,
 * bypass as identity, and recovery after a fault.  Each edu transfer costs
 * 100 ms, so each test does as few as it can.  A test page is one granule
 * or more (test_page_size()), so every mapping here is granule-aligned.
 */
#include <stdio.h>
#include "tests/dma_util.h"

#define OFFSET	0x230u	/* inside the page, so a wrong translation shows */

struct dma_case {
	struct endpoint *ep;
	uint32_t dom;
	uint64_t iova;		/* test mappings start here; fx_iova(e, 0) holds the pattern */
	uint64_t page;		/* test_page_size() */
};

/* Attaches an echoing endpoint and loads the pattern: 1 transfer. */
static bool setup(struct fixture *e, struct dma_case *f, const char *ids, const char *desc)
{
	f->ep = dma_endpoint_for(e, true, 0);
	f->dom = fx_domain(e, 1);
	f->iova = fx_iova(e, 16);
	f->page = test_page_size();
	if (!f->ep || !f->ep->dma->echoes_read) {
		skip(ids, desc, "no endpoint that reads and writes back by DMA");
		return false;
	}
	if (!fx_need_map(e, ids, desc))
		return false;
	if (dma_attach(e, f->ep, f->dom) != VIRTIO_IOMMU_S_OK) {
		fail_setup(ids, desc, "ATTACH dom %u ep 0x%x failed", f->dom, f->ep->id);
		return false;
	}
	return dma_load_pattern(e, f->ep, f->dom, fx_iova(e, 0), ids);
}

/* n test pages from `page` on, mapped at iova by one MAP. */
static int map_pages(struct fixture *e, const struct dma_case *f, uint64_t iova, unsigned int page,
		     unsigned int n, uint32_t flags)
{
	return viommu_map(&e->v, f->dom, iova, iova + n * f->page - 1, test_page_pa(page), flags);
}

static int map_page(struct fixture *e, const struct dma_case *f, uint64_t iova, unsigned int page,
		    uint32_t flags)
{
	return map_pages(e, f, iova, page, 1, flags);
}

static int dma_write(const struct dma_case *f, uint64_t iova)
{
	return f->ep->dma->ops->write(f->ep->dma, iova, DMA_LEN);
}

static bool landed(unsigned int page, unsigned int off)
{
	return !page_diff(page, off, DMA_LEN, PATTERN);
}

static unsigned int changed(unsigned int page)
{
	return page_diff(page, 0, test_page_size(), POISON_BYTE);
}

/*
 * One MAP of two pages, a write one page (at least one granule) and OFFSET
 * into it: the whole offset counts, not only its part within a granule.
 */
static void translation(struct fixture *e)
{
	const char *desc = "dma: a write lands at phys_start + offset only";
	struct dma_case f;

	if (!setup(e, &f, "INF-MAP-1,DEV-ATT-8", desc))
		return;
	if (test_page_pa(3) != test_page_pa(2) + f.page) {
		fail_setup("INF-MAP-1", desc, "test pages 2 and 3 are not physically contiguous");
		return;
	}
	page_fill(2, POISON_BYTE);
	page_fill(3, POISON_BYTE);
	map_pages(e, &f, f.iova, 2, 2, MAP_RW);
	dma_write(&f, f.iova + f.page + OFFSET);
	check_that(MUST, "DEV-ATT-8", landed(3, OFFSET), "dma: an attached endpoint's write goes through",
		   "pattern at the mapped page", "%u of %u bytes wrong", page_diff(3, OFFSET, DMA_LEN, PATTERN),
		   DMA_LEN);
	check_that(DESCR, "INF-MAP-1", !page_diff(3, 0, OFFSET, POISON_BYTE) && !changed(2), desc,
		   "nothing else written", "%u bytes before it, %u in the first page (write at "
		   "virt_start + 0x%llx, granule 0x%llx)", page_diff(3, 0, OFFSET, POISON_BYTE),
		   changed(2), (unsigned long long)(f.page + OFFSET),
		   (unsigned long long)fx_granule(e));
}

static void write_through_read_only(struct fixture *e)
{
	const char *desc = "dma: a write through a read-only mapping";
	struct dma_case f;

	if (!setup(e, &f, "DEV-MAP-6", desc))
		return;
	page_fill(2, POISON_BYTE);
	map_page(e, &f, f.iova, 2, VIRTIO_IOMMU_MAP_F_READ);
	dma_write(&f, f.iova);
	check_that(MUST, "DEV-MAP-6", !changed(2),
		   "dma: a write through a read-only mapping leaves memory untouched",
		   "poison intact", "%u bytes changed", changed(2));
	check_fault(e, &(struct fault_expect){ .what = desc, .reason = VIRTIO_IOMMU_FAULT_R_MAPPING,
		    .dir = VIRTIO_IOMMU_FAULT_F_WRITE, .endpoint = f.ep->id, .address = f.iova });
}

/*
 * Reads through mappings without READ.  Each row reads its own byte, then
 * writes the endpoint's buffer out through a RW page to see what came in:
 * a byte of its own, so a blocked read cannot pass off an earlier row's.
 */
static const struct {
	const char *desc;
	uint32_t flags;
	uint8_t byte;
	bool may;		/* DEV-MAP-7: allowed or not, both conform */
} no_read[] = {
	{ "dma: a read through a write-only mapping", VIRTIO_IOMMU_MAP_F_WRITE, 0x77, true },
	{ "dma: a read through a mapping with neither READ nor WRITE is blocked", 0, 0x66, false },
};

static void read_without_read(struct fixture *e)
{
	struct dma_case f;

	if (!setup(e, &f, "DEV-MAP-7,INF-MAP-1", no_read[0].desc))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(no_read); i++) {
		unsigned int src = 2 + 2 * i, out = 3 + 2 * i;
		uint64_t iova = f.iova + 2 * i * f.page;
		bool through;
		int r;

		page_fill(src, no_read[i].byte);
		page_fill(out, POISON_BYTE);
		map_page(e, &f, iova, src, no_read[i].flags);
		map_page(e, &f, iova + f.page, out, MAP_RW);
		r = f.ep->dma->ops->read(f.ep->dma, iova, DMA_LEN);
		dma_write(&f, iova + f.page);
		through = !page_diff(out, 0, DMA_LEN, no_read[i].byte);
		if (no_read[i].may)
			record("DEV-MAP-7", no_read[i].desc, "%s (DMA result %d, faults reported %u)",
			       through ? "allowed" : "blocked", r, drain_faults(e, FAULT_WAIT_NS));
		else
			check_that(DESCR, "INF-MAP-1", !through, no_read[i].desc, "the data not read",
				   "%s (MAP flags 0x%x, DMA result %d)", through ? "read" : "not read",
				   no_read[i].flags, r);
	}
}

static void detach_blocks(struct fixture *e)
{
	const char *desc = "dma: after DETACH the domain's mappings are unreachable";
	struct dma_case f;

	if (!setup(e, &f, "DEV-DET-4", desc) || !set_bypass(e, 0, "DEV-DET-4", desc))
		return;
	page_fill(2, POISON_BYTE);
	map_page(e, &f, f.iova, 2, MAP_RW);
	dma_write(&f, f.iova);
	if (!landed(2, 0)) {
		fail_setup("DEV-DET-4", desc, "the write before DETACH did not land");
		return;
	}
	viommu_detach(&e->v, f.dom, f.ep->id);
	page_fill(2, POISON_BYTE);
	dma_write(&f, f.iova);
	check_that(MUST, "DEV-DET-4", !changed(2), desc, "poison intact", "%u bytes changed",
		   changed(2));
}

/*
 * A two-page mapping: an UNMAP of half is refused and the mapping still
 * translates (DEV-UNMAP-4); an UNMAP of all of it succeeds and the IOVA no
 * longer translates (DEV-UNMAP-5).
 */
static void unmap_effect(struct fixture *e)
{
	const char *desc = "dma: a mapping an UNMAP refused to split still translates";
	const char *gone = "dma: after UNMAP the IOVA no longer translates";
	uint64_t last;
	struct dma_case f;
	int st;

	if (!setup(e, &f, "DEV-UNMAP-4,DEV-UNMAP-5", desc))
		return;
	last = f.iova + 2 * f.page - 1;
	page_fill(2, POISON_BYTE);
	map_pages(e, &f, f.iova, 2, 2, MAP_RW);
	st = viommu_unmap(&e->v, f.dom, f.iova, f.iova + f.page - 1);
	dma_write(&f, f.iova);
	check_that(SHOULD, "DEV-UNMAP-4", landed(2, 0), desc, "the write lands",
		   "UNMAP of half gave %s; %u bytes wrong", viommu_status_name(st),
		   page_diff(2, 0, DMA_LEN, PATTERN));
	st = viommu_unmap(&e->v, f.dom, f.iova, last);
	if (!fx_require(st, "DEV-UNMAP-5", gone, "UNMAP dom %u [0x%llx, 0x%llx]", f.dom,
			 (unsigned long long)f.iova, (unsigned long long)last))
		return;
	page_fill(2, POISON_BYTE);
	dma_write(&f, f.iova);
	check_that(SHOULD, "DEV-UNMAP-5", !changed(2), gone, "poison intact",
		   "%u bytes changed by a write at 0x%llx after UNMAP [0x%llx, 0x%llx] S_OK",
		   changed(2), (unsigned long long)f.iova, (unsigned long long)f.iova,
		   (unsigned long long)last);
}

/*
 * After a fault the endpoint works again with no reset of anything: once the
 * IOVA is mapped (after R_MAPPING), and once attached and mapped (after
 * R_DOMAIN).  The first report is checked like any other.
 */
static void recover_after(struct fixture *e, bool unattached)
{
	const char *desc = unattached ? "dma: the endpoint works again once attached and mapped" :
					"dma: the endpoint works again once the IOVA is mapped";
	const char *what = unattached ? "dma: a write while unattached, before recovery" :
					"dma: a write before the mapping exists";
	struct dma_case f;

	if (!setup(e, &f, "INF-FAULT-2,DEV-ATT-8", desc))
		return;
	if (unattached && (!set_bypass(e, 0, "INF-FAULT-2", desc) ||
			   viommu_detach(&e->v, f.dom, f.ep->id) != VIRTIO_IOMMU_S_OK))
		return;
	page_fill(2, POISON_BYTE);
	dma_write(&f, f.iova);
	check_fault(e, &(struct fault_expect){ .what = what,
		    .reason = unattached ? VIRTIO_IOMMU_FAULT_R_DOMAIN : VIRTIO_IOMMU_FAULT_R_MAPPING,
		    .dir = VIRTIO_IOMMU_FAULT_F_WRITE, .endpoint = f.ep->id, .address = f.iova });
	if (unattached && dma_attach(e, f.ep, f.dom) != VIRTIO_IOMMU_S_OK) {
		fail_setup("DEV-ATT-8", desc, "ATTACH dom %u ep 0x%x again", f.dom, f.ep->id);
		return;
	}
	map_page(e, &f, f.iova, 2, MAP_RW);
	dma_write(&f, f.iova);
	check_that(MUST, "DEV-ATT-8", landed(2, 0), desc, "the write lands, no reset",
		   "%u bytes wrong", page_diff(2, 0, DMA_LEN, PATTERN));
}

static void recovery(struct fixture *e)
{
	recover_after(e, false);
}

static void recovery_domain(struct fixture *e)
{
	recover_after(e, true);
}

/*
 * Endpoints in different domains are isolated: a second endpoint, of another
 * kind, in a domain of its own must not reach the first domain's mapping.
 */
static void isolation(struct fixture *e)
{
	const char *desc = "dma: an endpoint in another domain cannot use this domain's mapping";
	struct dma_case f;
	struct endpoint *other;
	uint32_t dom2 = fx_domain(e, 2);

	if (!setup(e, &f, "INF-MAP-1", desc))
		return;
	other = dma_endpoint_unlike(e, f.ep);
	if (!other) {
		skip("INF-MAP-1", desc, "no second DMA endpoint of another kind");
		return;
	}
	page_fill(2, POISON_BYTE);
	map_page(e, &f, f.iova, 2, MAP_RW);
	if (dma_attach(e, other, dom2) != VIRTIO_IOMMU_S_OK) {
		fail_setup("INF-MAP-1", desc, "ATTACH dom %u ep 0x%x failed", dom2, other->id);
		return;
	}
	other->dma->ops->write(other->dma, f.iova, DMA_LEN);
	check_that(MUST, "INF-MAP-1", !changed(2), desc, "poison intact",
		   "%u bytes changed by %s", changed(2), other->name);
	check_fault(e, &(struct fault_expect){ .what = "dma: a write by an endpoint of another domain",
		    .reason = VIRTIO_IOMMU_FAULT_R_MAPPING, .dir = VIRTIO_IOMMU_FAULT_F_WRITE,
		    .endpoint = other->id, .address = f.iova });
	if (other->dma->ops->recover)
		other->dma->ops->recover(other->dma);
}

/* How a bypassing endpoint is set up; the write must land 1:1. */
enum bypass_way { UNATTACHED, BYPASS_DOMAIN, UNATTACHED_DECLINED, UNATTACHED_LEGACY };

static const struct {
	const char *desc;
	enum bypass_way way;
} bypass_rows[] = {
	{ "dma: an unattached endpoint with bypass=1 writes 1:1", UNATTACHED },
	{ "dma: an endpoint in an ATTACH_F_BYPASS domain writes 1:1", BYPASS_DOMAIN },
	{ "dma: bypass=1 works with BYPASS_CONFIG offered but declined", UNATTACHED_DECLINED },
	{ "dma: an unattached endpoint with legacy BYPASS negotiated writes 1:1",
	  UNATTACHED_LEGACY },
};

/* Legacy BYPASS is negotiated by default only on a device without BYPASS_CONFIG. */
static bool legacy_setup(struct fixture *e, const char *desc)
{
	if (viommu_negotiated(&e->v, VIRTIO_IOMMU_F_BYPASS))
		return true;
	skip("INF-OPS-3", desc, "legacy VIRTIO_IOMMU_F_BYPASS not negotiated (device features "
	     "0x%llx)", (unsigned long long)e->v.offered);
	return false;
}

static bool bypass_setup(struct fixture *e, struct endpoint *ep, enum bypass_way way,
			 const char *desc)
{
	uint64_t want = e->v.negotiated & ~VIRTIO_BIT(VIRTIO_IOMMU_F_BYPASS_CONFIG);

	if (way == UNATTACHED_LEGACY)
		return legacy_setup(e, desc);
	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_BYPASS_CONFIG)) {
		skip("INF-OPS-3", desc, "VIRTIO_IOMMU_F_BYPASS_CONFIG not offered");
		return false;
	}
	viommu_write_bypass(&e->v, way != BYPASS_DOMAIN);
	if (way == UNATTACHED_DECLINED)
		return fx_init(e, want, "INF-OPS-3", desc);
	if (way == BYPASS_DOMAIN)
		return fx_require(viommu_attach(&e->v, fx_domain(e, 3), ep->id,
						 VIRTIO_IOMMU_ATTACH_F_BYPASS), "INF-OPS-3", desc,
				   "ATTACH dom %u ep 0x%x flags BYPASS", fx_domain(e, 3), ep->id);
	return true;
}

/* Bypassed accesses are translated by the identity function (INF-OPS-3). */
static void bypass_identity(struct fixture *e)
{
	struct dma_case f;

	if (!setup(e, &f, "INF-OPS-3", bypass_rows[0].desc))
		return;
	viommu_detach(&e->v, f.dom, f.ep->id);
	for (unsigned int i = 0; i < ARRAY_SIZE(bypass_rows); i++) {
		unsigned int page = 2 + i;

		if (!bypass_setup(e, f.ep, bypass_rows[i].way, bypass_rows[i].desc))
			continue;
		page_fill(page, POISON_BYTE);
		dma_write(&f, test_page_pa(page));
		check_that(DESCR, "INF-OPS-3", landed(page, 0), bypass_rows[i].desc,
			   "the pattern at the same physical address", "%u of %u bytes wrong",
			   page_diff(page, 0, DMA_LEN, PATTERN), DMA_LEN);
	}
}

const struct test dma_tests[] = {
	{ "dma.translation", "INF-MAP-1,DEV-ATT-8", translation },
	{ "dma.write_through_read_only", "DEV-MAP-6,INF-FAULT-2", write_through_read_only },
	{ "dma.read_without_read", "DEV-MAP-7,INF-MAP-1", read_without_read },
	{ "dma.detach_blocks", "DEV-DET-4", detach_blocks },
	{ "dma.unmap", "DEV-UNMAP-4,DEV-UNMAP-5", unmap_effect },
	{ "dma.recovery", "INF-FAULT-2,DEV-ATT-8,DEV-FAULT-1,DEV-FAULT-2,DEV-FAULT-3,DEV-FAULT-4", recovery },
	{ "dma.recovery_domain", "INF-FAULT-2,DEV-ATT-8,DEV-FAULT-1,DEV-FAULT-2,DEV-FAULT-3,DEV-FAULT-4",
	  recovery_domain },
	{ "dma.isolation", "INF-MAP-1,INF-FAULT-2", isolation },
	{ "dma.bypass_identity", "INF-OPS-3", bypass_identity },
};
const unsigned int dma_count = ARRAY_SIZE(dma_tests);
