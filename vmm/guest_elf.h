/* SPDX-License-Identifier: BSD-2-Clause */
/* Loading a bare-metal guest's ELF executable into guest RAM. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "elf.h"
#include "ram.h"

struct guest_elf {
	uint64_t entry; /* guest-physical */
	unsigned nsegments;
	struct {
		uint64_t start, size; /* guest-physical, as loaded */
	} seg[ELF_MAX_SEGMENTS];
};

/*
 * Check file[0..len) with the kernel's ELF reader, then copy each PT_LOAD
 * segment to its physical address (p_paddr) in RAM and zero the rest of it.
 * A segment not wholly inside RAM is an error. The entry point is translated
 * to a physical address through the segment that holds it. Returns 0, or -1
 * with a message in err; RAM may then hold part of the image.
 */
int guest_elf_load(const struct guest_ram *ram, const void *file, size_t len, struct guest_elf *out,
		   char *err, size_t errlen) __attribute__((warn_unused_result));
