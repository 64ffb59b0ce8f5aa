/* SPDX-License-Identifier: MIT */
/*
 * A virtio transport as the device driver sees it: status, features, device
 * configuration, queues and notification.  virtio-pci implements it in the
 * guest; the reference device model implements it on the host.  Drivers and
 * tests include this, never PCI code.
 */
#ifndef FAULTLINE_TRANSPORT_H
#define FAULTLINE_TRANSPORT_H

#include <stdbool.h>
#include <stdint.h>

struct vio_transport;

struct vio_transport_ops {
	uint64_t (*device_features)(struct vio_transport *t);
	void (*set_driver_features)(struct vio_transport *t, uint64_t features);
	uint8_t (*get_status)(struct vio_transport *t);
	void (*set_status)(struct vio_transport *t, uint8_t status);
	uint8_t (*config_generation)(struct vio_transport *t);
	/* width is 1, 2 or 4: config fields are accessed at their natural width */
	uint32_t (*config_read)(struct vio_transport *t, unsigned int off, unsigned int width);
	void (*config_write)(struct vio_transport *t, unsigned int off, unsigned int width,
			     uint32_t val);
	uint16_t (*num_queues)(struct vio_transport *t);
	/* 0 when the queue does not exist */
	uint16_t (*queue_max)(struct vio_transport *t, uint16_t q);
	int (*queue_enable)(struct vio_transport *t, uint16_t q, uint16_t size,
			    uint64_t desc, uint64_t avail, uint64_t used);
	void (*notify)(struct vio_transport *t, uint16_t q);
};

struct vio_transport {
	const struct vio_transport_ops *ops;
	const char *name;	/* for diagnostics, e.g. "virtio-pci 00:03.0" */
};

/* Bound on any wait for the device to change its status (spec 4.1.4.3.2). */
#define VIO_RESET_TIMEOUT_NS	(100 * 1000 * 1000ull)

enum vio_err {
	VIO_OK = 0,
	VIO_ETIMEDOUT = -1,	/* the device did not answer in time */
	VIO_EFEATURES = -2,	/* FEATURES_OK did not stick */
	VIO_ENOMEM = -3,
	VIO_ENOQUEUE = -4,
	VIO_EINVAL = -5,
};

const char *vio_strerror(int err);

/* Writes 0 to status and waits, bounded, until the device reads back 0. */
int vio_reset(struct vio_transport *t);

/*
 * Reset, ACKNOWLEDGE, DRIVER, then offer `wanted & device features`, set
 * FEATURES_OK and check it stuck.  Queues are set up after this, then
 * vio_driver_ok().  *negotiated receives what was written.
 */
int vio_negotiate(struct vio_transport *t, uint64_t wanted, uint64_t *negotiated);
void vio_driver_ok(struct vio_transport *t);

/* 64-bit config field read as two 32-bit halves, retried on a generation change. */
uint64_t vio_config_read64(struct vio_transport *t, unsigned int off);

#endif
