/* SPDX-License-Identifier: MIT */
/*
 * Virtual time for the host suite.  The model works synchronously, inside
 * notify() and the DMA calls, so by the time a test starts waiting for the
 * device everything the device will do is done: a wait can only time out.
 * The link wraps rt_clock_ns, rt_relax and rt_relax_for (-Wl,--wrap=...) so that time
 * advances with each poll instead of with the wall clock, and every bounded
 * wait of the tests ends at once, the same way on every run.
 */
#ifndef FAULTLINE_CLOCK_H
#define FAULTLINE_CLOCK_H

#include <stdint.h>

uint64_t __wrap_rt_clock_ns(void);
void __wrap_rt_relax(void);
void __wrap_rt_relax_for(uint64_t ns);

#endif
