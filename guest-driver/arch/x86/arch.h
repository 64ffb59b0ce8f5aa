/* SPDX-License-Identifier: MIT */
/* x86 services for guest-only code (PCI, virtio-pci), beyond rt.h. */
#ifndef FAULTLINE_ARCH_X86_ARCH_H
#define FAULTLINE_ARCH_X86_ARCH_H

#include <stdint.h>

/* Called once by boot.S with the multiboot information address. */
void arch_setup(uint32_t mbi);

/*
 * Identity-maps [pa, pa + len) uncached with 2 MiB pages, also above 4 GiB.
 * Returns (void *)pa, or NULL when pa is beyond the CPU's physical address
 * width or page tables cannot be allocated.
 */
void *arch_map_mmio(uint64_t pa, uint64_t len);

/*
 * PCI configuration space through ports CF8/CFC: bdf = bus << 8 | dev << 3
 * | fn, off < 256, width 1, 2 or 4 and off aligned to it.  A bad request
 * reads as all ones and writes nothing.
 */
uint32_t pci_conf_read(uint32_t bdf, unsigned int off, unsigned int width);
void pci_conf_write(uint32_t bdf, unsigned int off, unsigned int width,
		    uint32_t val);

/* Starts a new console line unless the cursor is already at column 0. */
void console_line_start(void);

/* Internal to arch/x86: the pieces arch_setup() and boot.S tie together. */
extern int arch_argc;
extern char **arch_argv;
void console_init(void);
void idt_init(void);
void alloc_init(uint64_t top);
void clock_init(void);
struct exc_frame;
void exception_handler(const struct exc_frame *f);

#endif
