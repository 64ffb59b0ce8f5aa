/* SPDX-License-Identifier: MIT */
/*
 * The reference virtio-iommu device model (VIRTIO 1.2 section 5.13) and the
 * DMA endpoints behind it, for the host build of the conformance suite.  The
 * device is reached through struct vio_transport, the endpoints through
 * struct dma_endpoint: the same interfaces the guest tests use.  Everything
 * runs synchronously on the caller's thread: a notify processes the queue.
 */
#ifndef FAULTLINE_MODEL_H
#define FAULTLINE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <faultline/dma_endpoint.h>
#include <faultline/transport.h>
#include "choices.h"
#include "mutants.h"

struct model;

/* The device's own geometry, for an oracle that follows a real device. */
struct model_geometry {
	bool set;
	uint64_t page_size_mask, input_start, input_end;
	uint32_t domain_start, domain_end, probe_size;
};

/* Memory as the model's DMA sees it: false when [pa, pa + n) is not RAM. */
typedef bool (*model_mem_fn)(void *ctx, uint64_t pa, uint8_t *buf, uint32_t n, bool write);

/* A model configured by cfg (see choices.h), with at most one mutant active. */
struct model *model_new(const struct model_cfg *cfg, enum mutant mutant);
/* The same in memory the caller provides (model_size() bytes, zeroed). */
size_t model_size(void);
void model_init(struct model *m, const struct model_cfg *cfg, enum mutant mutant);
struct vio_transport *model_transport(struct model *m);
/* The whole machine reset: the device as at power-on (bypass included). */
void model_system_reset(struct model *m);

/* The endpoints behind the model, as the suite's environment lists them. */
unsigned int model_endpoint_count(const struct model *m);
uint32_t model_endpoint_id(const struct model *m, unsigned int i);
const char *model_endpoint_kind(const struct model *m, unsigned int i);
struct dma_endpoint *model_endpoint_dma(struct model *m, unsigned int i);

/*
 * Provided by the host: whether [pa, pa + len) is memory the driver allocated
 * for DMA (rt_alloc).  The model touches no other address on behalf of an
 * endpoint: elsewhere writes are dropped and reads return 0xff, as unassigned
 * memory behaves on a PC.
 */
bool model_ram_contains(uint64_t pa, uint64_t len);

#endif
