// SPDX-License-Identifier: MIT
/* rt.h on libc, for portable code built on the host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <faultline/rt.h>
#include "host_rt.h"

static char *capture;
static size_t capture_len, capture_cap;

void rt_write(const char *s, size_t len)
{
	if (!capture) {
		fwrite(s, 1, len, stdout);
		return;
	}
	if (capture_len + len + 1 > capture_cap)
		len = capture_cap - capture_len - 1;
	memcpy(capture + capture_len, s, len);
	capture_len += len;
	capture[capture_len] = '\0';
}

void rt_capture(char *buf, size_t size)
{
	capture = buf;
	capture_cap = size;
	capture_len = 0;
	if (buf)
		buf[0] = '\0';
}

uint64_t rt_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * RT_NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

/* Leaked on purpose, like the guest's bump allocator; LSan is told below. */
void *rt_alloc(size_t size, size_t align)
{
	void *p = NULL;

	if (align < sizeof(void *))
		align = sizeof(void *);
	if (posix_memalign(&p, align, size ? size : 1))
		return NULL;
	memset(p, 0, size);
	return p;
}

uint64_t rt_virt_to_phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

void *rt_phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

void rt_exit(int code)
{
	exit(code);
}

void rt_relax(void)
{
}

void rt_relax_for(uint64_t ns)
{
	(void)ns;
}

void rt_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

/* The kept bytes live in memory; a system reset is whatever the program
 * registered (the model suite starts over), else a bug of the test. */
static uint8_t keep[RT_KEEP_SIZE];
static void (*on_reset)(void);

void rt_keep_store(const uint8_t buf[RT_KEEP_SIZE])
{
	memcpy(keep, buf, RT_KEEP_SIZE);
}

void rt_keep_load(uint8_t buf[RT_KEEP_SIZE])
{
	memcpy(buf, keep, RT_KEEP_SIZE);
}

void rt_on_system_reset(void (*fn)(void))
{
	on_reset = fn;
}

void rt_system_reset(void)
{
	if (on_reset)
		on_reset();
	fprintf(stderr, "rt_system_reset: no handler registered\n");
	abort();
}
