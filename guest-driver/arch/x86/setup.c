// SPDX-License-Identifier: MIT
/*
 * Reads the multiboot information (command line, memory size), then brings
 * up the console, the allocator, the clock and PCI.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "x86.h"
#include "pci/pci.h"

/* Multiboot v1 information block: the flags and fields we use. */
#define MBI_FLAGS		0
#define MBI_MEM_UPPER		8	/* KiB above 1 MiB */
#define MBI_CMDLINE		16
#define MBI_HAS_MEM		(1u << 0)
#define MBI_HAS_CMDLINE		(1u << 2)

#define MAX_ARGS		32

/*
 * q35's 32-bit PCI hole as QEMU describes it (hw/pci-host/q35.c): from the
 * end of MMCONFIG (0xb0000000, 256 MiB; RAM below 4 GiB ends at or before
 * its start) to the I/O APIC.  SeaBIOS puts the BARs there too.
 */
#define Q35_MMIO32_BASE		0xc0000000ull
#define Q35_MMIO32_END		0xfec00000ull

/*
 * QEMU puts the command line just past the image, where the allocator
 * starts, so it is copied before anything is allocated.  Longer lines
 * are cut.
 */
static char cmdline[1024];
static char *args[MAX_ARGS + 1];

int arch_argc;
char **arch_argv = args;

static uint32_t mbi_read(uint32_t mbi, unsigned int off)
{
	return *(const uint32_t *)(uintptr_t)(mbi + off);
}

static void copy_cmdline(uint32_t addr)
{
	const char *src = (const char *)(uintptr_t)addr;
	size_t i;

	for (i = 0; i + 1 < sizeof(cmdline) && src[i]; i++)
		cmdline[i] = src[i];
	cmdline[i] = '\0';
}

/* Splits cmdline in place on spaces; QEMU passes "<image> <-append>". */
static void split_args(void)
{
	char *p = cmdline;

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

/* has_arg WORD: whether WORD is one of the command line's words. */
static bool has_arg(const char *word)
{
	for (int i = 0; i < arch_argc; i++)
		if (!strcmp(args[i], word))
			return true;
	return false;
}

void arch_setup(uint32_t mbi)
{
	uint32_t flags = mbi_read(mbi, MBI_FLAGS);
	uint64_t top = 0;

	console_init();
	idt_init();
	if (flags & MBI_HAS_CMDLINE)
		copy_cmdline(mbi_read(mbi, MBI_CMDLINE));
	split_args();
	if (flags & MBI_HAS_MEM)
		top = 0x100000 + (uint64_t)mbi_read(mbi, MBI_MEM_UPPER) * 1024;
	alloc_init(top);
	clock_init(!has_arg("relax=spin"));
	pci_assign(Q35_MMIO32_BASE, Q35_MMIO32_END - Q35_MMIO32_BASE);
}
