// SPDX-License-Identifier: MIT
/* PCI configuration mechanism #1: address to CF8, data through CFC..CFF. */
#include <stdbool.h>
#include "x86.h"
#include <asm/io.h>

#define PCI_CONF_ADDR	0xcf8
#define PCI_CONF_DATA	0xcfc
#define PCI_CONF_ENABLE	0x80000000u

static bool conf_ok(uint32_t bdf, unsigned int off, unsigned int width)
{
	return bdf <= 0xffff && off < 256 &&
	       (width == 1 || width == 2 || width == 4) && !(off & (width - 1));
}

/* Selects the dword; the byte lane is picked by the data port offset. */
static uint16_t conf_select(uint32_t bdf, unsigned int off)
{
	outl(PCI_CONF_ENABLE | bdf << 8 | (off & 0xfc), PCI_CONF_ADDR);
	return PCI_CONF_DATA + (off & 3);
}

uint32_t pci_conf_read(uint32_t bdf, unsigned int off, unsigned int width)
{
	uint16_t port;

	if (!conf_ok(bdf, off, width))
		return width >= 4 ? 0xffffffffu : (1u << (8 * width)) - 1;
	port = conf_select(bdf, off);
	if (width == 1)
		return inb(port);
	if (width == 2)
		return inw(port);
	return inl(port);
}

void pci_conf_write(uint32_t bdf, unsigned int off, unsigned int width,
		    uint32_t val)
{
	uint16_t port;

	if (!conf_ok(bdf, off, width))
		return;
	port = conf_select(bdf, off);
	if (width == 1)
		outb((uint8_t)val, port);
	else if (width == 2)
		outw((uint16_t)val, port);
	else
		outl(val, port);
}
