/* SPDX-License-Identifier: MIT */
/* The model's state and the functions its files share. */
#ifndef FAULTLINE_MODEL_INT_H
#define FAULTLINE_MODEL_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <faultline/virtio.h>
#include <faultline/virtio_iommu.h>
#include "model.h"
#include "oracle.h"

#define MODEL_QUEUES		2
#define MODEL_QUEUE_MAX		256
#define MODEL_MAX_SEGS		(2 * MODEL_QUEUE_MAX)
#define MODEL_MAX_EPS		3
#define MODEL_MAX_RESV		4
#define MODEL_MAX_DOMAINS	64
/*
 * The guest's lockstep oracle copies whole models for every world and
 * every action, and string moves are slow under TCG: it builds with room
 * for what one sequence makes (guest.mk), the host with room for any test.
 */
#ifndef MODEL_MAX_MAPPINGS
#define MODEL_MAX_MAPPINGS	1024
#endif
#define MODEL_PENDING		16	/* faults waiting for an event buffer */
#ifndef MODEL_EP_BUF
#define MODEL_EP_BUF		4096	/* bytes an endpoint moves at once */
#endif
#define NO_DOMAIN		(-1)

/* One split virtqueue as the device sees it. */
struct mqueue {
	bool ready;
	uint16_t size;
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint16_t last_avail;
};

struct seg {
	uint8_t *p;
	uint32_t len;
};

/* A descriptor chain, direct and indirect parts flattened. */
struct chain {
	uint16_t head;
	struct seg out[MODEL_MAX_SEGS];	/* device-readable, in order */
	struct seg in[MODEL_MAX_SEGS];	/* device-writable, in order */
	unsigned int nout, nin;
	uint32_t out_len, in_len;
};

struct resv {
	uint8_t subtype;
	uint64_t start, end;
};

/* An endpoint: what the IOMMU knows of it, and its DMA engine. */
struct mep {
	struct dma_endpoint dma;
	struct model *m;
	uint32_t id;
	const char *kind;
	bool rng;		/* virtio-rng: its own ring, data of its making */
	bool broken;		/* rng after a failed transfer, until recover */
	uint32_t seed;
	uint8_t *ring;		/* rng's own ring, MODEL_RING_BYTES, rt_alloc'd */
	struct resv resv[MODEL_MAX_RESV];
	unsigned int nresv;
	int domain;		/* index in m->dom, or NO_DOMAIN */
	uint8_t buf[MODEL_EP_BUF];
};

#define MODEL_RING_BYTES	0x10000u	/* one 64 KiB granule */

struct domain {
	bool live;
	bool bypass;
	uint32_t id;
	unsigned int neps;
};

struct mapping {
	bool live;
	bool stale;		/* unmapped, yet still translating (a mutant) */
	int domain;
	uint64_t start, end, phys;
	uint32_t flags;
};

struct fault {
	uint8_t reason;
	uint32_t flags;
	uint32_t endpoint;
	uint64_t address;
};

/*
 * The event queue of an oracle (oracle.h), with no ring in memory: the
 * buffers the driver posted, by size, in order, and those the device gave
 * back since they were last taken (each one of a slot of bytes).
 */
#define MODEL_VEVQ		64
#define MODEL_VEVQ_RET		16
struct vevq {
	bool on;
	uint8_t n, nret;
	uint8_t size[MODEL_VEVQ];
	struct model_event ret[MODEL_VEVQ_RET];
};

struct model {
	struct vio_transport t;
	/* read through KNOB(), which records the reads; written through model_cfg_of() */
	struct model_cfg knobs;
	uint64_t knobs_read;	/* bit i: the int at index i of knobs was read */
	uint64_t mutants[(MUT_COUNT + 63) / 64];	/* active: one, or the oracle's set */
	/* transport */
	uint8_t status;
	uint64_t offered, driver_features;
	uint8_t bypass;
	struct mqueue q[MODEL_QUEUES];
	/* translation */
	struct mep ep[MODEL_MAX_EPS];
	unsigned int nep;
	struct domain dom[MODEL_MAX_DOMAINS];
	/* faults waiting for an event buffer, oldest first */
	struct fault pending[MODEL_PENDING];
	unsigned int npending;
	unsigned int nfaults;		/* since the last reset: the burst mutants count */
	struct fault held;		/* MUT_FAULT_REORDERED: the report it holds back */
	struct vevq vevq;		/* an oracle's event queue, when vevq.on */
	/* for the lockstep oracle (oracle.h) */
	uint64_t trace[(MUT_COUNT + 63) / 64];	/* decision points consulted */
	struct model_geometry geom;	/* the device's own, when geom.set */
	model_mem_fn mem;		/* NULL: model_ram_contains */
	void *mem_ctx;
	/* Last, so that model_copy() copies only the slots used: map[nmap..] are free. */
	unsigned int nmap;
	struct mapping map[MODEL_MAX_MAPPINGS];
};

/*
 * A knob's value, the read recorded: a step that never read a choice gives
 * the same answer whatever its value, so the oracle forks only those read.
 */
#define KNOB(m, f) (*model_knob_read((m), offsetof(struct model_cfg, f)))
static inline const int *model_knob_read(const struct model *m, size_t off)
{
	((struct model *)m)->knobs_read |= 1ull << (off / sizeof(int));
	return (const int *)((const char *)&m->knobs + off);
}
_Static_assert(sizeof(struct model_cfg) <= 64 * sizeof(int), "a knob is a bit of knobs_read");

/* Also records the decision point: the oracle cites its statements. */
static inline bool mutated(const struct model *m, enum mutant mu)
{
	((struct model *)m)->trace[mu / 64] |= 1ull << (mu % 64);
	return m->mutants[mu / 64] >> (mu % 64) & 1;
}

static inline bool nonzero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return true;
	return false;
}

/* transport.c */
bool model_negotiated(const struct model *m, unsigned int bit);
bool model_offered(const struct model *m, unsigned int bit);
void model_needs_reset(struct model *m);
bool model_running(const struct model *m);

/* config.c */
uint8_t model_config_generation(struct vio_transport *t);
uint32_t model_config_read(struct vio_transport *t, unsigned int off, unsigned int width);
void model_config_write(struct vio_transport *t, unsigned int off, unsigned int width, uint32_t val);
uint64_t model_page_size_mask(const struct model *m);
uint64_t model_granule(const struct model *m);
uint32_t model_probe_size(const struct model *m);
/* Whether a domain ID or an IOVA range is inside the ranges that apply. */
bool model_domain_valid(const struct model *m, uint32_t id);
bool model_iova_valid(const struct model *m, uint64_t start, uint64_t end);

/* ring.c: the split ring, read from memory as a device does */
bool ring_pop(struct mqueue *q, uint16_t *head);
void ring_push(struct mqueue *q, uint16_t head, uint32_t len);
/* Returns false for a malformed chain (the device then needs a reset). */
bool chain_read(const struct model *m, const struct mqueue *q, uint16_t head,
		struct chain *c);
/* Copies readable bytes [off, off+len) of the chain; returns the bytes copied. */
uint32_t chain_gather(const struct chain *c, uint32_t off, void *dst, uint32_t len);
/* Writes writable bytes [off, off+len) of the chain; returns the bytes written. */
uint32_t chain_scatter(const struct chain *c, uint32_t off, const void *src, uint32_t len);

/* requests.c */
void requests_process(struct model *m);
/* One request read into c: its tail written; the used length, or -1 (needs reset). */
int64_t request_handle(struct model *m, const struct chain *c);

/* domains.c */
int domain_find(const struct model *m, uint32_t id);
int domain_create(struct model *m, uint32_t id, bool bypass);
void domain_attach(struct model *m, struct mep *ep, int d);
void domain_detach(struct model *m, struct mep *ep);
void domains_reset(struct model *m);
struct mep *endpoint_find(struct model *m, uint32_t id);
bool resv_overlaps(const struct mep *ep, uint64_t start, uint64_t end);

/* attach.c, map.c, probe.c: request handlers, returning the tail status */
uint8_t req_attach(struct model *m, const struct virtio_iommu_req_attach *r);
uint8_t req_detach(struct model *m, const struct virtio_iommu_req_detach *r);
uint8_t req_map(struct model *m, const struct virtio_iommu_req_map *r);
uint8_t req_unmap(struct model *m, const struct virtio_iommu_req_unmap *r);
/* req_probe's answer when the tail goes at the start of the writable part, used length 4 */
#define ST_TAIL_AT_START	0xfeu
/* Writes the properties itself; props_len is the writable part less the tail. */
uint8_t req_probe(struct model *m, const struct virtio_iommu_req_probe *r,
		  const struct chain *c, uint32_t props_len);
bool mapping_overlaps_domain(const struct model *m, int d, uint64_t start, uint64_t end);
void mappings_drop_domain(struct model *m, int d);
const struct mapping *mapping_find(const struct model *m, int d, uint64_t iova);

/* translate.c */
/* Moves len bytes for ep at iova; returns the bytes moved before a fault. */
uint32_t model_dma(struct model *m, struct mep *ep, uint64_t iova, uint8_t *buf,
		   uint32_t len, bool write);
bool model_identity(const struct model *m, const struct mep *ep, uint64_t start, uint64_t end);

/* events.c */
void events_encode(const struct model *m, const struct fault *f, struct virtio_iommu_fault *w);
void fault_report(struct model *m, const struct fault *f);
void events_process(struct model *m);
void events_reset(struct model *m);

/* endpoints.c */
void endpoints_init(struct model *m);

#endif
