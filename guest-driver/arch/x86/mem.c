// SPDX-License-Identifier: MIT
/*
 * memset, memcpy and memmove with rep movsb/stosb: besides being short, that
 * keeps gcc from turning their loops back into calls to themselves.  The
 * rest of <string.h> is portable (libc/string.c).
 */
#include <stdint.h>
#include <string.h>

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	void *d = dst;

	asm volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	char *d = (char *)dst + n - 1;
	const char *s = (const char *)src + n - 1;

	/* A forward copy is safe unless dst starts inside src. */
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		return memcpy(dst, src, n);
	asm volatile("std; rep movsb; cld"
		     : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return dst;
}
