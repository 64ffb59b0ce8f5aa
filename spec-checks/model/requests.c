// SPDX-License-Identifier: MIT
/*
 * The request queue (5.13.6): framing, availability of each type, and the
 * tail.  The readable part starts with the head, the writable part ends with
 * the tail; a request too short to parse, or of a type the device does not
 * know, is returned unwritten with used length 0 (DEV-OPS-2, INF-OPS-1).
 */
#include <string.h>
#include "model_int.h"

union req {
	struct virtio_iommu_req_head head;
	struct virtio_iommu_req_attach attach;
	struct virtio_iommu_req_detach detach;
	struct virtio_iommu_req_map map;
	struct virtio_iommu_req_unmap unmap;
	struct virtio_iommu_req_probe probe;
};

#define TAIL	((uint32_t)sizeof(struct virtio_iommu_req_tail))
#define NOT_ANSWERED	0xffffu	/* returned with used length 0 */
#define SWALLOWED	0xfffeu	/* kept; the device needs a reset */
#define AVAILABLE	0xfffdu	/* handled as if negotiated (a mutant) */

struct req_type {
	uint8_t type;
	uint32_t body;		/* readable bytes: the request less its tail */
	int feature;		/* needed negotiated, or -1 */
};

static const struct req_type types[] = {
	{ VIRTIO_IOMMU_T_ATTACH, offsetof(struct virtio_iommu_req_attach, tail), -1 },
	{ VIRTIO_IOMMU_T_DETACH, offsetof(struct virtio_iommu_req_detach, tail), -1 },
	{ VIRTIO_IOMMU_T_MAP, offsetof(struct virtio_iommu_req_map, tail),
	  VIRTIO_IOMMU_F_MAP_UNMAP },
	{ VIRTIO_IOMMU_T_UNMAP, offsetof(struct virtio_iommu_req_unmap, tail),
	  VIRTIO_IOMMU_F_MAP_UNMAP },
	{ VIRTIO_IOMMU_T_PROBE, sizeof(struct virtio_iommu_req_probe), VIRTIO_IOMMU_F_PROBE },
};

static const struct req_type *find_type(const struct model *m, uint8_t type)
{
	for (unsigned int i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == type)
			return &types[i];
	/* 6-8 are draft types (ATTACH_TABLE, INVALIDATE, PAGE_RESP). */
	if (mutated(m, MUT_OPS_UNKNOWN_DRAFT) && type >= 6 && type <= 8)
		return &types[1];
	return NULL;
}

/*
 * A type whose feature was not negotiated.  PROBE without F_PROBE offered is
 * returned unwritten (DEV-PROBE-3); for the rest no status is given (7.13 #3).
 */
static unsigned int unavailable(const struct model *m, const struct req_type *rt)
{
	static const unsigned int answers[] = {
		NOT_ANSWERED, VIRTIO_IOMMU_S_UNSUPP, VIRTIO_IOMMU_S_INVAL,
	};

	if (rt->type == VIRTIO_IOMMU_T_PROBE && !model_offered(m, rt->feature)) {
		if (mutated(m, MUT_PROBE_UNOFFERED_UNSUPP))
			return VIRTIO_IOMMU_S_UNSUPP;
		if (!mutated(m, MUT_PROBE_UNOFFERED_ANSWERED))
			return NOT_ANSWERED;
		return AVAILABLE;
	}
	if (rt->feature == VIRTIO_IOMMU_F_MAP_UNMAP && mutated(m, MUT_MAP_WITHOUT_FEATURE))
		return AVAILABLE;
	return answers[KNOB(m, unneg_req)];
}

static bool head_reserved_set(const union req *r)
{
	return r->head.reserved[0] || r->head.reserved[1] || r->head.reserved[2];
}

static unsigned int dispatch(struct model *m, const union req *r, const struct chain *c)
{
	if (mutated(m, MUT_OPS_HEAD_RESERVED) && head_reserved_set(r))
		return VIRTIO_IOMMU_S_INVAL;
	switch (r->head.type) {
	case VIRTIO_IOMMU_T_ATTACH:
		return req_attach(m, &r->attach);
	case VIRTIO_IOMMU_T_DETACH:
		return req_detach(m, &r->detach);
	case VIRTIO_IOMMU_T_MAP:
		return req_map(m, &r->map);
	case VIRTIO_IOMMU_T_UNMAP:
		return req_unmap(m, &r->unmap);
	case VIRTIO_IOMMU_T_PROBE:
		return req_probe(m, &r->probe, c, c->in_len - TAIL);
	}
	return VIRTIO_IOMMU_S_UNSUPP;	/* a draft type, under a mutant */
}

/* Too short for its type: unparsable, or a mutant's answer. */
static unsigned int truncated(const struct model *m)
{
	if (mutated(m, MUT_OPS_TRUNCATED_INVAL))
		return VIRTIO_IOMMU_S_INVAL;
	if (mutated(m, MUT_OPS_TRUNCATED_RESET))
		return SWALLOWED;
	return NOT_ANSWERED;
}

/* The readable bytes, from the first descriptor only under a mutant. */
static uint32_t read_body(const struct model *m, const struct chain *c, union req *r)
{
	uint32_t len = sizeof(*r);

	memset(r, 0, sizeof(*r));
	if (mutated(m, MUT_OPS_FIRST_DESCRIPTOR_ONLY) && c->nout > 1 && c->out[0].len < len)
		len = c->out[0].len;
	return chain_gather(c, 0, r, len);
}

/* Returns the status for the tail, NOT_ANSWERED or SWALLOWED. */
static unsigned int answer(struct model *m, const struct chain *c)
{
	const struct req_type *rt;
	unsigned int st;
	union req r;
	uint32_t got = read_body(m, c, &r);

	if (got < sizeof(r.head) || c->in_len < TAIL)
		return truncated(m);
	rt = find_type(m, r.head.type);
	if (!rt)
		return mutated(m, MUT_OPS_UNKNOWN_UNSUPP) ? VIRTIO_IOMMU_S_UNSUPP : NOT_ANSWERED;
	if (rt->feature >= 0 && !model_negotiated(m, (unsigned int)rt->feature)) {
		st = unavailable(m, rt);
		if (st != AVAILABLE)
			return st;
	}
	if (got < rt->body)
		return truncated(m);
	return dispatch(m, &r, c);
}

static void write_tail(const struct model *m, const struct chain *c, uint8_t status)
{
	struct virtio_iommu_req_tail tail = { .status = status };
	uint32_t off = c->in_len - TAIL;

	if (mutated(m, MUT_OPS_TAIL_FIRST_WRITABLE))
		off = 0;
	if (mutated(m, MUT_OPS_TAIL_RESERVED))
		chain_scatter(c, off, &tail, 1);
	else
		chain_scatter(c, off, &tail, TAIL);
}

int64_t request_handle(struct model *m, const struct chain *c)
{
	unsigned int st = answer(m, c);

	if (st == SWALLOWED) {
		model_needs_reset(m);
		return -1;
	}
	if (st == NOT_ANSWERED)
		return 0;
	if (st == ST_TAIL_AT_START) {
		struct virtio_iommu_req_tail tail = { .status = VIRTIO_IOMMU_S_DEVERR };

		chain_scatter(c, 0, &tail, TAIL);
		return TAIL;
	}
	write_tail(m, c, (uint8_t)st);
	return c->in_len;
}

static void handle(struct model *m, struct mqueue *q, uint16_t head)
{
	static struct chain c;	/* large; the model is single-threaded */
	int64_t used;

	if (!chain_read(m, q, head, &c)) {
		model_needs_reset(m);
		return;
	}
	used = request_handle(m, &c);
	if (used >= 0)
		ring_push(q, head, (uint32_t)used);
}

void requests_process(struct model *m)
{
	struct mqueue *q = &m->q[VIRTIO_IOMMU_REQUESTQ];
	uint16_t head;

	while (model_running(m) && ring_pop(q, &head))
		handle(m, q, head);
}
