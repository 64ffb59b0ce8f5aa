/* SPDX-License-Identifier: MIT */
/*
 * The platform services guest-only portable code (PCI, virtio-pci, endpoints,
 * libc) may use beyond rt.h; the same interface as arch/x86's.
 */
#ifndef FAULTLINE_ASM_PLATFORM_H
#define FAULTLINE_ASM_PLATFORM_H

#include <stdint.h>

/*
 * [pa, pa + len) as device memory.  mmu.c maps the whole of virt's device
 * space (below 1 GiB and from 256 GiB to 512 GiB) at boot, so this only
 * checks the range: (void *)pa, or NULL outside the map or in RAM.
 */
void *arch_map_mmio(uint64_t pa, uint64_t len);

/*
 * PCI configuration space through the ECAM window of virt's PCIe host
 * bridge: bdf = bus << 8 | dev << 3 | fn, off < 256, width 1, 2 or 4 and
 * off aligned to it.  A bad request reads as all ones and writes nothing.
 */
uint32_t pci_conf_read(uint32_t bdf, unsigned int off, unsigned int width);
void pci_conf_write(uint32_t bdf, unsigned int off, unsigned int width,
		    uint32_t val);

/* Starts a new console line unless the cursor is already at column 0. */
void console_line_start(void);
/* One byte to the console, its wait bounded (libc/console.c writes lines with it). */
void console_put(char c);

#endif
