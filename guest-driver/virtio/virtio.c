// SPDX-License-Identifier: MIT
/* Device initialisation common to every transport (VIRTIO 1.2 section 3.1). */
#include <faultline/virtio.h>
#include <faultline/rt.h>
#include <faultline/transport.h>

const char *vio_strerror(int err)
{
	switch (err) {
	case VIO_OK: return "ok";
	case VIO_ETIMEDOUT: return "device did not answer in time";
	case VIO_EFEATURES: return "FEATURES_OK not accepted";
	case VIO_ENOMEM: return "out of memory";
	case VIO_ENOQUEUE: return "queue missing";
	case VIO_EINVAL: return "invalid argument";
	}
	return "unknown error";
}

int vio_reset(struct vio_transport *t)
{
	uint64_t deadline = rt_clock_ns() + VIO_RESET_TIMEOUT_NS;

	t->ops->set_status(t, 0);
	while (t->ops->get_status(t) != 0) {
		if (rt_clock_ns() > deadline)
			return VIO_ETIMEDOUT;
		rt_relax();
	}
	return VIO_OK;
}

int vio_negotiate(struct vio_transport *t, uint64_t wanted, uint64_t *negotiated)
{
	uint8_t status = VIRTIO_STATUS_ACKNOWLEDGE;
	uint64_t features;
	int err = vio_reset(t);

	if (err)
		return err;
	t->ops->set_status(t, status);
	status |= VIRTIO_STATUS_DRIVER;
	t->ops->set_status(t, status);
	features = t->ops->device_features(t) & wanted;
	t->ops->set_driver_features(t, features);
	status |= VIRTIO_STATUS_FEATURES_OK;
	t->ops->set_status(t, status);
	if (!(t->ops->get_status(t) & VIRTIO_STATUS_FEATURES_OK)) {
		t->ops->set_status(t, status | VIRTIO_STATUS_FAILED);
		return VIO_EFEATURES;
	}
	if (negotiated)
		*negotiated = features;
	return VIO_OK;
}

void vio_driver_ok(struct vio_transport *t)
{
	t->ops->set_status(t, t->ops->get_status(t) | VIRTIO_STATUS_DRIVER_OK);
}

uint64_t vio_config_read64(struct vio_transport *t, unsigned int off)
{
	uint32_t lo, hi;
	uint8_t gen;
	int tries = 0;

	do {
		gen = t->ops->config_generation(t);
		lo = t->ops->config_read(t, off, 4);
		hi = t->ops->config_read(t, off + 4, 4);
	} while (gen != t->ops->config_generation(t) && ++tries < 16);
	return (uint64_t)hi << 32 | lo;
}
