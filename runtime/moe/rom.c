// SPDX-License-Identifier: BSD-2-Clause
/* The boot module archive, as the kernel mapped it into moe, read with the kernel's cpio reader. */
#include <string.h>

#include "cpio.h"
#include "moe.h"

static const void *rom_archive;
static uint64_t rom_size;

void rom_init(const void *archive, uint64_t size)
{
	rom_archive = archive;
	rom_size = size;
}

const void *rom_find(const char *name, uint64_t *size)
{
	struct cpio_file f;

	if (strncmp(name, "rom/", 4) == 0)
		name += 4;
	if (!rom_archive || cpio_find(rom_archive, rom_size, name, &f) != CPIO_OK)
		return NULL;
	*size = f.size;
	return f.data;
}
