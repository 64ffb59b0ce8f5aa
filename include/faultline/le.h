/* SPDX-License-Identifier: MIT */
/*
 * Little-endian wire types and accessors.  Wire fields are declared with the
 * le16/le32/le64 types and read or written only through these helpers, so the
 * byte order is explicit at every use.  The wrappers keep natural alignment,
 * so a field the device updates concurrently (a ring index) is read in one
 * load by the *_load helpers.
 */
#ifndef FAULTLINE_LE_H
#define FAULTLINE_LE_H

#include <stdint.h>

typedef struct { uint16_t v; } le16;
typedef struct { uint32_t v; } le32;
typedef struct { uint64_t v; } le64;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define LE_SWAP16(x) __builtin_bswap16(x)
#define LE_SWAP32(x) __builtin_bswap32(x)
#define LE_SWAP64(x) __builtin_bswap64(x)
#else
#define LE_SWAP16(x) (x)
#define LE_SWAP32(x) (x)
#define LE_SWAP64(x) (x)
#endif

static inline uint16_t le16_get(le16 x) { return LE_SWAP16(x.v); }
static inline uint32_t le32_get(le32 x) { return LE_SWAP32(x.v); }
static inline uint64_t le64_get(le64 x) { return LE_SWAP64(x.v); }
static inline le16 le16_of(uint16_t x) { return (le16){ LE_SWAP16(x) }; }
static inline le32 le32_of(uint32_t x) { return (le32){ LE_SWAP32(x) }; }
static inline le64 le64_of(uint64_t x) { return (le64){ LE_SWAP64(x) }; }

/* One load or store of a field shared with a running device. */
static inline uint16_t le16_load(const le16 *p)
{
	return LE_SWAP16(*(const volatile uint16_t *)&p->v);
}

static inline void le16_store(le16 *p, uint16_t x)
{
	*(volatile uint16_t *)&p->v = LE_SWAP16(x);
}

static inline uint32_t le32_load(const le32 *p)
{
	return LE_SWAP32(*(const volatile uint32_t *)&p->v);
}

#endif
