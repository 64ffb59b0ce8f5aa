/* SPDX-License-Identifier: MIT */
/*
 * The event queue: device-writable buffers posted in advance, filled by the
 * device with fault reports (5.13.6.8).  Buffers are poisoned before they are
 * posted, so a test can see exactly which bytes the device wrote.
 */
#ifndef FAULTLINE_EVENT_H
#define FAULTLINE_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <faultline/virtio_iommu.h>
#include "viommu/viommu.h"

#define EVENT_SLOT		64	/* bytes set aside per buffer */
#define EVENT_SLOTS		VIOMMU_QUEUE_SIZE
#define EVENT_POISON		0xa5
#define EVENT_DEFAULT_BUFS	48

struct viommu_events {
	struct viommu *v;
	uint8_t *pool;			/* EVENT_SLOTS slots of EVENT_SLOT bytes */
	bool busy[EVENT_SLOTS];		/* slot posted and not yet returned */
	uint32_t size[EVENT_SLOTS];	/* bytes posted in each slot */
	unsigned int posted;		/* buffers the device holds */
	unsigned long received;		/* buffers taken back since boot (events_init keeps it) */
};

struct viommu_event {
	uint32_t used_len;
	uint32_t size;			/* of the buffer it came in */
	uint8_t raw[EVENT_SLOT];	/* the buffer as returned */
	struct virtio_iommu_fault fault;	/* its first 24 bytes */
};

/* Binds to the device; call again after every viommu_init (the ring was emptied). */
int events_init(struct viommu_events *ev, struct viommu *v);
/* Posts n buffers of `size` bytes with one notification.  Returns how many were posted. */
unsigned int events_post(struct viommu_events *ev, unsigned int n, uint32_t size);
/* Takes the next returned buffer, waiting up to timeout_ns.  VIO_OK or VIO_ETIMEDOUT. */
int events_next(struct viommu_events *ev, struct viommu_event *out, uint64_t timeout_ns);

/* Field accessors in host order. */
uint32_t event_flags(const struct viommu_event *e);
uint32_t event_endpoint(const struct viommu_event *e);
uint64_t event_address(const struct viommu_event *e);

#endif
