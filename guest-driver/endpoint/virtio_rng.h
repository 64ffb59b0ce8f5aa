/* SPDX-License-Identifier: MIT */
/* A virtio-rng with iommu_platform=on as a DMA endpoint (guest only). */
#ifndef FAULTLINE_VIRTIO_RNG_H
#define FAULTLINE_VIRTIO_RNG_H

#include <faultline/dma_endpoint.h>
#include "virtio/virtio_pci.h"
#include "virtio/virtqueue.h"

struct virtio_rng {
	struct dma_endpoint dma;	/* first: tests see only this */
	struct virtio_pci vp;
	struct virtqueue vq;
	bool vq_allocated;
};

int virtio_rng_init(struct virtio_rng *rng, const struct pci_dev *d);

#endif
