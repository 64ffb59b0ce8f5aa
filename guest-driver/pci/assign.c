// SPDX-License-Identifier: MIT
/*
 * The guest gives the BARs of bus 0 their addresses itself on every machine,
 * whatever the firmware did before it: SeaBIOS assigns them on q35, qboot
 * does not, and on virt booted with -kernel no firmware runs.  Assigning
 * always makes the device state the tests start from the same under every
 * firmware.  Devices under test sit on bus 0 on both machines, so bridges
 * are not followed; the host bridge and the ISA bridge (class 06) are not
 * touched.  Every memory BAR gets a naturally aligned range of the
 * platform's 32-bit MMIO window, 64-bit BARs too (their high half 0).  I/O
 * BARs are cleared and I/O decoding stays off: the devices under test have
 * none.  Memory decoding and bus mastering are off until pci_enable().
 */
#include <stdbool.h>
#include <stdio.h>
#include <asm/platform.h>
#include "pci/pci.h"

#define BAR_IO		0x1u
#define BAR_TYPE_64	0x4u
#define BAR_MEM_MASK	0xfffffff0u
#define CLASS_BRIDGE	0x06

struct window {
	uint64_t next, end;
};

/* Sizes BAR bar of bdf and gives it an address; returns the slots it uses. */
static unsigned int assign_bar(struct window *w, uint32_t bdf, unsigned int bar)
{
	unsigned int off = PCI_BAR0 + 4 * bar;
	uint32_t orig = pci_conf_read(bdf, off, 4), mask;
	bool is64 = !(orig & BAR_IO) && (orig & 6) == BAR_TYPE_64;
	uint64_t size, addr;

	if (orig & BAR_IO) {
		pci_conf_write(bdf, off, 4, 0);
		return 1;
	}
	pci_conf_write(bdf, off, 4, 0xffffffffu);
	mask = pci_conf_read(bdf, off, 4);
	if (!(mask & BAR_MEM_MASK)) {
		pci_conf_write(bdf, off, 4, orig);
		return 1;
	}
	size = (uint64_t)(~(mask & BAR_MEM_MASK)) + 1;
	if (is64) {
		pci_conf_write(bdf, off + 4, 4, 0xffffffffu);
		if (pci_conf_read(bdf, off + 4, 4) != 0xffffffffu)
			size = 0;	/* would not fit 32 bits: leave it */
	}
	size &= 0xffffffffull;
	addr = (w->next + size - 1) & ~(size - 1);
	if (!size || addr + size > w->end) {
		printf("# pci: %02x:%02x.%x BAR %u left unassigned\n", PCI_BDF_BUS(bdf),
		       PCI_BDF_DEV(bdf), PCI_BDF_FN(bdf), bar);
		addr = 0;
	} else {
		w->next = addr + size;
	}
	pci_conf_write(bdf, off, 4, (uint32_t)addr | (orig & 0xf));
	if (is64)
		pci_conf_write(bdf, off + 4, 4, 0);
	return is64 ? 2 : 1;
}

static void assign_fn(struct window *w, uint32_t bdf)
{
	/* Type 0 headers of endpoints only; decoding off while the BARs move. */
	if ((pci_conf_read(bdf, PCI_HEADER_TYPE, 1) & 0x7f) != 0 ||
	    pci_conf_read(bdf, PCI_CLASS_CODE, 1) == CLASS_BRIDGE)
		return;
	pci_conf_write(bdf, PCI_COMMAND, 2, 0);
	for (unsigned int bar = 0; bar < 6;)
		bar += assign_bar(w, bdf, bar);
}

void pci_assign(uint64_t mmio32_base, uint64_t mmio32_size)
{
	struct window w = { mmio32_base, mmio32_base + mmio32_size };

	for (uint32_t devfn = 0; devfn < 256; devfn++)
		if ((pci_conf_read(devfn, PCI_VENDOR_ID, 2) & 0xffff) != 0xffff)
			assign_fn(&w, devfn);
}
