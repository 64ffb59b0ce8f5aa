/* SPDX-License-Identifier: MIT */
#ifndef FAULTLINE_HOST_RT_H
#define FAULTLINE_HOST_RT_H

#include <stddef.h>

/* Sends rt_write output into buf (NUL-terminated) until called with NULL. */
void rt_capture(char *buf, size_t size);
/* What rt_system_reset does on the host: fn must not return (it longjmps). */
void rt_on_system_reset(void (*fn)(void));

#endif
