/* SPDX-License-Identifier: MIT */
/*
 * The platform services guest-only portable code (PCI, virtio-pci, endpoints,
 * libc) may use beyond rt.h.  Every architecture provides this header as
 * <asm/platform.h>; the build picks the folder (guest-driver/arch/$(ARCH)).
 */
#ifndef FAULTLINE_ASM_PLATFORM_H
#define FAULTLINE_ASM_PLATFORM_H

#include <stdint.h>

/*
 * Identity-maps [pa, pa + len) uncached with 2 MiB pages, also above 4 GiB.
 * Returns (void *)pa, or NULL when pa is beyond the CPU's physical address
 * width or page tables cannot be allocated.
 */
void *arch_map_mmio(uint64_t pa, uint64_t len);

/*
 * PCI configuration space (on x86 through ports CF8/CFC): bdf = bus << 8 |
 * dev << 3 | fn, off < 256, width 1, 2 or 4 and off aligned to it.  A bad
 * request reads as all ones and writes nothing.
 */
uint32_t pci_conf_read(uint32_t bdf, unsigned int off, unsigned int width);
void pci_conf_write(uint32_t bdf, unsigned int off, unsigned int width,
		    uint32_t val);

/* Starts a new console line unless the cursor is already at column 0. */
void console_line_start(void);
/* One byte to the console, its wait bounded (libc/console.c writes lines with it). */
void console_put(char c);

#endif
