/* SPDX-License-Identifier: MIT */
/*
 * Split virtqueue driven by polling (VIRTIO 1.2 section 2.7).  A buffer is a
 * chain of segments: device-readable ones first, then device-writable ones;
 * each segment is one descriptor, so a caller controls exactly how a request
 * is split across descriptors.
 */
#ifndef FAULTLINE_VIRTQUEUE_H
#define FAULTLINE_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>
#include <faultline/virtio.h>
#include <faultline/transport.h>

/* Descriptors in one indirect table. */
#define VQ_INDIRECT_MAX 16

struct vq_seg {
	void *addr;
	uint32_t len;
};

struct virtqueue {
	struct vio_transport *t;
	uint16_t index;
	uint16_t size;			/* power of two */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	void **token;			/* per head descriptor, NULL when free */
	uint16_t *chain_len;		/* descriptors in the chain at a head */
	struct virtq_desc **indirect;	/* per head: its indirect table, made on first use */
	uint16_t free_head;
	uint16_t num_free;
	uint16_t avail_idx;		/* next avail slot (free-running) */
	uint16_t last_used;		/* next used slot to consume (free-running) */
};

struct vq_used {
	void *token;
	uint32_t len;
};

/* Ring sizes in bytes, for allocation and the unit tests. */
size_t vq_desc_bytes(uint16_t size);
size_t vq_avail_bytes(uint16_t size);
size_t vq_used_bytes(uint16_t size);

/* Allocates the rings for `size` entries (capped at the device maximum). */
int vq_init(struct virtqueue *vq, struct vio_transport *t, uint16_t index, uint16_t size);
/* Registers the rings with the transport and enables the queue. */
int vq_enable(struct virtqueue *vq);
/* Forgets every buffer in flight and empties the rings (after a device reset). */
void vq_clear(struct virtqueue *vq);

/*
 * Chains out[0..nout) then in[0..nin) and places the chain in the avail ring
 * without notifying.  Returns VIO_OK, or VIO_ENOMEM when the ring is full.
 */
int vq_add(struct virtqueue *vq, const struct vq_seg *out, unsigned int nout,
	   const struct vq_seg *in, unsigned int nin, void *token);
/*
 * Like vq_add, but the chain goes in an indirect descriptor table (2.7.5.3)
 * that takes one ring descriptor.  The caller makes sure
 * VIRTIO_F_INDIRECT_DESC was negotiated.  Returns VIO_ENOMEM when the ring
 * is full or the chain is longer than VQ_INDIRECT_MAX.
 */
int vq_add_indirect(struct virtqueue *vq, const struct vq_seg *out, unsigned int nout,
		    const struct vq_seg *in, unsigned int nin, void *token);
/* Publishes added chains and notifies the device. */
void vq_kick(struct virtqueue *vq);
/* Takes one used element if there is one.  Returns true when it did. */
bool vq_get_used(struct virtqueue *vq, struct vq_used *out);
/* Like vq_get_used, waiting up to timeout_ns. */
int vq_wait_used(struct virtqueue *vq, uint64_t timeout_ns, struct vq_used *out);
/* Used entries the device has published and the driver not yet consumed. */
uint16_t vq_pending_used(const struct virtqueue *vq);

#endif
