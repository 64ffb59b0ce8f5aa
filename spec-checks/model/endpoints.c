// SPDX-License-Identifier: MIT
/*
 * The endpoints behind the model, two kinds as in the guest:
 *  - "edu": reads into a 4 KiB buffer of its own and writes it back out
 *    (echoes_read); a transfer that faults still ends (DMA_DONE), having
 *    moved what it could;
 *  - "virtio-rng": writes data of its own making, cannot read, and first
 *    reads (then updates) its own ring through the IOMMU, so the test must
 *    make that reachable (own_ranges); any fault breaks it (DMA_FAILED)
 *    until recover.
 * Each reports the reserved regions the configuration gives it.
 */
#include <stdio.h>
#include <string.h>
#include <faultline/rt.h>
#include "model_int.h"

#define MSI(s, e) { VIRTIO_IOMMU_RESV_MEM_T_MSI, s, e }
#define RSV(s, e) { VIRTIO_IOMMU_RESV_MEM_T_RESERVED, s, e }
#define X86_MSI MSI(0xfee00000, 0xfeefffff)
#define RING_DESC 16u		/* the descriptor the rng reads */
#define RING_USED 8u		/* the used element it writes */

struct ep_def {
	uint32_t id;
	const char *kind;
	struct resv resv[3][MODEL_MAX_RESV];	/* per RESV_* profile */
	unsigned int nresv[3];
};

static const struct ep_def defs[MODEL_MAX_EPS] = {
	{ 0x10, "edu", { [RESV_DEFAULT] = { X86_MSI },
			 [RESV_MANY] = { X86_MSI, RSV(0x8000000, 0x80fffff),
					 RSV(0x20000000, 0x2001ffff) } },
	  { 1, 0, 3 } },
	{ 0x18, "virtio-rng", { [RESV_DEFAULT] = { RSV(0x8000000, 0x80fffff), X86_MSI },
				[RESV_MANY] = { RSV(0x8000000, 0x80fffff), X86_MSI,
						RSV(0x30000000, 0x3000ffff) } },
	  { 2, 0, 3 } },
	{ 0x20, "edu", { [RESV_MANY] = { RSV(0x8000000, 0x80fffff) } }, { 0, 0, 1 } },
};

static struct mep *to_mep(struct dma_endpoint *d)
{
	return (struct mep *)d;
}

static int edu_move(struct dma_endpoint *d, uint64_t iova, uint32_t len, bool write)
{
	struct mep *ep = to_mep(d);

	if (!len || len > sizeof(ep->buf))
		return DMA_UNSUPPORTED;
	d->transfers++;
	model_dma(ep->m, ep, iova, ep->buf, len, write);
	return DMA_DONE;
}

static int edu_read(struct dma_endpoint *d, uint64_t iova, uint32_t len)
{
	return edu_move(d, iova, len, false);
}

static int edu_write(struct dma_endpoint *d, uint64_t iova, uint32_t len)
{
	return edu_move(d, iova, len, true);
}

static int rng_read(struct dma_endpoint *d, uint64_t iova, uint32_t len)
{
	(void)d, (void)iova, (void)len;
	return DMA_UNSUPPORTED;
}

/* Deterministic "entropy", so that runs are reproducible. */
static void rng_fill(struct mep *ep, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		ep->seed = ep->seed * 1103515245u + 12345u;
		ep->buf[i] = (uint8_t)(ep->seed >> 16);
	}
}

/* One request of a virtio-rng: descriptor in, data out, used element out. */
static int rng_write(struct dma_endpoint *d, uint64_t iova, uint32_t len)
{
	struct mep *ep = to_mep(d);
	uint64_t ring = rt_virt_to_phys(ep->ring);
	uint8_t desc[RING_DESC], used[RING_USED] = { 0 };

	if (!len || len > sizeof(ep->buf))
		return DMA_UNSUPPORTED;
	d->transfers++;
	if (ep->broken)
		return DMA_FAILED;
	rng_fill(ep, len);
	ep->broken = model_dma(ep->m, ep, ring, desc, RING_DESC, false) < RING_DESC ||
		     model_dma(ep->m, ep, iova, ep->buf, len, true) < len ||
		     model_dma(ep->m, ep, ring + RING_DESC, used, RING_USED, true) < RING_USED;
	return ep->broken ? DMA_FAILED : DMA_DONE;
}

static int rng_recover(struct dma_endpoint *d)
{
	to_mep(d)->broken = false;
	return DMA_DONE;
}

/* Inclusive ranges, like the spec's. */
static unsigned int rng_own_ranges(struct dma_endpoint *d, uint64_t *start, uint64_t *end,
				   unsigned int max)
{
	struct mep *ep = to_mep(d);

	if (!max)
		return 0;
	start[0] = rt_virt_to_phys(ep->ring);
	end[0] = start[0] + MODEL_RING_BYTES - 1;
	return 1;
}

static int edu_recover(struct dma_endpoint *d)
{
	(void)d;
	return DMA_DONE;
}

static const struct dma_ops edu_ops = {
	.read = edu_read,
	.write = edu_write,
	.recover = edu_recover,
};

static const struct dma_ops rng_ops = {
	.read = rng_read,
	.write = rng_write,
	.recover = rng_recover,
	.own_ranges = rng_own_ranges,
};

static void endpoint_init(struct model *m, struct mep *ep, const struct ep_def *def)
{
	int profile = KNOB(m, resv);

	ep->m = m;
	ep->id = def->id;
	ep->kind = def->kind;
	ep->rng = !strcmp(def->kind, "virtio-rng");
	ep->domain = NO_DOMAIN;
	ep->seed = def->id;
	ep->nresv = def->nresv[profile];
	memcpy(ep->resv, def->resv[profile], sizeof(ep->resv));
	ep->dma = (struct dma_endpoint){
		.ops = ep->rng ? &rng_ops : &edu_ops,
		.max_len = sizeof(ep->buf),
		.echoes_read = !ep->rng,
		.can_read = !ep->rng,
		.ends_always = !ep->rng,
		.timeout_ns = 10 * RT_NSEC_PER_MSEC,
	};
	if (ep->rng)
		ep->ring = rt_alloc(MODEL_RING_BYTES, MODEL_RING_BYTES);
}

void endpoints_init(struct model *m)
{
	static const unsigned int counts[] = { [ENDPOINTS_3] = 3, [ENDPOINTS_1] = 1,
					       [ENDPOINTS_0] = 0 };

	m->nep = counts[KNOB(m, endpoints)];
	for (unsigned int i = 0; i < m->nep; i++)
		endpoint_init(m, &m->ep[i], &defs[i]);
}

unsigned int model_endpoint_count(const struct model *m)
{
	return m->nep;
}

uint32_t model_endpoint_id(const struct model *m, unsigned int i)
{
	return m->ep[i].id;
}

const char *model_endpoint_kind(const struct model *m, unsigned int i)
{
	return m->ep[i].kind;
}

struct dma_endpoint *model_endpoint_dma(struct model *m, unsigned int i)
{
	return &m->ep[i].dma;
}
