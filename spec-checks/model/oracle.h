/* SPDX-License-Identifier: MIT */
/*
 * The model as a lockstep oracle (guest-driver/fuzz): set up to look like the
 * device under test (its features, geometry, endpoints and reserved regions),
 * copied and forked freely (a model is one flat block of memory), fed one
 * request at a time without a virtqueue, asked where a DMA would go and what
 * it would report, and asked which decision points (mutants.h) a step
 * consulted, so a divergence cites their statements.
 */
#ifndef FAULTLINE_MODEL_ORACLE_H
#define FAULTLINE_MODEL_ORACLE_H

#include <stdbool.h>
#include <stdint.h>
#include <faultline/virtio_iommu.h>
#include "model.h"

#define MODEL_TRACE_WORDS ((MUT_COUNT + 63) / 64)
#define MODEL_EP_RESV 4

struct model_ep_def {
	uint32_t id;
	bool rng;		/* virtio-rng: no reads */
	unsigned int nresv;
	struct { uint8_t subtype; uint64_t start, end; } resv[MODEL_EP_RESV];
};

void model_copy(struct model *dst, const struct model *src);
struct model_cfg *model_cfg_of(struct model *m);
void model_set_mutant(struct model *m, enum mutant mu);
/* One more deviation to play: the oracle follows a device past a known one. */
void model_add_mutant(struct model *m, enum mutant mu);
void model_del_mutant(struct model *m, enum mutant mu);
void model_set_offered(struct model *m, uint64_t features);
void model_set_geometry(struct model *m, const struct model_geometry *g);
void model_set_bypass(struct model *m, uint8_t bypass);
void model_set_endpoints(struct model *m, const struct model_ep_def *defs, unsigned int n);
void model_set_memory(struct model *m, model_mem_fn fn, void *ctx);
/* Reset, then the driver's handshake with `features` (what the device got). */
void model_restart(struct model *m, uint64_t features);
bool model_stopped(const struct model *m);	/* DEVICE_NEEDS_RESET, or not running */

struct model_seg {
	uint8_t *p;
	uint32_t len;
};

/*
 * One request as the device would take it off the request queue: the
 * readable segments, the writable ones (written in place).  Returns the used
 * length, or -1 when the device sets DEVICE_NEEDS_RESET instead.
 */
int64_t model_request(struct model *m, const struct model_seg *out, unsigned int nout,
		      const struct model_seg *in, unsigned int nin);

/* DMA by endpoint index ep at iova: the bytes moved; reports queue up. */
uint32_t model_dma_at(struct model *m, unsigned int ep, uint64_t iova, uint8_t *buf,
		      uint32_t len, bool write);
/*
 * A virtio-rng's transfer: the bytes written at iova (the data is the
 * device's own), reports queued; -1, nothing done, when its ring
 * [ring_start, ring_end] does not translate 1:1 (model_ep_reaches): the
 * ring's own faults are not modelled, a caller keeps the ring reachable.
 */
int64_t model_rng_at(struct model *m, unsigned int ep, uint64_t ring_start, uint64_t ring_end,
		     uint64_t iova, uint8_t *buf, uint32_t len);
bool model_ep_reaches(const struct model *m, unsigned int ep, uint64_t start, uint64_t end);
/*
 * The event queue of an oracle: no ring in memory, the buffers the driver
 * posts by size, in order; each buffer the device gives back with its used
 * length and its bytes (those past MODEL_EVENT_BYTES are not kept; they
 * start as MODEL_EVENT_POISON).  model_events_virtual once, before any
 * reset; a device reset takes every buffer back.
 */
#define MODEL_EVENT_BYTES	32
#define MODEL_EVENT_POISON	0xa5
struct model_event {
	uint32_t used;
	uint8_t size;
	uint8_t bytes[MODEL_EVENT_BYTES];
};
void model_events_virtual(struct model *m);
/* Posts n buffers of size bytes (at most 255) and lets the device use them. */
void model_events_post(struct model *m, unsigned int n, uint32_t size);
/* The buffers given back since the last call, oldest first. */
unsigned int model_take_events(struct model *m, struct model_event *out, unsigned int max);
/* Reports waiting for a buffer. */
unsigned int model_events_waiting(const struct model *m);
/* The buffers posted and not yet used. */
unsigned int model_events_posted(const struct model *m);

/* For a generator: 0 no such domain, 1 translated, 2 bypass; its mappings; ep's domain. */
int model_domain_state(const struct model *m, uint32_t id);
unsigned int model_mappings(const struct model *m, uint32_t id, uint64_t *start, uint64_t *end,
			    unsigned int max);
bool model_ep_domain(const struct model *m, unsigned int ep, uint32_t *id);

/* Clears the decision points consulted and the knobs read (model_knobs_read). */
void model_trace_clear(struct model *m);
/* The knobs read since model_trace_clear: bit i the int at index i of struct model_cfg. */
uint64_t model_knobs_read(const struct model *m);
void model_trace_get(const struct model *m, uint64_t out[MODEL_TRACE_WORDS]);

#endif
