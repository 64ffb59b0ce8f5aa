// SPDX-License-Identifier: MIT
/*
 * PCI configuration space through the host bridge's ECAM window: the
 * device tree says where (virt's high ECAM at 256 GiB + 256 MiB, or the low
 * one at 0x3f000000 with highmem=off); mmu.c maps both as device memory.
 */
#include <stdbool.h>
#include <stddef.h>
#include <asm/io.h>
#include "aarch64.h"

#define ECAM_BUS_SHIFT	20	/* bus << 20 | devfn << 12 | offset */

static volatile uint8_t *conf_addr(uint32_t bdf, unsigned int off, unsigned int width)
{
	uint64_t a = platform.ecam_base + ((uint64_t)bdf << 12) + off;
	bool ok = bdf <= 0xffff && off < 256 && (width == 1 || width == 2 || width == 4) &&
		  !(off & (width - 1)) && a + width <= platform.ecam_base + platform.ecam_size;

	return ok ? arch_map_mmio(a, width) : NULL;
}

uint32_t pci_conf_read(uint32_t bdf, unsigned int off, unsigned int width)
{
	volatile uint8_t *p = conf_addr(bdf, off, width);

	if (!p)
		return width >= 4 ? 0xffffffffu : (1u << (8 * width)) - 1;
	if (width == 1)
		return mmio_read8(p);
	if (width == 2)
		return mmio_read16(p);
	return mmio_read32(p);
}

void pci_conf_write(uint32_t bdf, unsigned int off, unsigned int width,
		    uint32_t val)
{
	volatile uint8_t *p = conf_addr(bdf, off, width);

	if (!p)
		return;
	if (width == 1)
		mmio_write8(p, (uint8_t)val);
	else if (width == 2)
		mmio_write16(p, (uint16_t)val);
	else
		mmio_write32(p, val);
}
