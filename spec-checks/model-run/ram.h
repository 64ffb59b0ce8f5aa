/* SPDX-License-Identifier: MIT */
/*
 * What counts as guest RAM on the host: the buffers rt_alloc handed out.  The
 * link wraps rt_alloc (-Wl,--wrap=rt_alloc) to record them, so that the
 * model's endpoints never touch other memory, whatever a test maps or a
 * mutant translates.
 */
#ifndef FAULTLINE_RAM_H
#define FAULTLINE_RAM_H

#include <stddef.h>

void *__real_rt_alloc(size_t size, size_t align);
void *__wrap_rt_alloc(size_t size, size_t align);

#endif
