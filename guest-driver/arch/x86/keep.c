// SPDX-License-Identifier: MIT
/*
 * State kept across a system reset, and the reset itself.  The RTC's CMOS
 * RAM survives a reset (QEMU's firmware uses bytes below 0x60); a reset
 * goes through the Reset Control Register of the q35 chipset, and failing
 * that the keyboard controller, and failing that a triple fault.
 */
#include <faultline/rt.h>
#include <asm/io.h>

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define CMOS_KEEP	0x60	/* RT_KEEP_SIZE bytes from here: unused by SeaBIOS, qboot and QEMU */
#define RESET_CONTROL	0xcf9	/* ICH9 RST_CNT: 0x06 = full system reset */
#define KBD_COMMAND	0x64	/* 0xfe: pulse the reset line */

void rt_keep_store(const uint8_t buf[RT_KEEP_SIZE])
{
	for (unsigned int i = 0; i < RT_KEEP_SIZE; i++) {
		outb((uint8_t)(CMOS_KEEP + i), CMOS_INDEX);
		outb(buf[i], CMOS_DATA);
	}
}

void rt_keep_load(uint8_t buf[RT_KEEP_SIZE])
{
	for (unsigned int i = 0; i < RT_KEEP_SIZE; i++) {
		outb((uint8_t)(CMOS_KEEP + i), CMOS_INDEX);
		buf[i] = inb(CMOS_DATA);
	}
}

_Noreturn void rt_system_reset(void)
{
	static const struct { uint16_t limit; uint64_t base; } __attribute__((packed)) none = { 0, 0 };

	outb(0x02, RESET_CONTROL);
	outb(0x06, RESET_CONTROL);
	outb(0xfe, KBD_COMMAND);
	/* No IDT: the next exception is a triple fault, which resets too. */
	asm volatile("lidt %0; int3" : : "m"(none));
	for (;;)
		asm volatile("cli; hlt");
}
