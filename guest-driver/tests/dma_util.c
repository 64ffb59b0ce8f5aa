// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>
#include <faultline/rt.h>
#include "tests/dma_util.h"

static uint8_t *pages;
static uint32_t page_size;

/* Pages of the granule of e (at least MIN_PAGE); false when memory ran out. */
static bool size_pages(const struct fixture *e)
{
	uint64_t g = fx_granule(e), want = g > MIN_PAGE ? g : MIN_PAGE;

	if (pages && page_size >= want)
		return true;
	if (want > UINT32_MAX / DMA_PAGES)
		return false;
	pages = rt_alloc(DMA_PAGES * (size_t)want, (size_t)want);
	page_size = pages ? (uint32_t)want : 0;
	return pages != NULL;
}

uint32_t test_page_size(void)
{
	return page_size;
}

uint8_t *test_page(unsigned int k)
{
	return pages ? pages + (k % DMA_PAGES) * page_size : NULL;
}

uint64_t test_page_pa(unsigned int k)
{
	return rt_virt_to_phys(test_page(k));
}

void page_fill(unsigned int k, uint8_t byte)
{
	memset(test_page(k), byte, page_size);
}

unsigned int page_diff(unsigned int k, unsigned int off, unsigned int len, uint8_t byte)
{
	const uint8_t *p = test_page(k);
	unsigned int n = 0;

	for (unsigned int i = off; i < off + len && i < page_size; i++)
		n += p[i] != byte;
	return n;
}

struct endpoint *dma_endpoint_for(struct fixture *e, bool need_read, unsigned int nth)
{
	if (!size_pages(e))
		return NULL;
	for (unsigned int i = 0; i < e->nep; i++) {
		struct dma_endpoint *d = e->ep[i].dma;

		if (d && (!need_read || d->can_read) && nth-- == 0)
			return &e->ep[i];
	}
	return NULL;
}

struct endpoint *dma_endpoint_unlike(struct fixture *e, const struct endpoint *like)
{
	for (unsigned int i = 0; i < e->nep; i++)
		if (e->ep[i].dma && (!like || strcmp(e->ep[i].kind, like->kind)))
			return &e->ep[i];
	return NULL;
}

int dma_attach(struct fixture *e, struct endpoint *ep, uint32_t dom)
{
	uint64_t start[4], end[4];
	unsigned int n = 0;
	int st = viommu_attach(&e->v, dom, ep->id, 0);

	if (st != VIRTIO_IOMMU_S_OK || !ep->dma || !ep->dma->ops->own_ranges)
		return st;
	n = ep->dma->ops->own_ranges(ep->dma, start, end, 4);
	for (unsigned int i = 0; i < n && st == VIRTIO_IOMMU_S_OK; i++)
		st = viommu_map(&e->v, dom, start[i], end[i], start[i],
				VIRTIO_IOMMU_MAP_F_READ | VIRTIO_IOMMU_MAP_F_WRITE);
	return st;
}

bool dma_load_pattern(struct fixture *e, struct endpoint *ep, uint32_t dom, uint64_t iova,
		      const char *ids)
{
	int st, r;

	page_fill(0, PATTERN);
	st = viommu_map(&e->v, dom, iova, iova + page_size - 1, test_page_pa(0),
			VIRTIO_IOMMU_MAP_F_READ);
	r = st == VIRTIO_IOMMU_S_OK ? ep->dma->ops->read(ep->dma, iova, DMA_LEN) : DMA_FAILED;
	if (r != DMA_DONE)
		fail_setup(ids, "dma: load a pattern into the endpoint",
			   "MAP %s, read DMA %d", viommu_status_name(st), r);
	return r == DMA_DONE;
}

bool set_bypass(struct fixture *e, uint8_t val, const char *ids, const char *desc)
{
	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_BYPASS_CONFIG)) {
		if (!val && !viommu_negotiated(&e->v, VIRTIO_IOMMU_F_BYPASS))
			return true;	/* no bypass feature: unattached means blocked */
		skip(ids, desc, "bypass cannot be set to %u without BYPASS_CONFIG", val);
		return false;
	}
	viommu_write_bypass(&e->v, val);
	return true;
}

static const char *reason_name(unsigned int r)
{
	static const char *const n[] = { "R_UNKNOWN", "R_DOMAIN", "R_MAPPING" };

	return r < 3 ? n[r] : "undefined reason";
}

/*
 * DEV-FAULT-4 leaves the rounding open: the IOVA, or its granule g.  An
 * unattached virtio endpoint faults on its own rings before the buffer: an
 * address there is the faulting access too.
 */
static void check_address(const struct fault_expect *x, const struct viommu_event *ev,
			  uint64_t g)
{
	uint32_t flags = event_flags(ev);
	uint64_t addr = event_address(ev);
	bool in_rings = x->first_access_end && addr >= x->first_access && addr <= x->first_access_end;
	char desc[128];

	snprintf(desc, sizeof(desc), "%s: address is the faulting IOVA", x->what);
	if (!(flags & VIRTIO_IOMMU_FAULT_F_ADDRESS))
		record("DEV-FAULT-4", desc, "no F_ADDRESS (address omitted)");
	else if (addr != x->address && addr == (x->address & ~(g - 1)))
		record("DEV-FAULT-4", desc, "0x%llx, the granule of 0x%llx", (unsigned long long)addr,
		       (unsigned long long)x->address);
	else
		check_that(DESCR, "DEV-FAULT-4", addr == x->address || in_rings, desc,
			   x->first_access_end ? "the DMA's IOVA or its rings' addresses" : "the DMA's IOVA",
			   "0x%llx (DMA at 0x%llx)", (unsigned long long)addr,
			   (unsigned long long)x->address);
}

static void check_direction(const struct fault_expect *x, uint32_t flags)
{
	uint32_t rw = flags & (VIRTIO_IOMMU_FAULT_F_READ | VIRTIO_IOMMU_FAULT_F_WRITE);
	char desc[128];

	snprintf(desc, sizeof(desc), "%s: flags give the access direction", x->what);
	if (!rw)
		record("INF-FAULT-2", desc, "neither F_READ nor F_WRITE (flags 0x%x)", flags);
	else
		check_that(DESCR, "INF-FAULT-2", rw == x->dir, desc,
			   x->dir == VIRTIO_IOMMU_FAULT_F_READ ? "F_READ" : "F_WRITE",
			   "flags 0x%x", flags);
}

static void check_fields(const struct fault_expect *x, const struct viommu_event *ev,
			 uint64_t g)
{
	const struct virtio_iommu_fault *f = &ev->fault;
	uint32_t flags = event_flags(ev), rsv1 = le32_get(f->reserved1);
	char desc[128];

	snprintf(desc, sizeof(desc), "%s: reason is %s", x->what, reason_name(x->reason));
	check_that(DESCR, "INF-FAULT-2", f->reason == x->reason, desc, reason_name(x->reason),
		   "%s (%u)", reason_name(f->reason), f->reason);
	check_direction(x, flags);
	check_address(x, ev, g);
	snprintf(desc, sizeof(desc), "%s: endpoint is the one that did the DMA", x->what);
	check_that(SHOULD, "DEV-FAULT-3", event_endpoint(ev) == x->endpoint, desc, "its ID",
		   "0x%x (DMA by 0x%x)", event_endpoint(ev), x->endpoint);
	snprintf(desc, sizeof(desc), "%s: reserved fields are zero", x->what);
	check_that(SHOULD, "DEV-FAULT-1", !f->reserved[0] && !f->reserved[1] && !f->reserved[2] &&
		   !rsv1, desc, "0", "reserved %02x %02x %02x, reserved1 0x%x", f->reserved[0],
		   f->reserved[1], f->reserved[2], rsv1);
	snprintf(desc, sizeof(desc), "%s: undefined flag bits are zero", x->what);
	check_that(SHOULD, "DEV-FAULT-2", !(flags & ~VIRTIO_IOMMU_FAULT_F_DEFINED), desc,
		   "flags & ~0x103 == 0", "flags 0x%x", flags);
}

bool check_fault(struct fixture *e, const struct fault_expect *x)
{
	struct viommu_event ev;
	char desc[128];
	int err = events_next(&e->ev, &ev, FAULT_WAIT_NS);

	snprintf(desc, sizeof(desc), "%s: the fault is reported on the event queue", x->what);
	if (!check_that(DESCR, "INF-FAULT-2", !err && ev.used_len >= sizeof(ev.fault), desc,
			"a 24-byte report", err ? "none within %llu ms" : "used length %llu",
			err ? (unsigned long long)(FAULT_WAIT_NS / RT_NSEC_PER_MSEC) :
			      (unsigned long long)ev.used_len)) {
		snprintf(desc, sizeof(desc), "%s: report fields", x->what);
		skip("DEV-FAULT-1,DEV-FAULT-2,DEV-FAULT-3,DEV-FAULT-4", desc, "no report to check");
		return false;
	}
	check_fields(x, &ev, fx_granule(e));
	e->faults_checked++;
	events_post(&e->ev, 1, sizeof(struct virtio_iommu_fault));	/* refill */
	/* The spec does not say how many reports one faulting transfer gives. */
	snprintf(desc, sizeof(desc), "%s: further reports for the same transfer", x->what);
	record("INF-FAULT-2", desc, "%u", drain_faults(e, EXTRA_FAULT_WAIT_NS));
	return true;
}

unsigned int drain_faults(struct fixture *e, uint64_t wait_ns)
{
	struct viommu_event ev;
	unsigned int n = 0;

	while (!events_next(&e->ev, &ev, wait_ns)) {
		n++;
		events_post(&e->ev, 1, sizeof(struct virtio_iommu_fault));
	}
	return n;
}
