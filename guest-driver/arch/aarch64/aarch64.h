/* SPDX-License-Identifier: MIT */
/* Internal to arch/aarch64: the pieces boot.S and arch_setup() tie together. */
#ifndef FAULTLINE_ARCH_AARCH64_H
#define FAULTLINE_ARCH_AARCH64_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/platform.h>

/* QEMU virt's fixed memory map (hw/arm/virt.c, base_memmap). */
#define VIRT_GIC_DIST		0x08000000ull
#define VIRT_GIC_CPU		0x08010000ull
#define VIRT_GIC_REDIST		0x080a0000ull
#define VIRT_UART		0x09000000ull

/* Called by boot.S: the identity map, then the rest with the device tree. */
void mmu_init(void);
void arch_setup(uint64_t dtb);
void exception_handler(uint64_t idx);

extern int arch_argc;
extern char **arch_argv;

/* What arch_setup() takes from the device tree (fdt.c). */
struct platform {
	uint64_t ram_base, ram_size;
	uint64_t ecam_base, ecam_size;
	uint64_t mmio32_base, mmio32_size;	/* the PCI window for BARs */
	unsigned int gic_version;		/* 2 or 3, 0 if unknown */
	char bootargs[1024];
};
extern struct platform platform;
/* Fills platform from the flattened device tree at dtb; false if none. */
bool fdt_read(const void *dtb);

void alloc_init(uint64_t start, uint64_t top);
void clock_init(void);
/* Routes the virtual timer to the CPU (gic.c); false: no known GIC. */
bool gic_init(void);

/* PSCI through hvc (virt's conduit for an EL1 guest): function IDs. */
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u
void psci_call(uint32_t fn);

#endif
