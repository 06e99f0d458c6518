// SPDX-License-Identifier: BSD-2-Clause
/* The C library's files: fopen/fgets/fseek/fread on rom/ files, and what is refused. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* fread in bulk against getc byte by byte; ungetc before fread; the end of the file. */
static const char *bulk_read(FILE *f, long size)
{
	char *a = malloc((size_t)size + 8), *b = malloc((size_t)size + 8);
	const char *bad = NULL;
	if (!a || !b)
		return "out of memory";
	rewind(f);
	for (long i = 0; i < size; i++)
		a[i] = (char)getc(f);
	if (getc(f) != EOF || !feof(f))
		bad = "getc does not end at the end";
	rewind(f);
	if (!bad && (getc(f) != a[0] || ungetc(a[0], f) != a[0]))
		bad = "getc/ungetc";
	/* whole elements of 3 bytes: the last partial one is not counted */
	if (!bad && fread(b, 3, (size_t)size / 3 + 1, f) != (size_t)size / 3)
		bad = "fread's count at the end of the file";
	if (!bad && (memcmp(a, b, (size_t)size) != 0 || !feof(f) || ftell(f) != size))
		bad = "fread's bytes, feof or ftell";
	if (!bad && (fseek(f, 5, SEEK_SET) || feof(f) || fread(b, 1, 4, f) != 4 ||
		     memcmp(b, a + 5, 4) || ftell(f) != 9))
		bad = "fseek then fread";
	free(a);
	free(b);
	return bad ? bad : "same as getc";
}

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
	printf("rom_files: fread of the whole file: %s\n", bulk_read(f, size));
	fclose(f);

	errno = 0;
	printf("rom_files: fopen of a missing file: %s (errno %d)\n",
	       fopen("rom/missing.txt", "r") ? "opened?!" : "NULL", errno);
	errno = 0;
	printf("rom_files: fopen for writing: %s (errno %d)\n",
	       fopen("rom/hello.lua", "w") ? "opened?!" : "NULL", errno);
	return 0;
}
