/* SPDX-License-Identifier: MIT */
/*
 * The runtime services that portable code (TAP reporter, virtqueues, the
 * virtio-iommu driver, the conformance tests) may use.  The freestanding
 * guest implements them in arch/x86; the host build implements them on libc.
 * Nothing else in portable code may touch the platform.
 */
#ifndef FAULTLINE_RT_H
#define FAULTLINE_RT_H

#include <stddef.h>
#include <stdint.h>

/* Console: raw bytes, no newline translation (the guest adds \r itself). */
void rt_write(const char *s, size_t len);

/* Monotonic time since an arbitrary origin, in nanoseconds. */
uint64_t rt_clock_ns(void);

/*
 * Zeroed memory that a device may DMA to or from, never freed.  Returns
 * NULL when exhausted.  align must be a power of two.
 */
void *rt_alloc(size_t size, size_t align);

/* Address a device uses for memory returned by rt_alloc (identity in the guest). */
uint64_t rt_virt_to_phys(const void *p);
void *rt_phys_to_virt(uint64_t pa);

/* Ends the program: 0 all passed, 1 some failed, 2 bail out. */
_Noreturn void rt_exit(int code);

/*
 * A few bytes that survive a system reset of the machine, though not a power
 * cycle: the guest keeps them in the RTC's CMOS RAM, the host build in
 * memory.  They read as zeros after power-on.
 */
#define RT_KEEP_SIZE 16
void rt_keep_store(const uint8_t buf[RT_KEEP_SIZE]);
void rt_keep_load(uint8_t buf[RT_KEEP_SIZE]);

/* Resets the whole machine, every device with it, and starts the program anew. */
_Noreturn void rt_system_reset(void);

/* Busy-wait hint for polling loops. */
void rt_relax(void);
/* A pause of at most ns, possibly far less (an interrupt, or no timer to halt
 * on): callers loop on the clock.  A halt where the CPU can halt, so that
 * virtual time runs on to the next timer. */
void rt_relax_for(uint64_t ns);
/* Returns once rt_clock_ns() reaches t: a wait with nothing to poll. */
void rt_sleep_until(uint64_t t);

/* Full memory barrier between CPU and device accesses. */
void rt_mb(void);

#define RT_NSEC_PER_USEC 1000ull
#define RT_NSEC_PER_MSEC 1000000ull
#define RT_NSEC_PER_SEC  1000000000ull

#endif
