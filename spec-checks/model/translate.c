// SPDX-License-Identifier: MIT
/*
 * The DMA path: an endpoint's access at an IOVA is translated as section
 * 5.13 describes, or blocked and reported (5.13.6.8).  Unattached endpoints
 * bypass when BYPASS_CONFIG is offered and bypass is 1, or when the legacy
 * BYPASS was negotiated (INF-OPS-3); endpoints in a bypass domain bypass.
 * Bypass is the identity.  A transfer stops at its first fault, or (a
 * choice) goes on with one report per faulting 4-byte access.
 */
#include <string.h>
#include <faultline/rt.h>
#include "model_int.h"

#define R(x) VIRTIO_IOMMU_FAULT_R_##x
#define FAULT_ACCESS 4u	/* bytes per access, when every faulting access is reported */

struct xlate {
	uint64_t pa;
	uint64_t span;		/* bytes from pa that translate contiguously */
	uint8_t reason;		/* when blocked */
};

static bool unattached_bypass(const struct model *m)
{
	if (mutated(m, MUT_OPS_UNATTACHED_DMA))
		return true;
	if (mutated(m, MUT_OPS_BYPASS_IGNORED))
		return false;
	if (model_negotiated(m, VIRTIO_IOMMU_F_BYPASS))
		return !mutated(m, MUT_OPS_LEGACY_BYPASS_IGNORED);
	if (!model_offered(m, VIRTIO_IOMMU_F_BYPASS_CONFIG))
		return false;
	if (mutated(m, MUT_OPS_BYPASS_NEEDS_NEGOTIATION) &&
	    !model_negotiated(m, VIRTIO_IOMMU_F_BYPASS_CONFIG))
		return false;
	return m->bypass == 1;
}

static bool identity(uint64_t iova, uint64_t last, struct xlate *x)
{
	x->pa = iova;
	x->span = last - iova + 1 ? last - iova + 1 : UINT64_MAX;
	return true;
}

static bool blocked(uint8_t reason, struct xlate *x)
{
	x->reason = reason;
	return false;
}

/* DEV-MAP-6, DEV-MAP-7: writes need WRITE; reads need READ (or WRITE, a choice). */
static bool permitted(const struct model *m, uint32_t flags, bool write)
{
	if (write)
		return (flags & VIRTIO_IOMMU_MAP_F_WRITE) || mutated(m, MUT_MAP_WRITE_THROUGH_RO);
	if (mutated(m, MUT_MAP_READ_WITHOUT_READ))
		return true;
	return (flags & VIRTIO_IOMMU_MAP_F_READ) ||
	       ((flags & VIRTIO_IOMMU_MAP_F_WRITE) && KNOB(m, wo_read));
}

static bool through_mapping(const struct model *m, const struct mapping *p, uint64_t iova,
			    struct xlate *x)
{
	uint64_t g = model_granule(m);

	x->pa = iova - p->start + p->phys;
	x->span = p->end - iova + 1 ? p->end - iova + 1 : UINT64_MAX;
	if (mutated(m, MUT_MAP_NO_OFFSET)) {
		x->pa = p->phys;
	} else if (mutated(m, MUT_MAP_PAGE_OFFSET_ONLY)) {
		x->pa = p->phys + ((iova - p->start) & (g - 1));
		x->span = g - ((iova - p->start) & (g - 1));
	}
	return true;
}

/* Reserved regions of the endpoint: MSI doorbells pass, the rest fault. */
static const struct resv *in_resv(const struct mep *ep, uint64_t iova)
{
	for (unsigned int i = 0; i < ep->nresv; i++)
		if (iova >= ep->resv[i].start && iova <= ep->resv[i].end)
			return &ep->resv[i];
	return NULL;
}

static bool translate(const struct model *m, const struct mep *ep, uint64_t iova, bool write,
		      struct xlate *x)
{
	const struct mapping *p;
	const struct resv *r;
	int d = ep->domain;

	if (d == NO_DOMAIN)
		return unattached_bypass(m) ? identity(iova, UINT64_MAX, x) : blocked(R(DOMAIN), x);
	if (m->dom[d].bypass && !mutated(m, MUT_OPS_BYPASS_DOMAIN_TRANSLATED))
		return identity(iova, UINT64_MAX, x);
	r = in_resv(ep, iova);
	if (r && r->subtype == VIRTIO_IOMMU_RESV_MEM_T_MSI)
		return identity(iova, r->end, x);
	if (r)
		return blocked(R(MAPPING), x);
	p = mapping_find(m, d, iova);
	if (!p)
		return blocked(mutated(m, MUT_FAULT_MAPPING_AS_UNKNOWN) ? R(UNKNOWN) : R(MAPPING), x);
	if (!permitted(m, p->flags, write))
		return blocked(mutated(m, MUT_FAULT_PERM_AS_DOMAIN) ? R(DOMAIN) : R(MAPPING), x);
	return through_mapping(m, p, iova, x);
}

/* Memory outside rt_alloc'd buffers behaves as unassigned: reads 0xff. */
static void access_memory(const struct model *m, uint64_t pa, uint8_t *buf, uint32_t n,
			  bool write)
{
	if (m->mem) {
		if (!m->mem(m->mem_ctx, pa, buf, n, write) && !write)
			memset(buf, 0xff, n);
		return;
	}
	if (!model_ram_contains(pa, n)) {
		if (!write)
			memset(buf, 0xff, n);
		return;
	}
	if (write)
		memcpy(rt_phys_to_virt(pa), buf, n);
	else
		memcpy(buf, rt_phys_to_virt(pa), n);
}

static void report(struct model *m, const struct mep *ep, uint64_t iova, bool write,
		   uint8_t reason)
{
	struct fault f = {
		.reason = reason,
		.flags = write ? VIRTIO_IOMMU_FAULT_F_WRITE : VIRTIO_IOMMU_FAULT_F_READ,
		.endpoint = ep->id,
		.address = iova,
	};

	if (mutated(m, MUT_FAULT_NOT_REPORTED))
		return;
	if (reason == R(DOMAIN) && mutated(m, MUT_FAULT_DOMAIN_AS_MAPPING))
		f.reason = R(MAPPING);
	if (mutated(m, MUT_FAULT_ENDPOINT_DOMAIN))
		f.endpoint = ep->domain == NO_DOMAIN ? 0 : m->dom[ep->domain].id;
	/* Deviations of the second endpoint kind only: the sequences probe it too. */
	if (ep->rng && mutated(m, MUT_FAULT_RNG_ENDPOINT_OTHER))
		f.endpoint = ep->id - 8;
	if (ep->rng && write && mutated(m, MUT_FAULT_RNG_WRITE_AS_READ))
		f.flags = VIRTIO_IOMMU_FAULT_F_READ;
	fault_report(m, &f);
}

static uint32_t access_size(uint64_t addr, uint32_t left)
{
	uint32_t n = FAULT_ACCESS;

	while (n > 1 && ((addr & (n - 1)) || n > left))
		n /= 2;
	return n;
}

uint32_t model_dma(struct model *m, struct mep *ep, uint64_t iova, uint8_t *buf,
		   uint32_t len, bool write)
{
	uint32_t done = 0, moved = 0;

	while (done < len) {
		struct xlate x;
		uint32_t n;

		if (!translate(m, ep, iova + done, write, &x)) {
			report(m, ep, iova + done, write, x.reason);
			if (!KNOB(m, fault_each))
				break;
			/*
			 * The other way: the transfer goes on, one report per access;
			 * accesses are naturally aligned, up to 4 bytes (1, 2, 4).
			 */
			done += access_size(iova + done, len - done);
			continue;
		}
		n = x.span < len - done ? (uint32_t)x.span : len - done;
		access_memory(m, x.pa, buf + done, n, write);
		done += n;
		moved += n;
	}
	return moved;
}

/*
 * Whether ep's reads and writes of [start, end] all translate 1:1 with no
 * fault: a virtio-rng's ring is reachable (nothing is reported here).
 */
bool model_identity(const struct model *m, const struct mep *ep, uint64_t start, uint64_t end)
{
	for (uint64_t at = start;;) {
		struct xlate r, w;
		uint64_t span;

		if (!translate(m, ep, at, false, &r) || !translate(m, ep, at, true, &w) ||
		    r.pa != at || w.pa != at)
			return false;
		span = r.span < w.span ? r.span : w.span;
		if (!span || span > end - at)
			return true;
		at += span;
	}
}
