// SPDX-License-Identifier: GPL-2.0
/*
 * debug-exit CODE: ends the test VM the way the freestanding guest does, by
 * writing CODE to QEMU's isa-debug-exit port (0xf4), which makes QEMU exit
 * with status (CODE << 1) | 1.  The runner then reads a Linux VM's result
 * exactly as it reads the guest's (docs/guest-protocol.md).  Needs root and
 * CONFIG_X86_IOPL_IOPERM; returns 1 if the port cannot be reached, so that
 * /init can fall back to a plain poweroff.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>

#define DEBUG_EXIT_PORT 0xf4

int main(int argc, char **argv)
{
	unsigned long code;
	char *end;

	if (argc != 2) {
		fprintf(stderr, "usage: debug-exit CODE\n");
		return 2;
	}
	code = strtoul(argv[1], &end, 0);
	if (*end != '\0' || code > 0x7f) {
		fprintf(stderr, "debug-exit: bad code %s\n", argv[1]);
		return 2;
	}
	if (ioperm(DEBUG_EXIT_PORT, 4, 1) != 0) {
		perror("debug-exit: ioperm 0xf4");
		return 1;
	}
	outl((unsigned int)code, DEBUG_EXIT_PORT);
	/* Without an isa-debug-exit device the write is ignored. */
	fprintf(stderr, "debug-exit: no isa-debug-exit device at 0xf4\n");
	return 1;
}
