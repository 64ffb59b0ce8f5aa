// SPDX-License-Identifier: MIT
/*
 * The local APIC's one-shot timer, so that waits halt instead of spinning.
 * A halted CPU lets QEMU run its virtual clock straight to the next timer
 * deadline under -icount sleep=off (a device's, such as edu's DMA, or this
 * one), and frees the host CPU otherwise.  Interrupts are enabled only
 * inside apic_halt(), between "sti" and "hlt"; the 8259 PICs are masked,
 * so the timer is the one source that can wake the CPU.
 */
#include <stdbool.h>
#include <asm/io.h>
#include <asm/platform.h>
#include "x86.h"

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_ENABLE	(1ull << 11)
#define APIC_BASE_ADDR		0xfffff000ull
#define CPUID1_EDX_APIC		(1u << 9)
#define APIC_SIZE		0x1000

#define APIC_TPR		0x080
#define APIC_EOI		0x0b0
#define APIC_SVR		0x0f0
#define APIC_LVT_TIMER		0x320
#define APIC_TIMER_INIT		0x380
#define APIC_TIMER_DIV		0x3e0
#define SVR_ENABLE		0x100
#define TIMER_DIV_1		0xb
#define LVT_ONE_SHOT		0	/* mode bits 17-18 clear */

#define PIC1_DATA		0x21
#define PIC2_DATA		0xa1

/* Read by the timer's interrupt stub (irq.S) to acknowledge it. */
volatile uint32_t *apic_eoi_reg;
static volatile uint8_t *apic;

extern const char timer_irq_stub[], spurious_irq_stub[];

static void apic_write(unsigned int reg, uint32_t v)
{
	mmio_write32(apic + reg, v);
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static bool cpu_has_apic(void)
{
	uint32_t eax, ebx, ecx, edx;

	asm volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(1), "c"(0));
	return edx & CPUID1_EDX_APIC;
}

bool apic_init(void)
{
	uint64_t base;

	/* The firmware leaves the PICs routing its own PIT tick: mask them. */
	outb(0xff, PIC1_DATA);
	outb(0xff, PIC2_DATA);
	if (!cpu_has_apic())
		return false;
	base = rdmsr(MSR_APIC_BASE);
	if (!(base & APIC_BASE_ENABLE))
		return false;
	apic = arch_map_mmio(base & APIC_BASE_ADDR, APIC_SIZE);
	if (!apic)
		return false;
	apic_eoi_reg = (volatile uint32_t *)(apic + APIC_EOI);
	idt_set_irq(APIC_TIMER_VECTOR, (uintptr_t)timer_irq_stub);
	idt_set_irq(APIC_SPURIOUS_VECTOR, (uintptr_t)spurious_irq_stub);
	apic_write(APIC_SVR, SVR_ENABLE | APIC_SPURIOUS_VECTOR);
	apic_write(APIC_TPR, 0);
	apic_write(APIC_TIMER_DIV, TIMER_DIV_1);
	apic_write(APIC_LVT_TIMER, LVT_ONE_SHOT | APIC_TIMER_VECTOR);
	return true;
}

void apic_halt(uint32_t count)
{
	apic_write(APIC_TIMER_INIT, count);
	/* sti's one-instruction shadow: no interrupt slips in before hlt. */
	asm volatile("sti; hlt; cli" : : : "memory");
}
