/* SPDX-License-Identifier: BSD-2-Clause */
/* Starting the first user program (the root task) from an ELF boot module. */
#pragma once

#include "types.h"

/* User address-space layout of the root task (docs/boot.md). */
#define USER_IMAGE_MIN	 0x10000UL	      /* nothing is mapped below */
#define USER_IMAGE_END	 0x0000700000000000UL /* ELF segments stay below */
#define USER_UTCB_BASE	 0x0000700000000000UL
#define USER_UTCB_ORDER	 18 /* 64 UTCB pages */
#define USER_STACK_TOP	 0x0000800000000000UL
#define USER_STACK_PAGES 16

/*
 * Load the ELF file (len bytes) as the root task called name, with the
 * initial object space of docs/abi.md, and make its first thread ready with
 * argv[0..argc) as arguments. Returns NULL or why the program was rejected.
 */
const char *loader_start(const char *name, const void *elf, size_t len, int argc,
			 const char *const *argv) __must_check;
