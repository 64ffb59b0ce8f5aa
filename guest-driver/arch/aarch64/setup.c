// SPDX-License-Identifier: MIT
/*
 * Reads the device tree, then brings up the allocator, the clock and PCI.
 * Without a device tree nothing is known about RAM or PCI: bail out.
 */
#include <stddef.h>
#include <stdio.h>
#include <faultline/rt.h>
#include "aarch64.h"
#include "pci/pci.h"

#define MAX_ARGS	32

extern char _end[];

/*
 * The command line is only the -append string (x86's multiboot one starts
 * with the image name): argv[0] stands in for it.
 */
static char *args[MAX_ARGS + 1] = { "faultline" };

int arch_argc = 1;
char **arch_argv = args;

/* Splits platform.bootargs in place on spaces. */
static void split_args(void)
{
	char *p = platform.bootargs;

	while (*p && arch_argc < MAX_ARGS) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		args[arch_argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	args[arch_argc] = NULL;
}

void arch_setup(uint64_t dtb)
{
	if (!fdt_read((const void *)(uintptr_t)dtb) || !platform.ram_size) {
		printf("Bail out! no usable device tree at 0x%lx\n", (unsigned long)dtb);
		rt_exit(2);
	}
	split_args();
	/* The device tree is read: the allocator may reuse its memory. */
	alloc_init((uintptr_t)_end, platform.ram_base + platform.ram_size);
	clock_init();
	pci_assign(platform.mmio32_base, platform.mmio32_size);
}
