// SPDX-License-Identifier: MIT
/*
 * On x86 SeaBIOS assigns the BARs; on virt booted with -kernel no firmware
 * runs, so the guest does what a firmware would, for bus 0 (virt puts the
 * devices under test there; bridges are not followed): every memory BAR
 * gets a naturally aligned range of the 32-bit MMIO window from the device
 * tree, 64-bit BARs too (their high half 0).  I/O BARs stay unassigned:
 * the devices under test have none.  Decoding is left off (pci_enable()).
 */
#include <stdio.h>
#include <faultline/rt.h>
#include "aarch64.h"
#include "pci/pci.h"

#define BAR_IO		0x1u
#define BAR_TYPE_64	0x4u
#define BAR_MEM_MASK	0xfffffff0u

static uint64_t next;

/* Sizes BAR bar of bdf and gives it an address; returns the slots it uses. */
static unsigned int assign_bar(uint32_t bdf, unsigned int bar)
{
	unsigned int off = PCI_BAR0 + 4 * bar;
	uint32_t orig = pci_conf_read(bdf, off, 4), mask;
	bool is64 = !(orig & BAR_IO) && (orig & 6) == BAR_TYPE_64;
	uint64_t size, addr;

	pci_conf_write(bdf, off, 4, 0xffffffffu);
	mask = pci_conf_read(bdf, off, 4);
	if ((orig & BAR_IO) || !(mask & BAR_MEM_MASK)) {
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
	addr = (next + size - 1) & ~(size - 1);
	if (!size || addr + size > platform.mmio32_base + platform.mmio32_size) {
		printf("# pci: %02x:%02x.%x BAR %u left unassigned\n", PCI_BDF_BUS(bdf),
		       PCI_BDF_DEV(bdf), PCI_BDF_FN(bdf), bar);
		addr = 0;
	} else {
		next = addr + size;
	}
	pci_conf_write(bdf, off, 4, (uint32_t)addr | (orig & 0xf));
	if (is64)
		pci_conf_write(bdf, off + 4, 4, 0);
	return is64 ? 2 : 1;
}

static void assign_fn(uint32_t bdf)
{
	uint16_t cmd = (uint16_t)pci_conf_read(bdf, PCI_COMMAND, 2);

	/* Type 0 headers only; decoding off while the BARs move. */
	if ((pci_conf_read(bdf, PCI_HEADER_TYPE, 1) & 0x7f) != 0)
		return;
	pci_conf_write(bdf, PCI_COMMAND, 2, cmd & ~PCI_COMMAND_MEMORY);
	for (unsigned int bar = 0; bar < 6;)
		bar += assign_bar(bdf, bar);
}

void pci_assign(void)
{
	next = platform.mmio32_base;
	for (uint32_t devfn = 0; devfn < 256; devfn++)
		if ((pci_conf_read(devfn, PCI_VENDOR_ID, 2) & 0xffff) != 0xffff)
			assign_fn(devfn);
}
