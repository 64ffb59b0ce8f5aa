// SPDX-License-Identifier: MIT
/*
 * memset, memcpy and memmove: rep movsq/stosq, then movsb/stosb for the tail.
 * Under TCG with -icount each iteration is one instruction, so whole words
 * cost an eighth of bytes (the oracle copies its model per choice); and
 * being asm keeps gcc from turning their loops back into calls to
 * themselves.  The rest of <string.h> is portable (libc/string.c).
 */
#include <stdint.h>
#include <string.h>

void *memset(void *dst, int c, size_t n)
{
	uint64_t v = 0x0101010101010101ull * (uint8_t)c;
	size_t q = n / 8, r = n % 8;
	void *d = dst;

	asm volatile("rep stosq" : "+D"(d), "+c"(q) : "a"(v) : "memory");
	asm volatile("rep stosb" : "+D"(d), "+c"(r) : "a"(v) : "memory");
	return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	size_t q = n / 8, r = n % 8;
	void *d = dst;

	asm volatile("rep movsq" : "+D"(d), "+S"(src), "+c"(q) : : "memory");
	asm volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(r) : : "memory");
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
