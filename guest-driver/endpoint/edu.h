/* SPDX-License-Identifier: MIT */
/* QEMU's edu device as a DMA endpoint (guest only). */
#ifndef FAULTLINE_EDU_H
#define FAULTLINE_EDU_H

#include <faultline/dma_endpoint.h>
#include "pci/pci.h"

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8

struct edu {
	struct dma_endpoint dma;	/* first: tests see only this */
	uint8_t *regs;
};

/* Maps BAR0, turns on bus mastering and checks the device answers. */
int edu_init(struct edu *edu, const struct pci_dev *d);

#endif
