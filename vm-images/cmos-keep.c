// SPDX-License-Identifier: GPL-2.0
/*
 * cmos-keep get | set STATE TEST | clear: a few bytes the test VM's /init
 * keeps across a reboot of the machine, in the RTC's CMOS RAM (0x60-0x63,
 * which SeaBIOS and QEMU leave alone and QEMU's system reset keeps; the
 * freestanding guest keeps its own there too).  get prints "STATE TEST"
 * ("0 0" when nothing is kept).  Needs root and CONFIG_X86_IOPL_IOPERM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>

enum { CMOS_INDEX = 0x70, CMOS_DATA = 0x71, KEEP = 0x60, TAG0 = 'F', TAG1 = 'K' };

static unsigned char cmos_read(unsigned char at)
{
	outb(at, CMOS_INDEX);
	return inb(CMOS_DATA);
}

static void cmos_write(unsigned char at, unsigned char v)
{
	outb(at, CMOS_INDEX);
	outb(v, CMOS_DATA);
}

/* A byte from the command line, or -1. */
static int byte_arg(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	return *s && !*end && v <= 0xff ? (int)v : -1;
}

static int usage(void)
{
	fprintf(stderr, "usage: cmos-keep get | set STATE TEST | clear\n");
	return 2;
}

int main(int argc, char **argv)
{
	int state, test;

	if (argc < 2)
		return usage();
	if (ioperm(CMOS_INDEX, 2, 1) != 0) {
		perror("cmos-keep: ioperm 0x70");
		return 1;
	}
	if (!strcmp(argv[1], "get") && argc == 2) {
		if (cmos_read(KEEP) != TAG0 || cmos_read(KEEP + 1) != TAG1)
			printf("0 0\n");
		else
			printf("%u %u\n", cmos_read(KEEP + 2), cmos_read(KEEP + 3));
		return 0;
	}
	if (!strcmp(argv[1], "clear") && argc == 2) {
		for (int i = 0; i < 4; i++)
			cmos_write(KEEP + i, 0);
		return 0;
	}
	if (strcmp(argv[1], "set") || argc != 4 || (state = byte_arg(argv[2])) < 0 ||
	    (test = byte_arg(argv[3])) < 0)
		return usage();
	cmos_write(KEEP, TAG0);
	cmos_write(KEEP + 1, TAG1);
	cmos_write(KEEP + 2, (unsigned char)state);
	cmos_write(KEEP + 3, (unsigned char)test);
	return 0;
}
