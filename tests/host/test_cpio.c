// SPDX-License-Identifier: BSD-2-Clause
/* Host tests of the newc cpio reader (kernel/cpio.c), including damaged archives. */
#include <stdlib.h>
#include <string.h>

#include "cpio.h"
#include "tap.h"

static char arch[4096];
static size_t arch_len;

static void add_entry(const char *name, const char *data, unsigned mode)
{
	size_t namesize = strlen(name) + 1, size = strlen(data);
	arch_len += (size_t)sprintf(arch + arch_len,
				    "070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x",
				    1, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, namesize, 0);
	memcpy(arch + arch_len, name, namesize);
	arch_len = (arch_len + namesize + 3) & ~3UL;
	memcpy(arch + arch_len, data, size);
	arch_len = (arch_len + size + 3) & ~3UL;
}

static void build(void)
{
	memset(arch, 0, sizeof(arch));
	arch_len = 0;
	add_entry(".", "", 0040755);
	add_entry("hello", "hello world", 0100755);
	add_entry("./dot", "x", 0100644);
	add_entry("dir", "", 0040755);
	add_entry("empty", "", 0100644);
	add_entry("TRAILER!!!", "", 0);
}

int main(void)
{
	struct cpio_file f;

	build();
	ok(cpio_find(arch, arch_len, "hello", &f) == CPIO_OK && f.size == 11 &&
		   memcmp(f.data, "hello world", 11) == 0,
	   "finds a file and its data");
	ok(cpio_find(arch, arch_len, "dot", &f) == CPIO_OK && f.size == 1,
	   "a leading ./ in the archive is ignored");
	ok(cpio_find(arch, arch_len, "./hello", &f) == CPIO_OK, "a leading ./ in the query too");
	ok(cpio_find(arch, arch_len, "empty", &f) == CPIO_OK && f.size == 0, "empty files work");
	ok(cpio_find(arch, arch_len, "dir", &f) == CPIO_NOT_FOUND, "directories are not files");
	ok(cpio_find(arch, arch_len, "nope", &f) == CPIO_NOT_FOUND, "missing file: not found");
	ok(cpio_find(arch, arch_len, "hell", &f) == CPIO_NOT_FOUND, "no prefix matches");

	size_t off = 0;
	int entries = 0;
	enum cpio_status s;
	while ((s = cpio_next(arch, arch_len, &off, &f)) == CPIO_OK)
		entries++;
	ok(s == CPIO_END && entries == 5, "iteration sees 5 entries and the trailer");

	/* Every truncation is an error, never a read past the end (ASan watches). */
	int all_errors = 1;
	for (size_t len = 0; len < arch_len - 4; len++) {
		char *copy = malloc(len ? len : 1);
		memcpy(copy, arch, len);
		enum cpio_status r = cpio_find(copy, len, "empty", &f);
		if (r == CPIO_OK && (const char *)f.data + f.size > copy + len)
			all_errors = 0;
		if (r != CPIO_OK && r != CPIO_TRUNCATED && r != CPIO_NOT_FOUND)
			all_errors = 0;
		free(copy);
	}
	ok(all_errors, "truncated archives give errors, not overreads");

	build();
	arch[0] = 'X';
	ok(cpio_find(arch, arch_len, "hello", &f) == CPIO_BAD_MAGIC, "bad magic is reported");
	build();
	memcpy(arch + 6 + 8 * 6, "0000zz00", 8);
	ok(cpio_find(arch, arch_len, "hello", &f) == CPIO_BAD_FIELD, "non-hex size is reported");
	build();
	memcpy(arch + 6 + 8 * 11, "00000000", 8);
	ok(cpio_find(arch, arch_len, "hello", &f) == CPIO_BAD_NAME, "zero name size is reported");
	build();
	memcpy(arch + 6 + 8 * 6, "7fffffff", 8);
	ok(cpio_find(arch, arch_len, "hello", &f) == CPIO_TRUNCATED,
	   "a size past the end is reported");
	build();
	memcpy(arch + 6 + 8 * 11, "00000001", 8); /* name "." now lacks its NUL */
	ok(cpio_find(arch, arch_len, "hello", &f) != CPIO_OK, "unterminated name is refused");

	/* Random damage never crashes or overreads. */
	srand(1);
	int survived = 1;
	for (int i = 0; i < 20000; i++) {
		build();
		for (int k = 0; k < 4; k++)
			arch[rand() % arch_len] = (char)rand();
		if (cpio_find(arch, arch_len, "empty", &f) == CPIO_OK &&
		    (const char *)f.data + f.size > arch + arch_len)
			survived = 0;
	}
	ok(survived, "20000 randomly damaged archives handled");
	ok(strcmp(cpio_strerror(CPIO_TRUNCATED), "entry runs past the end of the archive") == 0 &&
		   strcmp(cpio_strerror((enum cpio_status)99), "unknown") == 0,
	   "errors have messages");
	return tap_done();
}
