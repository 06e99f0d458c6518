// SPDX-License-Identifier: BSD-2-Clause
/*
 * newc cpio reader. Every field is checked against the archive length before
 * use: a truncated or corrupted archive yields an error, never a read past it.
 */
#include <string.h>

#include "cpio.h"

#define CPIO_HEADER_SIZE    110
#define CPIO_FIELD_FILESIZE 6
#define CPIO_FIELD_NAMESIZE 11
#define CPIO_FIELD_MODE	    1
#define S_IFMT		    0170000
#define S_IFREG		    0100000

static const char *const cpio_errors[] = {
	[CPIO_OK] = "ok",
	[CPIO_END] = "end of archive",
	[CPIO_TRUNCATED] = "entry runs past the end of the archive",
	[CPIO_BAD_MAGIC] = "bad header magic (not a newc cpio archive)",
	[CPIO_BAD_FIELD] = "header field is not hexadecimal",
	[CPIO_BAD_NAME] = "bad file name",
	[CPIO_NOT_FOUND] = "no such file",
};

const char *cpio_strerror(enum cpio_status s)
{
	return (unsigned)s < sizeof(cpio_errors) / sizeof(cpio_errors[0]) ? cpio_errors[s]
									  : "unknown";
}

/* Field n (0 = ino ... 12 = check) of the header at h. */
static bool cpio_field(const char *h, unsigned n, u32 *out)
{
	const char *p = h + 6 + 8 * n;
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

enum cpio_status cpio_next(const void *archive, size_t len, size_t *offset, struct cpio_file *f)
{
	const char *base = archive;
	size_t off = *offset;
	u32 namesize, filesize, mode;

	if (off > len || len - off < CPIO_HEADER_SIZE)
		return CPIO_TRUNCATED;
	const char *h = base + off;
	if (memcmp(h, "070701", 6) != 0 && memcmp(h, "070702", 6) != 0)
		return CPIO_BAD_MAGIC;
	if (!cpio_field(h, CPIO_FIELD_NAMESIZE, &namesize) ||
	    !cpio_field(h, CPIO_FIELD_FILESIZE, &filesize) ||
	    !cpio_field(h, CPIO_FIELD_MODE, &mode))
		return CPIO_BAD_FIELD;
	if (namesize == 0)
		return CPIO_BAD_NAME;

	size_t name_off = off + CPIO_HEADER_SIZE;
	if (len - name_off < namesize)
		return CPIO_TRUNCATED;
	const char *name = base + name_off;
	if (name[namesize - 1] != '\0' || strlen(name) != namesize - 1)
		return CPIO_BAD_NAME;

	size_t data_off = ALIGN_UP(name_off + namesize, 4);
	if (data_off > len || len - data_off < filesize)
		return CPIO_TRUNCATED;
	if (strcmp(name, "TRAILER!!!") == 0)
		return CPIO_END;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	f->name = name;
	f->data = base + data_off;
	f->size = filesize;
	f->mode = mode;
	*offset = ALIGN_UP(data_off + filesize, 4);
	return CPIO_OK;
}

enum cpio_status cpio_find(const void *archive, size_t len, const char *name, struct cpio_file *f)
{
	size_t off = 0;
	enum cpio_status s;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while ((s = cpio_next(archive, len, &off, f)) == CPIO_OK)
		if ((f->mode & S_IFMT) == S_IFREG && strcmp(f->name, name) == 0)
			return CPIO_OK;
	return s == CPIO_END ? CPIO_NOT_FOUND : s;
}
