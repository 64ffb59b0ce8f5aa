/* SPDX-License-Identifier: MIT */
/* Modern virtio-pci transport (VIRTIO 1.2 section 4.1), guest only. */
#ifndef FAULTLINE_VIRTIO_PCI_H
#define FAULTLINE_VIRTIO_PCI_H

#include "pci/pci.h"
#include <faultline/transport.h>

#define VIRTIO_PCI_MAX_QUEUES 8

struct virtio_pci {
	struct vio_transport t;		/* first: the driver sees only this */
	struct pci_dev pci;
	uint8_t *common;
	uint8_t *isr;
	uint8_t *device;
	uint8_t *notify;
	uint32_t device_len;
	uint32_t notify_len;
	uint32_t notify_mult;
	uint16_t notify_off[VIRTIO_PCI_MAX_QUEUES];
	char name[24];
};

/* Virtio device ID of a modern virtio-pci function, or -1. */
int virtio_pci_device_id(const struct pci_dev *d);

/*
 * Finds the common, notify, ISR and device capabilities, maps them and turns
 * on bus mastering (QEMU ignores the rings of a device without it).
 */
int virtio_pci_init(struct virtio_pci *vp, const struct pci_dev *d);

#endif
