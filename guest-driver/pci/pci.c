// SPDX-License-Identifier: MIT
/*
 * Enumeration reads the BARs pci_assign() (pci/assign.c) gave bus 0, and
 * follows bridges by the bus numbers a firmware gave them (SeaBIOS and
 * qboot on q35 do; no device under test sits behind one).
 */
#include <stdbool.h>
#include <stdio.h>
#include <asm/platform.h>
#include "pci/pci.h"

#define PCI_MAX_CAPS 48		/* bounds the walk of a looping capability list */

uint32_t pci_read(const struct pci_dev *d, unsigned int off, unsigned int width)
{
	return pci_conf_read(d->bdf, off, width);
}

void pci_write(const struct pci_dev *d, unsigned int off, unsigned int width, uint32_t val)
{
	pci_conf_write(d->bdf, off, width, val);
}

struct scan {
	struct pci_dev *devs;
	int max, n;
	bool seen_bus[256];
};

static void scan_bus(struct scan *s, unsigned int bus);

static void scan_fn(struct scan *s, uint32_t bdf)
{
	uint32_t id = pci_conf_read(bdf, PCI_VENDOR_ID, 4);
	uint8_t hdr = (uint8_t)pci_conf_read(bdf, PCI_HEADER_TYPE, 1);

	if (s->n < s->max)
		s->devs[s->n++] = (struct pci_dev){ bdf, (uint16_t)id, (uint16_t)(id >> 16) };
	if ((hdr & 0x7f) == 1)
		scan_bus(s, pci_conf_read(bdf, PCI_SECONDARY_BUS, 1));
}

static void scan_bus(struct scan *s, unsigned int bus)
{
	if (bus > 255 || s->seen_bus[bus])
		return;
	s->seen_bus[bus] = true;
	for (uint32_t dev = 0; dev < 32; dev++) {
		uint32_t bdf0 = bus << 8 | dev << 3;
		unsigned int nfn;

		if ((pci_conf_read(bdf0, PCI_VENDOR_ID, 2) & 0xffff) == 0xffff)
			continue;
		nfn = pci_conf_read(bdf0, PCI_HEADER_TYPE, 1) & 0x80 ? 8 : 1;
		for (uint32_t fn = 0; fn < nfn; fn++)
			if ((pci_conf_read(bdf0 | fn, PCI_VENDOR_ID, 2) & 0xffff) != 0xffff)
				scan_fn(s, bdf0 | fn);
	}
}

int pci_scan(struct pci_dev *devs, int max)
{
	static struct scan s;

	s = (struct scan){ .devs = devs, .max = max };
	scan_bus(&s, 0);
	return s.n;
}

unsigned int pci_find_cap(const struct pci_dev *d, uint8_t id, unsigned int from)
{
	unsigned int off;

	if (!(pci_read(d, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	off = from ? pci_read(d, from + 1, 1) : pci_read(d, PCI_CAP_PTR, 1);
	for (int i = 0; i < PCI_MAX_CAPS && off >= 0x40; i++) {
		off &= ~3u;
		if (pci_read(d, off, 1) == id)
			return off;
		off = pci_read(d, off + 1, 1);
	}
	return 0;
}

uint64_t pci_bar_addr(const struct pci_dev *d, unsigned int bar)
{
	uint32_t lo = pci_read(d, PCI_BAR0 + 4 * bar, 4);
	uint64_t addr = lo & ~0xfull;

	if (lo & 1)
		return 0;	/* I/O BAR */
	if ((lo & 6) == 4 && bar < 5)
		addr |= (uint64_t)pci_read(d, PCI_BAR0 + 4 * (bar + 1), 4) << 32;
	return addr;
}

void pci_enable(const struct pci_dev *d)
{
	uint32_t cmd = pci_read(d, PCI_COMMAND, 2);

	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE;
	pci_write(d, PCI_COMMAND, 2, cmd);
}

const char *pci_name(const struct pci_dev *d, char *buf)
{
	snprintf(buf, 8, "%02x:%02x.%x", PCI_BDF_BUS(d->bdf), PCI_BDF_DEV(d->bdf),
		 PCI_BDF_FN(d->bdf));
	return buf;
}
