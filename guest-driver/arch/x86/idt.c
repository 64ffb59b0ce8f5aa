// SPDX-License-Identifier: MIT
/*
 * Exceptions 0-31 end the run: one "Bail out!" line, then exit code 2.
 * Vectors above are absent (raising one faults) but for the APIC's two (apic.c).
 * #DF runs on its own stack (IST1) so that a broken stack still gets
 * reported instead of triple-faulting.
 */
#include <stdbool.h>
#include <stdio.h>
#include <faultline/rt.h>
#include "x86.h"

#define NR_EXC		32
#define NR_VEC		256
#define VEC_DF		8
#define KERNEL_CS	0x08
#define TSS_SEL		0x18
#define GATE_INTR	0x8eull		/* present, DPL 0, 64-bit interrupt gate */
#define TSS_AVAIL	0x89ull		/* present, 64-bit available TSS */
#define TSS_LIMIT	103u
#define IST_DF		1

/* The frame entry.S builds on the stack. */
struct exc_frame {
	uint64_t vec, err, rip, cs, rflags, rsp, ss;
};

extern const uint64_t exception_stubs[NR_EXC];
extern uint64_t boot_gdt[];

static uint64_t idt[NR_VEC * 2] __attribute__((aligned(16)));
static uint32_t tss[26] __attribute__((aligned(16)));
static uint8_t df_stack[8192] __attribute__((aligned(16)));

static const char *const exc_names[NR_EXC] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "#CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "reserved",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "reserved", "reserved",
	"reserved", "reserved", "reserved", "reserved", "#HV", "#VC", "#SX",
	"reserved",
};

static void set_gate(unsigned int vec, uint64_t handler, unsigned int ist)
{
	idt[vec * 2] = (handler & 0xffff) | (uint64_t)KERNEL_CS << 16 |
		       (uint64_t)ist << 32 | GATE_INTR << 40 |
		       (handler >> 16 & 0xffff) << 48;
	idt[vec * 2 + 1] = handler >> 32;
}

/* The TSS exists only to provide IST1; its descriptor fills GDT slot 0x18. */
static void load_tss(void)
{
	uint64_t base = (uintptr_t)tss;
	uint64_t ist = (uintptr_t)(df_stack + sizeof(df_stack));

	tss[9] = (uint32_t)ist;			/* IST1 at byte 36 */
	tss[10] = (uint32_t)(ist >> 32);
	tss[25] = (TSS_LIMIT + 1) << 16;	/* I/O bitmap beyond limit: none */
	boot_gdt[TSS_SEL / 8] = TSS_LIMIT | (base & 0xffffff) << 16 |
				TSS_AVAIL << 40 | (base >> 24 & 0xff) << 56;
	boot_gdt[TSS_SEL / 8 + 1] = base >> 32;
	asm volatile("ltr %w0" : : "r"(TSS_SEL));
}

/* An interrupt gate for one of the few interrupts the guest takes (apic.c). */
void idt_set_irq(unsigned int vec, uint64_t handler)
{
	set_gate(vec, handler, 0);
}

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) desc = { sizeof(idt) - 1, (uintptr_t)idt };
	unsigned int v;

	load_tss();
	for (v = 0; v < NR_EXC; v++)
		set_gate(v, exception_stubs[v], v == VEC_DF ? IST_DF : 0);
	asm volatile("lidt %0" : : "m"(desc));
}

void exception_handler(const struct exc_frame *f)
{
	static bool reporting;
	uint64_t cr2;

	/* A fault while reporting must not loop. */
	if (reporting)
		rt_exit(2);
	reporting = true;
	asm volatile("mov %%cr2, %0" : "=r"(cr2));
	console_line_start();
	printf("Bail out! exception %lu (%s) at RIP 0x%lx error 0x%lx CR2 0x%lx\n",
	       f->vec, exc_names[f->vec % NR_EXC], f->rip, f->err, cr2);
	rt_exit(2);
}
