/* SPDX-License-Identifier: BSD-2-Clause */
/* Reader of "newc" cpio archives (the boot module archive passed as initrd). */
#pragma once

#include "types.h"

struct cpio_file {
	const char *name; /* NUL-terminated, inside the archive, leading "./" removed */
	const void *data;
	size_t size;
	u32 mode;
};

enum cpio_status {
	CPIO_OK,
	CPIO_END,	/* the TRAILER!!! entry was reached */
	CPIO_TRUNCATED, /* header, name or data runs past the archive */
	CPIO_BAD_MAGIC, /* not a newc header */
	CPIO_BAD_FIELD, /* a header field is not hexadecimal */
	CPIO_BAD_NAME,	/* name size zero or name not NUL-terminated */
	CPIO_NOT_FOUND,
};

const char *cpio_strerror(enum cpio_status s);

/*
 * Read the entry at *offset and advance *offset to the next one.
 * Returns CPIO_OK with *f filled, CPIO_END, or an error.
 */
enum cpio_status cpio_next(const void *archive, size_t len, size_t *offset,
			   struct cpio_file *f) __must_check;

/* Find a regular file by name ("hello" and "./hello" match the same entry). */
enum cpio_status cpio_find(const void *archive, size_t len, const char *name,
			   struct cpio_file *f) __must_check;
