// SPDX-License-Identifier: BSD-2-Clause
/*
 * Faults answered with large mappings (moe maps up to 2 MiB at once where
 * the region and dataspace allow): the same memory seen through regions of
 * different alignment, dataspace offsets and sizes must show the same bytes,
 * before and after one of the regions goes. TAP output.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4re/client.h>
#include <l4re/env.h>

#define K	 1024UL
#define M	 (K * K)
#define DS_SIZE	 (3 * M + 12 * K)
#define ANON_CAP (L4RE_FIRST_FREE_CAP + (2UL << L4_CAP_SHIFT))
#define ROM_CAP	 (L4RE_FIRST_FREE_CAP + (3UL << L4_CAP_SHIFT))

static unsigned tests, failed;

static void check(bool ok, const char *what)
{
	tests++;
	failed += !ok;
	printf("%sok %u - %s\n", ok ? "" : "not ", tests, what);
}

static uint64_t word(uint64_t off)
{
	return off * 0x9e3779b97f4a7c15UL + 1;
}

/* The words of the dataspace at [off, off + size) as seen at p. */
static bool pattern_at(const uint64_t *p, uint64_t off, uint64_t size)
{
	for (uint64_t i = 0; i < size / 8; i++)
		if (p[i] != word(off + i * 8))
			return false;
	return true;
}

int main(void)
{
	uint64_t a = 0x40000000, b = 0x60001000, c = 0x70000000, size;

	if (l4re_ma_alloc(DS_SIZE, ANON_CAP) ||
	    l4re_rm_attach(&a, 0, L4RE_RM_R | L4RE_RM_W | L4RE_RM_SEARCH, ANON_CAP, 0)) {
		printf("bigmap: cannot attach an anonymous dataspace\n");
		return 1;
	}
	check(a % (2 * M) == 0, "a searched attach of 3 MiB lands on a 2 MiB boundary");
	uint64_t *pa = (uint64_t *)a;
	for (uint64_t i = 0; i < DS_SIZE / 8; i++)
		pa[i] = word(i * 8);
	check(pattern_at(pa, 0, DS_SIZE), "written and read back through 2 MiB mappings");

	/* The same dataspace on an odd page, from offset 12 KiB: pages only there. */
	check(l4re_rm_attach(&b, 2 * M, L4RE_RM_R | L4RE_RM_W, ANON_CAP, 12 * K) == 0 &&
		      pattern_at((uint64_t *)b, 12 * K, 2 * M),
	      "a second region on an odd page from offset 12 KiB shows the same words");
	/* ... and aligned but from offset 64 KiB: 64 KiB mappings. */
	check(l4re_rm_attach(&c, M, L4RE_RM_R, ANON_CAP, 64 * K) == 0 &&
		      pattern_at((uint64_t *)c, 64 * K, M),
	      "a third from offset 64 KiB shows the same words");
	((uint64_t *)b)[0] = 42; /* dataspace offset 12 KiB */
	check(pa[12 * K / 8] == 42, "a write through the second shows through the first");
	pa[12 * K / 8] = word(12 * K);
	check(l4re_rm_detach(a) == 0 && pattern_at((uint64_t *)b, 12 * K, 2 * M) &&
		      pattern_at((uint64_t *)c, 64 * K, M),
	      "after the first region is detached the others are whole");
	a = 0x40000000;
	check(l4re_rm_attach(&a, 0, L4RE_RM_R | L4RE_RM_SEARCH, ANON_CAP, 0) == 0 &&
		      pattern_at((uint64_t *)a, 0, DS_SIZE),
	      "attached again, the dataspace still holds every word");

	/* A rom file: aligned, on an odd page, and through fread; all the same bytes. */
	uint64_t r1 = 0x50000000, r2 = 0x58001000;
	FILE *f = fopen("rom/ned", "r");
	char *copy = NULL;
	bool rom_ok = f && !l4re_ns_query(L4RE_ROM_CAP, "rom/ned", ROM_CAP) &&
		      !l4re_ds_size(ROM_CAP, &size) && (copy = malloc(size)) &&
		      fread(copy, 1, size, f) == size &&
		      !l4re_rm_attach(&r1, 0, L4RE_RM_R | L4RE_RM_SEARCH, ROM_CAP, 0) &&
		      !l4re_rm_attach(&r2, 0, L4RE_RM_R, ROM_CAP, 0);
	check(rom_ok && memcmp((void *)r1, copy, size) == 0 && memcmp((void *)r2, copy, size) == 0,
	      "rom/ned: fread, an aligned and an odd-page region agree byte for byte");
	check(rom_ok && memcmp(copy, "\177ELF", 4) == 0, "rom/ned starts with the ELF magic");

	printf("1..%u\n", tests);
	printf("bigmap: %u passed, %u failed\n", tests - failed, failed);
	return failed != 0;
}
