/* SPDX-License-Identifier: MIT */
/* PCI configuration space, enumeration and BARs (guest only). */
#ifndef FAULTLINE_PCI_H
#define FAULTLINE_PCI_H

#include <stdint.h>

#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_STATUS		0x06
#define PCI_CLASS_CODE		0x0b	/* base class */
#define PCI_HEADER_TYPE		0x0e
#define PCI_BAR0		0x10
#define PCI_SECONDARY_BUS	0x19
#define PCI_CAP_PTR		0x34

#define PCI_COMMAND_MEMORY	0x0002
#define PCI_COMMAND_MASTER	0x0004
#define PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS_CAP_LIST	0x0010
#define PCI_CAP_ID_VNDR		0x09

#define PCI_MAX_DEVICES		64

struct pci_dev {
	uint32_t bdf;		/* bus << 8 | device << 3 | function */
	uint16_t vendor;
	uint16_t device;
};

#define PCI_BDF_BUS(bdf)	(((bdf) >> 8) & 0xff)
#define PCI_BDF_DEV(bdf)	(((bdf) >> 3) & 0x1f)
#define PCI_BDF_FN(bdf)		((bdf) & 7)

uint32_t pci_read(const struct pci_dev *d, unsigned int off, unsigned int width);
void pci_write(const struct pci_dev *d, unsigned int off, unsigned int width, uint32_t val);

/*
 * Gives every memory BAR of bus 0 an address in [mmio32_base, +mmio32_size),
 * decoding and bus mastering off (pci/assign.c); arch_setup() calls it.
 */
void pci_assign(uint64_t mmio32_base, uint64_t mmio32_size);
/* Every function on bus 0 and behind bridges; returns how many were found. */
int pci_scan(struct pci_dev *devs, int max);
/* Capability with `id` after offset `from` (0 = first), or 0 when none. */
unsigned int pci_find_cap(const struct pci_dev *d, uint8_t id, unsigned int from);
/* Base address of memory BAR `bar` (64-bit BARs use two slots), 0 if unset. */
uint64_t pci_bar_addr(const struct pci_dev *d, unsigned int bar);
/* Memory decoding and bus mastering on; legacy interrupts off (we poll). */
void pci_enable(const struct pci_dev *d);
/* "bb:dd.f" into buf (at least 8 bytes). */
const char *pci_name(const struct pci_dev *d, char *buf);

#endif
