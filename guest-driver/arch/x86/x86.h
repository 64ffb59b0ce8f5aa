/* SPDX-License-Identifier: MIT */
/* Internal to arch/x86: the pieces arch_setup() and boot.S tie together. */
#ifndef FAULTLINE_ARCH_X86_H
#define FAULTLINE_ARCH_X86_H

#include <stdint.h>
#include <asm/platform.h>

/* Called once by boot.S with the multiboot information address. */
void arch_setup(uint32_t mbi);

extern int arch_argc;
extern char **arch_argv;
void console_init(void);
void idt_init(void);
void alloc_init(uint64_t top);
void clock_init(void);
struct exc_frame;
void exception_handler(const struct exc_frame *f);

#endif
