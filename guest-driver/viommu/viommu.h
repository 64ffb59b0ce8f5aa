/* SPDX-License-Identifier: MIT */
/*
 * virtio-iommu driver core: feature negotiation, configuration space and the
 * request queue.  It knows the transport interface only.
 */
#ifndef FAULTLINE_VIOMMU_H
#define FAULTLINE_VIOMMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <faultline/virtio_iommu.h>
#include "virtio/virtqueue.h"

/* A request is answered in microseconds; a second means the device is stuck. */
#define VIOMMU_REQ_TIMEOUT_NS	(1000 * 1000 * 1000ull)
#define VIOMMU_QUEUE_SIZE	64
#define VIOMMU_MAX_SEGS		8
#define VIOMMU_NAMED_MAX	64

/* Results of a request besides the status byte (which is >= 0). */
#define VIOMMU_E_USED0		(-100)	/* returned with used length 0 */
#define VIOMMU_E_TIMEOUT	(-101)	/* not returned in time */
#define VIOMMU_E_QUEUE		(-102)	/* could not be queued */
#define VIOMMU_E_NEEDS_RESET	(-103)	/* the device set DEVICE_NEEDS_RESET instead */

struct viommu_config {
	uint64_t page_size_mask;
	uint64_t input_start, input_end;
	uint32_t domain_start, domain_end;
	uint32_t probe_size;
	uint8_t bypass;
};

struct viommu {
	struct vio_transport *t;
	struct virtqueue reqq;
	struct virtqueue evtq;
	bool queues_allocated;
	uint64_t offered;		/* device features */
	uint64_t negotiated;		/* driver features written */
	struct viommu_config cfg;	/* as read at init */
	/*
	 * Every domain ID an ATTACH queued since boot named: the only domains
	 * that can exist, which the suite checks are gone before each test.
	 */
	uint32_t named[VIOMMU_NAMED_MAX];
	unsigned int nnamed;
	bool named_overflow;		/* more than VIOMMU_NAMED_MAX: not all known */
	bool bypass_written;		/* the driver wrote 0 or 1 to config.bypass */
	uint8_t bypass_value;		/* that value */
};

/* One request: device-readable segments, then device-writable ones. */
struct viommu_req {
	struct vq_seg out[VIOMMU_MAX_SEGS];
	unsigned int nout;
	struct vq_seg in[VIOMMU_MAX_SEGS];
	unsigned int nin;
	bool indirect;		/* through an indirect table (needs VIRTIO_F_INDIRECT_DESC) */
	uint32_t used_len;	/* set by viommu_submit */
	bool done;
};

/*
 * Resets the device and brings it up with VERSION_1 plus `want & offered`
 * of the device feature bits, both queues enabled and DRIVER_OK set.
 */
int viommu_init(struct viommu *v, struct vio_transport *t, uint64_t want);
/* Reset only, leaving the device stopped. */
int viommu_reset(struct viommu *v);
bool viommu_offered(const struct viommu *v, unsigned int bit);
bool viommu_negotiated(const struct viommu *v, unsigned int bit);
void viommu_read_config(struct viommu *v, struct viommu_config *c);
uint8_t viommu_read_bypass(struct viommu *v);
void viommu_write_bypass(struct viommu *v, uint8_t val);
/* DEVICE_NEEDS_RESET is set: the device gave up. */
bool viommu_needs_reset(struct viommu *v);

/* Queues every request, notifies once and waits (bounded) for all of them. */
int viommu_submit(struct viommu *v, struct viommu_req *reqs, unsigned int n);

/*
 * Sends buf as one device-readable segment of out_len bytes followed by one
 * device-writable segment of in_len bytes ending with the tail.  Returns
 * the tail status, or VIOMMU_E_*.  *used_len may be NULL.
 */
int viommu_send(struct viommu *v, void *buf, size_t out_len, size_t in_len,
		uint32_t *used_len);

/* The spec's requests, returning the status or VIOMMU_E_*. */
int viommu_attach(struct viommu *v, uint32_t domain, uint32_t endpoint, uint32_t flags);
int viommu_detach(struct viommu *v, uint32_t domain, uint32_t endpoint);
int viommu_map(struct viommu *v, uint32_t domain, uint64_t virt_start, uint64_t virt_end,
	       uint64_t phys_start, uint32_t flags);
int viommu_unmap(struct viommu *v, uint32_t domain, uint64_t virt_start, uint64_t virt_end);
/*
 * PROBE with a writable properties area of props_len bytes (normally
 * probe_size) followed by the tail.  Returns the tail status or VIOMMU_E_*.
 */
int viommu_probe(struct viommu *v, uint32_t endpoint, void *props, size_t props_len,
		 uint32_t *used_len);

/* Request builders, for tests that alter a field before sending. */
void viommu_attach_req(struct virtio_iommu_req_attach *r, uint32_t domain,
		       uint32_t endpoint, uint32_t flags);
void viommu_detach_req(struct virtio_iommu_req_detach *r, uint32_t domain, uint32_t endpoint);
void viommu_map_req(struct virtio_iommu_req_map *r, uint32_t domain, uint64_t virt_start,
		    uint64_t virt_end, uint64_t phys_start, uint32_t flags);
void viommu_unmap_req(struct virtio_iommu_req_unmap *r, uint32_t domain,
		      uint64_t virt_start, uint64_t virt_end);

/* "S_OK", "S_INVAL", ..., "used length 0", "timeout". */
const char *viommu_status_name(int status);

#endif
