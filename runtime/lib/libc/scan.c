// SPDX-License-Identifier: BSD-2-Clause
/*
 * memchr and strlen for programs, replacing picolibc's, which this build of
 * it does a byte at a time (5 to 6 instructions a byte: most of a log
 * line's cost, stdio and moe's log both look for newlines). These test
 * eight bytes per step: v has a zero byte iff (v - 0x01..01) & ~v & 0x80..80
 * is not 0, and its lowest set bit marks the first one (little-endian; a
 * borrow only sets bits above a true zero byte). Words are read aligned, so
 * strlen's reads past the terminator stay in its page.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ONES  0x0101010101010101UL
#define HIGHS 0x8080808080808080UL

typedef uint64_t __attribute__((may_alias)) word_t;

static inline uint64_t zero_bytes(uint64_t v)
{
	return (v - ONES) & ~v & HIGHS;
}

void *memchr(const void *src, int c, size_t n)
{
	const unsigned char *p = src, ch = (unsigned char)c;

	for (; n && ((uintptr_t)p & 7); p++, n--)
		if (*p == ch)
			return (void *)p;
	for (uint64_t pat = ONES * ch; n >= 8; p += 8, n -= 8) {
		uint64_t z = zero_bytes(*(const word_t *)p ^ pat);
		if (z)
			return (void *)(p + (__builtin_ctzl(z) >> 3));
	}
	for (; n; p++, n--)
		if (*p == ch)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	for (; (uintptr_t)p & 7; p++)
		if (!*p)
			return (size_t)(p - s);
	for (;; p += 8) {
		uint64_t z = zero_bytes(*(const word_t *)p);
		if (z)
			return (size_t)(p - s) + (__builtin_ctzl(z) >> 3);
	}
}
