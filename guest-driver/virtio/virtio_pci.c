// SPDX-License-Identifier: MIT
#include <stddef.h>
#include <stdio.h>
#include <faultline/virtio.h>
#include <asm/platform.h>
#include <asm/io.h>
#include "virtio/virtio_pci.h"

#define COMMON(f) offsetof(struct virtio_pci_common_cfg, f)

static struct virtio_pci *to_vp(struct vio_transport *t)
{
	return (struct virtio_pci *)t;
}

/* Registers are accessed at their natural width: 1, 2 or 4 bytes. */
static uint32_t read_width(uint8_t *p, unsigned int width)
{
	return width == 1 ? mmio_read8(p) : width == 2 ? mmio_read16(p) : mmio_read32(p);
}

static void write_width(uint8_t *p, unsigned int width, uint32_t v)
{
	if (width == 1)
		mmio_write8(p, (uint8_t)v);
	else if (width == 2)
		mmio_write16(p, (uint16_t)v);
	else
		mmio_write32(p, v);
}

static uint32_t common_read(struct virtio_pci *vp, size_t off, unsigned int width)
{
	return read_width(vp->common + off, width);
}

static void common_write(struct virtio_pci *vp, size_t off, unsigned int width, uint32_t v)
{
	write_width(vp->common + off, width, v);
}

/* 64-bit common fields are written as two 32-bit halves, low first. */
static void common_write64(struct virtio_pci *vp, size_t off, uint64_t v)
{
	common_write(vp, off, 4, (uint32_t)v);
	common_write(vp, off + 4, 4, (uint32_t)(v >> 32));
}

static uint64_t vp_device_features(struct vio_transport *t)
{
	struct virtio_pci *vp = to_vp(t);
	uint64_t f;

	common_write(vp, COMMON(device_feature_select), 4, 0);
	f = common_read(vp, COMMON(device_feature), 4);
	common_write(vp, COMMON(device_feature_select), 4, 1);
	return f | (uint64_t)common_read(vp, COMMON(device_feature), 4) << 32;
}

static void vp_set_driver_features(struct vio_transport *t, uint64_t f)
{
	struct virtio_pci *vp = to_vp(t);

	common_write(vp, COMMON(driver_feature_select), 4, 0);
	common_write(vp, COMMON(driver_feature), 4, (uint32_t)f);
	common_write(vp, COMMON(driver_feature_select), 4, 1);
	common_write(vp, COMMON(driver_feature), 4, (uint32_t)(f >> 32));
}

static uint8_t vp_get_status(struct vio_transport *t)
{
	return (uint8_t)common_read(to_vp(t), COMMON(device_status), 1);
}

static void vp_set_status(struct vio_transport *t, uint8_t s)
{
	common_write(to_vp(t), COMMON(device_status), 1, s);
}

static uint8_t vp_config_generation(struct vio_transport *t)
{
	return (uint8_t)common_read(to_vp(t), COMMON(config_generation), 1);
}

static uint32_t vp_config_read(struct vio_transport *t, unsigned int off, unsigned int width)
{
	struct virtio_pci *vp = to_vp(t);

	if (off + width > vp->device_len)
		return 0xffffffff;
	return read_width(vp->device + off, width);
}

static void vp_config_write(struct vio_transport *t, unsigned int off, unsigned int width,
			    uint32_t v)
{
	struct virtio_pci *vp = to_vp(t);

	if (off + width <= vp->device_len)
		write_width(vp->device + off, width, v);
}

static uint16_t vp_num_queues(struct vio_transport *t)
{
	return (uint16_t)common_read(to_vp(t), COMMON(num_queues), 2);
}

static uint16_t vp_queue_max(struct vio_transport *t, uint16_t q)
{
	struct virtio_pci *vp = to_vp(t);

	if (q >= VIRTIO_PCI_MAX_QUEUES || q >= vp_num_queues(t))
		return 0;
	common_write(vp, COMMON(queue_select), 2, q);
	return (uint16_t)common_read(vp, COMMON(queue_size), 2);
}

static int vp_queue_enable(struct vio_transport *t, uint16_t q, uint16_t size,
			   uint64_t desc, uint64_t avail, uint64_t used)
{
	struct virtio_pci *vp = to_vp(t);

	if (!vp_queue_max(t, q))
		return VIO_ENOQUEUE;
	common_write(vp, COMMON(queue_size), 2, size);
	common_write64(vp, COMMON(queue_desc), desc);
	common_write64(vp, COMMON(queue_driver), avail);
	common_write64(vp, COMMON(queue_device), used);
	common_write(vp, COMMON(queue_msix_vector), 2, VIRTIO_MSI_NO_VECTOR);
	vp->notify_off[q] = (uint16_t)common_read(vp, COMMON(queue_notify_off), 2);
	if ((uint64_t)vp->notify_off[q] * vp->notify_mult + 2 > vp->notify_len)
		return VIO_EINVAL;
	common_write(vp, COMMON(queue_enable), 2, 1);
	return VIO_OK;
}

static void vp_notify(struct vio_transport *t, uint16_t q)
{
	struct virtio_pci *vp = to_vp(t);

	if (q < VIRTIO_PCI_MAX_QUEUES)
		mmio_write16(vp->notify + vp->notify_off[q] * vp->notify_mult, q);
}

static const struct vio_transport_ops virtio_pci_ops = {
	.device_features = vp_device_features,
	.set_driver_features = vp_set_driver_features,
	.get_status = vp_get_status,
	.set_status = vp_set_status,
	.config_generation = vp_config_generation,
	.config_read = vp_config_read,
	.config_write = vp_config_write,
	.num_queues = vp_num_queues,
	.queue_max = vp_queue_max,
	.queue_enable = vp_queue_enable,
	.notify = vp_notify,
};

int virtio_pci_device_id(const struct pci_dev *d)
{
	if (d->vendor != VIRTIO_PCI_VENDOR || d->device < 0x1040 || d->device > 0x107f)
		return -1;
	return d->device - 0x1040;
}

/* Maps the region a virtio capability points at; NULL when it is unusable. */
static uint8_t *map_cap(const struct pci_dev *d, unsigned int cap, uint32_t *len)
{
	unsigned int bar = pci_read(d, cap + VIRTIO_PCI_CAP_BAR, 1);
	uint32_t off = pci_read(d, cap + VIRTIO_PCI_CAP_OFFSET, 4);
	uint64_t base;

	*len = pci_read(d, cap + VIRTIO_PCI_CAP_LENGTH, 4);
	if (bar > 5 || !(base = pci_bar_addr(d, bar)))
		return NULL;
	return arch_map_mmio(base + off, *len);
}

static void take_cap(struct virtio_pci *vp, unsigned int cap)
{
	const struct pci_dev *d = &vp->pci;
	uint8_t type = (uint8_t)pci_read(d, cap + VIRTIO_PCI_CAP_CFG_TYPE, 1);
	uint32_t len;

	/* The first capability of each type is the one the driver must use. */
	if (type == VIRTIO_PCI_CAP_COMMON_CFG && !vp->common)
		vp->common = map_cap(d, cap, &len);
	else if (type == VIRTIO_PCI_CAP_ISR_CFG && !vp->isr)
		vp->isr = map_cap(d, cap, &len);
	else if (type == VIRTIO_PCI_CAP_DEVICE_CFG && !vp->device)
		vp->device = map_cap(d, cap, &vp->device_len);
	else if (type == VIRTIO_PCI_CAP_NOTIFY_CFG && !vp->notify) {
		vp->notify = map_cap(d, cap, &vp->notify_len);
		vp->notify_mult = pci_read(d, cap + VIRTIO_PCI_NOTIFY_CAP_MULT, 4);
	}
}

int virtio_pci_init(struct virtio_pci *vp, const struct pci_dev *d)
{
	char bdf[8];

	*vp = (struct virtio_pci){ .pci = *d };
	for (unsigned int cap = pci_find_cap(d, PCI_CAP_ID_VNDR, 0); cap;
	     cap = pci_find_cap(d, PCI_CAP_ID_VNDR, cap))
		take_cap(vp, cap);
	if (!vp->common || !vp->notify || !vp->device)
		return VIO_ENOQUEUE;
	pci_enable(d);
	snprintf(vp->name, sizeof(vp->name), "virtio-pci %s", pci_name(d, bdf));
	vp->t.ops = &virtio_pci_ops;
	vp->t.name = vp->name;
	return VIO_OK;
}
