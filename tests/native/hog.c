// SPDX-License-Identifier: BSD-2-Clause
/*
 * Uses more and more memory, a page at a time, reporting each MiB: meets its
 * quota. "hog" asks malloc for it (which says NULL at the quota); "hog bss"
 * touches a big .bss array, whose pages moe makes one by one, so the page
 * beyond the quota stops the program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIZE (7u << 20)

static char big[SIZE];

int main(int argc, char **argv)
{
	char *buf = big;

	if (argc < 2 || strcmp(argv[1], "bss") != 0) {
		buf = malloc(SIZE);
		if (!buf) {
			printf("hog: malloc of 7 MiB gave NULL\n");
			buf = malloc(1u << 20);
			printf("hog: 1 MiB %s\n", buf ? "can still be had" : "failed too");
			return buf ? 2 : 3;
		}
	}
	for (unsigned mib = 0; mib < 7; mib++) {
		for (unsigned off = 0; off < (1u << 20); off += 4096)
			buf[(mib << 20) + off] = 1;
		printf("hog: %u MiB in use\n", mib + 1);
	}
	return 0;
}
