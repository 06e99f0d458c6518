// SPDX-License-Identifier: BSD-2-Clause
/* The C library's files: fopen/fgets/fseek/fread on rom/ files, and what is refused. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[128];
	FILE *f = fopen("rom/hello.lua", "r");

	if (!f) {
		printf("rom_files: fopen rom/hello.lua failed (errno %d)\n", errno);
		return 1;
	}
	if (fgets(line, sizeof(line), f))
		printf("rom_files: first line: %s", line);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	size_t n = fread(line, 1, 10, f);
	printf("rom_files: size %ld, first 10 bytes read again: %zu\n", size, n);
	fclose(f);

	errno = 0;
	printf("rom_files: fopen of a missing file: %s (errno %d)\n",
	       fopen("rom/missing.txt", "r") ? "opened?!" : "NULL", errno);
	errno = 0;
	printf("rom_files: fopen for writing: %s (errno %d)\n",
	       fopen("rom/hello.lua", "w") ? "opened?!" : "NULL", errno);
	return 0;
}
