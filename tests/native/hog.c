// SPDX-License-Identifier: BSD-2-Clause
/* Uses more and more memory, a page at a time, reporting each MiB: meets its quota. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	char *buf = malloc(7u << 20);

	if (!buf)
		return 2;
	for (unsigned mib = 0; mib < 7; mib++) {
		for (unsigned off = 0; off < (1u << 20); off += 4096)
			buf[(mib << 20) + off] = 1;
		printf("hog: %u MiB in use\n", mib + 1);
	}
	return 0;
}
