// SPDX-License-Identifier: MIT
/* The machine a run works on: the pool of DMA targets, IDs and IOVAs. */
#include <stdio.h>
#include <string.h>
#include <faultline/rt.h>
#include "fuzz/fuzz.h"

/* xorshift64*: small, and the same stream on every platform. */
uint64_t fz_rng(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ull;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

void fz_pool_fill(const struct fz_env *env, uint8_t byte)
{
	memset(env->pool, byte, (FZ_POOL_PAGES + 1) * env->page);
}

/*
 * Domain IDs: the first few of the range, its ends, one outside when there
 * is one; shifted by sequence, so that what a device keeps from an earlier
 * sequence (it should not, across the reset) cannot hide this one's.
 */
void fz_env_domains(struct fz_env *env, unsigned int seq)
{
	const struct viommu *v = &env->fx->v;
	uint32_t lo = 1, hi = 0xffffffffu;

	if (viommu_offered(v, VIRTIO_IOMMU_F_DOMAIN_RANGE)) {
		lo = v->cfg.domain_start;
		hi = v->cfg.domain_end;
	}
	uint32_t up = hi - lo >= 1024 ? 4 * (seq % 128) : 0, down = up / 2;

	env->doms[0] = lo + up;
	env->doms[1] = lo + up + 1;
	env->doms[2] = lo + up + 2;
	env->doms[3] = lo + up + 3;
	env->doms[4] = hi - down;
	env->doms[5] = hi - down - 1;
	env->doms[6] = lo ? lo - 1 : hi < 0xffffffffu ? hi + 1 : 0x7fffffffu;
}

static void bad(struct fz_env *env, enum mutant mu, const char *why)
{
	size_t len = strlen(env->bad_why);

	env->bad[mu / 64] |= 1ull << (mu % 64);
	snprintf(env->bad_why + len, sizeof(env->bad_why) - len, "%s%s", len ? "; " : "", why);
}

/* A property the oracle takes as the device's configuration, checked first. */
static void check_resv(struct fz_env *env, const struct virtio_iommu_probe_resv_mem *r,
		       const struct model_ep_def *d)
{
	uint64_t s = le64_get(r->start), e = le64_get(r->end);
	unsigned int msi = r->subtype == VIRTIO_IOMMU_RESV_MEM_T_MSI;

	if (le16_get(r->head.type) & ~VIRTIO_IOMMU_PROBE_T_MASK)
		bad(env, MUT_PROBE_HEADER_RESERVED, "a property type with reserved bits set");
	if (le16_get(r->head.length) != sizeof(*r) - sizeof(r->head))
		bad(env, le16_get(r->head.length) > sizeof(*r) - sizeof(r->head) ?
			 MUT_PROBE_LENGTH_PLUS_4 : MUT_PROBE_LENGTH_MINUS_4,
		    "a RESV_MEM property of the wrong length");
	if (r->reserved[0] | r->reserved[1] | r->reserved[2])
		bad(env, MUT_RESV_RESERVED_SET, "RESV_MEM reserved bytes set");
	if (s > e)
		bad(env, MUT_RESV_INVERTED, "a RESV_MEM region with start > end");
	for (unsigned int k = 0; k < d->nresv; k++) {
		msi += d->resv[k].subtype == VIRTIO_IOMMU_RESV_MEM_T_MSI;
		if (s <= d->resv[k].end && e >= d->resv[k].start)
			bad(env, MUT_RESV_OVERLAP, "overlapping RESV_MEM regions");
	}
	if (msi > 1)
		bad(env, MUT_RESV_TWO_MSI, "more than one MSI region");
}

/* Features and configuration no conforming device has. */
static void check_config(struct fz_env *env)
{
	const struct viommu *v = &env->fx->v;

	if (!viommu_offered(v, VIRTIO_IOMMU_F_MAP_UNMAP))
		bad(env, MUT_FEAT_NO_MAP_UNMAP, "MAP_UNMAP not offered");
	if (viommu_offered(v, VIRTIO_IOMMU_F_BYPASS) &&
	    viommu_offered(v, VIRTIO_IOMMU_F_BYPASS_CONFIG))
		bad(env, MUT_FEAT_BOTH_BYPASS, "BYPASS and BYPASS_CONFIG both offered");
	else if (viommu_offered(v, VIRTIO_IOMMU_F_BYPASS))
		bad(env, MUT_FEAT_LEGACY_BYPASS, "the legacy BYPASS offered");
	if (!v->cfg.page_size_mask)
		bad(env, MUT_CFG_PAGE_SIZE_ZERO, "page_size_mask is 0");
}

/* The regions PROBE reports for an endpoint: the model's endpoint gets them. */
static void learn_resv(struct fz_env *env, struct model_ep_def *d)
{
	static uint8_t *props;
	uint32_t size = env->probe_size, off = 0;

	if (!viommu_negotiated(&env->fx->v, VIRTIO_IOMMU_F_PROBE))
		return;
	if (!props)
		props = rt_alloc(FZ_IN_MAX, 64);
	if (!props || viommu_probe(&env->fx->v, d->id, props, size, NULL) != VIRTIO_IOMMU_S_OK)
		return;
	while (off + sizeof(struct virtio_iommu_probe_property) <= size) {
		struct virtio_iommu_probe_resv_mem r;
		uint16_t type, len;

		memcpy(&r, props + off, size - off < sizeof(r) ? size - off : sizeof(r));
		type = le16_get(r.head.type) & VIRTIO_IOMMU_PROBE_T_MASK;
		len = le16_get(r.head.length);
		if (type == VIRTIO_IOMMU_PROBE_T_NONE)
			break;
		if (type == VIRTIO_IOMMU_PROBE_T_RESV_MEM && off + sizeof(r) <= size)
			check_resv(env, &r, d);
		if (type == VIRTIO_IOMMU_PROBE_T_RESV_MEM && off + sizeof(r) <= size &&
		    d->nresv < MODEL_EP_RESV) {
			d->resv[d->nresv].subtype = r.subtype;
			d->resv[d->nresv].start = le64_get(r.start);
			d->resv[d->nresv++].end = le64_get(r.end);
		}
		off += sizeof(struct virtio_iommu_probe_property) + len;
	}
}

/*
 * The virtio-rng: its rings as whole pages (a MAP of them 1:1 makes them
 * reachable in a translated domain; rnggen.c).
 */
static void pick_rng(struct fz_env *env, unsigned int i)
{
	struct dma_endpoint *d = env->fx->ep[i].dma;
	uint64_t s, e;

	if (env->rng_ep >= 0 || !d || !d->ops->write || !d->ops->own_ranges ||
	    d->max_len < FZ_DMA_LEN || d->ops->own_ranges(d, &s, &e, 1) != 1)
		return;
	env->rng_ep = (int)i;
	env->ring_start = s & ~(env->page - 1);
	env->ring_end = e | (env->page - 1);
}

static void pick_endpoints(struct fz_env *env)
{
	struct fixture *fx = env->fx;

	env->neps = 0;
	env->dma_ep[0] = env->dma_ep[1] = -1;
	env->rng_ep = -1;
	env->ring_start = env->ring_end = 0;
	env->nepdef = 0;
	for (unsigned int i = 0; i < fx->nep && env->neps < FZ_EPS - 1; i++) {
		struct model_ep_def *d = &env->epdef[env->nepdef++];

		*d = (struct model_ep_def){ .id = fx->ep[i].id,
					    .rng = !strcmp(fx->ep[i].kind, "virtio-rng") };
		learn_resv(env, d);
		env->eps[env->neps++] = fx->ep[i].id;
		if (fx->ep[i].dma && fx->ep[i].dma->can_read && fx->ep[i].dma->echoes_read &&
		    fx->ep[i].dma->max_len >= FZ_DMA_LEN)
			env->dma_ep[env->dma_ep[0] < 0 ? 0 : 1] = (int)i;
		else if (d->rng)
			pick_rng(env, i);
	}
	env->eps[env->neps++] = ENDPOINT_ABSENT;
}

bool fz_env_init(struct fz_env *env, struct fixture *fx)
{
	static uint8_t *pool;
	static uint64_t pool_page;
	const struct viommu *v = &fx->v;
	uint64_t g = fx_granule(fx), base = 0;

	env->fx = fx;
	/* Indirect descriptors too, when the device offers them: framing to vary. */
	env->features = v->negotiated | (v->offered & VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC));
	env->granule = g;
	env->page = g > 4096 ? g : 4096;
	if (!pool || pool_page != env->page) {
		pool = rt_alloc((FZ_POOL_PAGES + 1) * env->page, env->page);
		pool_page = env->page;
	}
	if (!pool)
		return false;
	env->pool = pool;
	env->pool_pa = rt_virt_to_phys(pool);
	if (viommu_offered(v, VIRTIO_IOMMU_F_INPUT_RANGE))
		base = (v->cfg.input_start + env->page - 1) & ~(env->page - 1);
	env->iova_base = base + 0x100000;
	env->probe_size = v->cfg.probe_size;
	if (env->probe_size > FZ_IN_MAX - 8)
		env->probe_size = FZ_IN_MAX - 8;
	memset(env->bad, 0, sizeof(env->bad));
	env->bad_why[0] = '\0';
	/* fx_setup read it at the boot's first test; a device reset keeps bypass */
	env->power_bypass = fx->boot_bypass_known ? fx->boot_bypass : viommu_read_bypass(&fx->v);
	env->resumed = false;
	check_config(env);
	fz_env_domains(env, 0);
	pick_endpoints(env);
	return true;
}
