/* SPDX-License-Identifier: MIT */
/* Internal to arch/x86: the pieces arch_setup() and boot.S tie together. */
#ifndef FAULTLINE_ARCH_X86_H
#define FAULTLINE_ARCH_X86_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/platform.h>

/* Called once by boot.S with the multiboot information address. */
void arch_setup(uint32_t mbi);

extern int arch_argc;
extern char **arch_argv;
void console_init(void);
void idt_init(void);
void idt_set_irq(unsigned int vec, uint64_t handler);
void alloc_init(uint64_t top);
/* HALT: waits halt on the APIC timer; false: they spin (relax=spin). */
void clock_init(bool halt);

/* The local APIC timer (apic.c): halts until count ticks have passed. */
#define APIC_TIMER_VECTOR	0x40
#define APIC_SPURIOUS_VECTOR	0xff
bool apic_init(void);
void apic_halt(uint32_t count);
struct exc_frame;
void exception_handler(const struct exc_frame *f);

#endif
