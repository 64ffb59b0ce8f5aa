/* SPDX-License-Identifier: MIT */
/*
 * An in-memory virtio device behind the transport interface, for unit tests
 * of the ring and the request path.  It consumes the split ring as a device
 * would and answers each chain through a handler.
 */
#ifndef FAULTLINE_FAKE_DEV_H
#define FAULTLINE_FAKE_DEV_H

#include <stdint.h>
#include <faultline/virtio.h>
#include <faultline/transport.h>

#define FAKE_QUEUES 2
#define FAKE_MAX_BYTES 512
#define FAKE_MAX_CHAIN 64		/* descriptors of one chain, indirect ones included */
#define FAKE_SWALLOW 0xffffffffu	/* handler result: keep the buffer, set NEEDS_RESET */

struct fake_dev;

/* Gets the readable bytes of a chain, fills reply; returns the bytes to write. */
typedef uint32_t (*fake_handler)(struct fake_dev *f, const uint8_t *req, uint32_t len,
				 uint8_t *reply, uint32_t reply_cap);

struct fake_queue {
	uint16_t size;
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint16_t last_avail;
	bool enabled;
};

struct fake_dev {
	struct vio_transport t;
	uint64_t features, driver_features;
	uint8_t status;
	uint8_t config[64];
	uint16_t queue_max;
	struct fake_queue q[FAKE_QUEUES];
	fake_handler handler;
	bool defer;			/* collect on notify, answer on fake_process() */
	unsigned int chains_seen;
	unsigned int notified_chains;
	unsigned int notifies;
	unsigned int max_chain_len;	/* longest chain seen, indirect descriptors included */
	unsigned int indirect_tables;	/* indirect tables followed */
	uint8_t last_req[FAKE_MAX_BYTES];
	uint32_t last_req_len;
};

void fake_init(struct fake_dev *f, uint64_t features, uint16_t queue_max);
/* Answers every available chain on queue q. */
void fake_process(struct fake_dev *f, uint16_t q);

/* A virtio-iommu that answers every known request with `status`. */
uint32_t fake_viommu_handler(struct fake_dev *f, const uint8_t *req, uint32_t len,
			     uint8_t *reply, uint32_t reply_cap);
extern uint8_t fake_viommu_status;

#endif
