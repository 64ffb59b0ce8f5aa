// SPDX-License-Identifier: MIT
/*
 * Just enough of the GIC for the virtual timer's PPI to reach the CPU
 * interface, so that wfi returns when the timer fires (clock.c).  The
 * interrupt stays masked in PSTATE and is never acknowledged: the timer is
 * disabled after each wait, which lowers its level-sensitive line.
 * GICv2 (virt's default) through its CPU interface's MMIO, GICv3 through
 * the system registers and CPU 0's redistributor.
 */
#include <stdbool.h>
#include <asm/io.h>
#include "aarch64.h"

#define TIMER_PPI	27	/* virtual timer: PPI 11 (the device tree's "timer") */
#define PRIO		0x80
#define PMR_ALL		0xf0

#define GICD_CTLR	0x000
#define GICD_ISENABLER	0x100
#define GICD_IPRIORITYR	0x400
#define GICC_CTLR	0x000
#define GICC_PMR	0x004

#define GICD_CTLR_V3	0x13	/* ARE, EnableGrp1, EnableGrp0 (one security state) */
#define GICR_WAKER	0x014
#define WAKER_SLEEP	(1u << 1)
#define WAKER_ASLEEP	(1u << 2)
#define GICR_SGI	0x10000	/* the SGI/PPI frame */
#define GICR_IGROUPR0	0x080
#define WAKE_SPINS	100000

static volatile uint8_t *mmio(uint64_t pa)
{
	return (volatile uint8_t *)(uintptr_t)pa;
}

static bool gicv2_init(void)
{
	volatile uint8_t *d = mmio(VIRT_GIC_DIST), *c = mmio(VIRT_GIC_CPU);

	mmio_write8(d + GICD_IPRIORITYR + TIMER_PPI, PRIO);
	mmio_write32(d + GICD_ISENABLER, 1u << TIMER_PPI);
	mmio_write32(d + GICD_CTLR, 1);
	mmio_write32(c + GICC_PMR, PMR_ALL);
	mmio_write32(c + GICC_CTLR, 1);
	return true;
}

static bool gicv3_init(void)
{
	volatile uint8_t *d = mmio(VIRT_GIC_DIST), *r = mmio(VIRT_GIC_REDIST);
	unsigned int spins = 0;
	uint64_t sre;

	mmio_write32(d + GICD_CTLR, GICD_CTLR_V3);
	mmio_write32(r + GICR_WAKER, mmio_read32(r + GICR_WAKER) & ~WAKER_SLEEP);
	while (mmio_read32(r + GICR_WAKER) & WAKER_ASLEEP)
		if (++spins > WAKE_SPINS)
			return false;
	mmio_write32(r + GICR_SGI + GICR_IGROUPR0, 1u << TIMER_PPI);
	mmio_write8(r + GICR_SGI + GICD_IPRIORITYR + TIMER_PPI, PRIO);
	mmio_write32(r + GICR_SGI + GICD_ISENABLER, 1u << TIMER_PPI);
	asm volatile("mrs %0, S3_0_C12_C12_5" : "=r"(sre));	/* ICC_SRE_EL1 */
	asm volatile("msr S3_0_C12_C12_5, %0; isb" : : "r"(sre | 1));
	asm volatile("msr S3_0_C4_C6_0, %0" : : "r"((uint64_t)PMR_ALL));	/* ICC_PMR_EL1 */
	asm volatile("msr S3_0_C12_C12_7, %0; isb" : : "r"(1ull));	/* ICC_IGRPEN1_EL1 */
	return true;
}

bool gic_init(void)
{
	if (platform.gic_version == 2)
		return gicv2_init();
	if (platform.gic_version == 3)
		return gicv3_init();
	return false;
}
