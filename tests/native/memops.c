// SPDX-License-Identifier: BSD-2-Clause
/*
 * The C library's memcpy, memmove and memset (runtime/lib/libc/string.S)
 * against byte-by-byte references: every length up to 300 and some pages,
 * every alignment of source and destination within 16 bytes, overlaps both
 * ways, and the bytes around the target left alone. TAP output.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define AREA 17000

static uint8_t buf[AREA], ref[AREA];
/* Called through pointers, so the compiler cannot expand them inline. */
static void *(*volatile copy)(void *, const void *, size_t) = memcpy;
static void *(*volatile move)(void *, const void *, size_t) = memmove;
static void *(*volatile set)(void *, int, size_t) = memset;
static unsigned tests, failed;

/* volatile: the compiler must not turn the references into calls to what they check. */
static void ref_move(volatile uint8_t *b, size_t d, size_t s, size_t n)
{
	uint8_t tmp[AREA];
	for (size_t i = 0; i < n; i++)
		tmp[i] = b[s + i];
	for (size_t i = 0; i < n; i++)
		b[d + i] = tmp[i];
}

static void ref_set(volatile uint8_t *b, size_t d, int c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[d + i] = (uint8_t)c;
}

/* Only the part an operation on [a, a + n) and [b, b + n) can touch, and 32 bytes around. */
static size_t lo, hi;

static void fill(size_t a, size_t b, size_t n)
{
	lo = (a < b ? a : b) - 32;
	hi = (a > b ? a : b) + n + 32;
	for (size_t i = lo; i < hi; i++)
		buf[i] = ref[i] = (uint8_t)(i * 7 + 3);
}

static bool same(void)
{
	for (size_t i = lo; i < hi; i++)
		if (buf[i] != ref[i])
			return false;
	return true;
}

static const size_t big[] = {1023, 4096, 4097, 4100, 8191};

static size_t length(unsigned i)
{
	return i <= 300 ? i : big[i - 301];
}

#define NLEN (301 + sizeof(big) / sizeof(big[0]))

static void check(const char *what, bool ok)
{
	tests++;
	failed += !ok;
	printf("%sok %u - %s\n", ok ? "" : "not ", tests, what);
}

int main(void)
{
	bool ok = true;
	for (unsigned l = 0; l < NLEN && ok; l++)
		for (size_t so = 0; so < 16 && ok; so++)
			for (size_t dof = 0; dof < 16 && ok; dof++) {
				size_t n = length(l), s = 32 + so, d = 8256 + dof; /* apart */
				fill(s, d, n);
				ref_move(ref, d, s, n);
				ok = copy(buf + d, buf + s, n) == buf + d && same();
				if (!ok)
					printf("# memcpy n %zu src +%zu dst +%zu\n", n, so, dof);
			}
	check("memcpy: every length and alignment", ok);

	/* Overlapping moves: dst below src and above it, by every distance up to 70. */
	ok = true;
	for (unsigned l = 0; l < NLEN && ok; l++)
		for (size_t dist = 0; dist <= 70 && ok; dist++)
			for (int up = 0; up < 2 && ok; up++) {
				size_t n = length(l), s = 100 + (up ? 0 : dist),
				       d = 100 + (up ? dist : 0);
				fill(s, d, n);
				ref_move(ref, d, s, n);
				ok = move(buf + d, buf + s, n) == buf + d && same();
				if (!ok)
					printf("# memmove n %zu distance %zu %s\n", n, dist,
					       up ? "up" : "down");
			}
	check("memmove: overlaps both ways at every distance up to 70", ok);

	ok = true;
	for (unsigned l = 0; l < NLEN && ok; l++)
		for (size_t dof = 0; dof < 64 && ok; dof++)
			for (int c = 0; c < 2 && ok; c++) {
				size_t n = length(l), d = 64 + dof;
				int v = c ? 0x1a5 : 0; /* only the low byte counts */
				fill(d, d, n);
				ref_set(ref, d, v, n);
				ok = set(buf + d, v, n) == buf + d && same();
				if (!ok)
					printf("# memset n %zu dst +%zu value %d\n", n, dof, v);
			}
	check("memset: zero and non-zero, every length and alignment", ok);

	printf("1..%u\n", tests);
	printf("memops: %u passed, %u failed\n", tests - failed, failed);
	return failed != 0;
}
