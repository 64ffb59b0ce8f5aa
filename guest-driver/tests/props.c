// SPDX-License-Identifier: MIT
#include <string.h>
#include <faultline/rt.h>
#include "harness/tap.h"
#include "tests/props.h"

#define HDR sizeof(struct virtio_iommu_probe_property)
#define RESV_MEM_LEN (sizeof(struct virtio_iommu_probe_resv_mem) - HDR)

/* Properties are packed, so fields may sit at any byte offset. */
static uint16_t get16(const uint8_t *b)
{
	le16 x;

	memcpy(&x, b, sizeof(x));
	return le16_get(x);
}

static uint64_t get64(const uint8_t *b)
{
	le64 x;

	memcpy(&x, b, sizeof(x));
	return le64_get(x);
}

int props_probe(struct viommu *v, uint32_t endpoint, uint32_t area_len, uint8_t rsv,
		struct props *p)
{
	struct virtio_iommu_req_probe r = {
		.head.type = VIRTIO_IOMMU_T_PROBE,
		.endpoint = le32_of(endpoint),
	};
	struct viommu_req req = { .out = { { &r, sizeof(r) } }, .nout = 1 };

	memset(p, 0, sizeof(*p));
	memset(r.reserved, rsv, sizeof(r.reserved));
	p->size = area_len;
	p->area = rt_alloc(area_len + 1, 8);
	if (!p->area)
		return p->status = VIOMMU_E_QUEUE;
	memset(p->area, PROPS_POISON, area_len);
	memset(p->tail, PROPS_POISON, sizeof(p->tail));
	if (area_len)
		req.in[req.nin++] = (struct vq_seg){ p->area, area_len };
	req.in[req.nin++] = (struct vq_seg){ p->tail, sizeof(p->tail) };
	p->status = viommu_submit(v, &req, 1);
	p->used_len = req.used_len;
	if (!p->status)
		p->status = req.used_len ? p->tail[0] : VIOMMU_E_USED0;
	if (p->status == VIRTIO_IOMMU_S_OK)
		props_parse(p);
	return p->status;
}

int props_probe_ep(struct fixture *e, const struct endpoint *ep, struct props *p)
{
	return props_probe(&e->v, ep->id, e->v.cfg.probe_size, 0, p);
}

void props_parse(struct props *p)
{
	uint32_t off = 0;

	p->n = 0;
	p->overrun = false;
	while (p->size - off >= HDR) {
		uint16_t type = get16(p->area + off), len = get16(p->area + off + 2);

		if (!(type & VIRTIO_IOMMU_PROBE_T_MASK))
			break;
		if (len > p->size - off - HDR) {
			p->overrun = true;
			break;
		}
		if (p->n < PROPS_MAX)
			p->p[p->n] = (struct prop){
				.offset = off,
				.type = type & VIRTIO_IOMMU_PROBE_T_MASK,
				.reserved = type >> 12,
				.length = len,
				.value = p->area + off + HDR,
			};
		p->n++;
		off += HDR + len;
	}
	p->end = off;
}

uint32_t props_count_not(const struct props *p, uint32_t from, uint32_t to, uint8_t val,
			 uint32_t *first)
{
	uint32_t n = 0;

	for (uint32_t i = from; i < to && i < p->size; i++) {
		if (p->area[i] != val && !n++ && first)
			*first = i;
	}
	return n;
}

bool props_resv_mem(const struct prop *p, struct resv_mem *r)
{
	if (p->type != VIRTIO_IOMMU_PROBE_T_RESV_MEM || p->length < RESV_MEM_LEN)
		return false;
	r->subtype = p->value[0];
	memcpy(r->reserved, p->value + 1, sizeof(r->reserved));
	r->start = get64(p->value + 4);
	r->end = get64(p->value + 12);
	return true;
}

int props_regions(struct fixture *e, const struct endpoint *ep, struct regions *g)
{
	struct props p;

	g->status = props_probe_ep(e, ep, &p);
	g->n = 0;
	for (unsigned int i = 0; i < p.n && i < PROPS_MAX; i++)
		g->n += props_resv_mem(&p.p[i], &g->r[g->n]);
	return g->status;
}

bool regions_overlap(const struct regions *g, uint64_t start, uint64_t end)
{
	for (unsigned int i = 0; i < g->n; i++)
		if (start <= g->r[i].end && end >= g->r[i].start)
			return true;
	return false;
}

uint64_t resv_granule_in(const struct resv_mem *r, uint64_t g)
{
	uint64_t up = (r->start + g - 1) & ~(g - 1);

	if (up >= r->start && up - 1 + g <= r->end)
		return up;
	return r->start & ~(g - 1);
}

const char *props_subtype_name(uint8_t subtype)
{
	switch (subtype) {
	case VIRTIO_IOMMU_RESV_MEM_T_RESERVED: return "RESERVED";
	case VIRTIO_IOMMU_RESV_MEM_T_MSI: return "MSI";
	}
	return "unknown subtype";
}

void props_describe(const struct props *p, const char *who)
{
	struct resv_mem r;

	tap_diag("%s: PROBE %s, used length %u, %u propert%s in %u of %u bytes%s", who,
		 viommu_status_name(p->status), p->used_len, p->n, p->n == 1 ? "y" : "ies",
		 p->end, p->size, p->overrun ? ", the last one overruns the area" : "");
	for (unsigned int i = 0; i < p->n && i < PROPS_MAX; i++) {
		const struct prop *q = &p->p[i];

		if (props_resv_mem(q, &r))
			tap_diag("  +%u RESV_MEM length %u subtype %u (%s) [0x%llx, 0x%llx]",
				 q->offset, q->length, r.subtype, props_subtype_name(r.subtype),
				 (unsigned long long)r.start, (unsigned long long)r.end);
		else
			tap_diag("  +%u type %u length %u%s", q->offset, q->type, q->length,
				 q->reserved ? " (header reserved bits set)" : "");
	}
}

bool props_can_probe(struct fixture *e, const char *ids, const char *desc)
{
	if (!viommu_negotiated(&e->v, VIRTIO_IOMMU_F_PROBE)) {
		skip(ids, desc, "VIRTIO_IOMMU_F_PROBE not offered");
		return false;
	}
	if (!e->nep) {
		skip(ids, desc, "no endpoint behind the virtio-iommu");
		return false;
	}
	return true;
}
