/* SPDX-License-Identifier: BSD-2-Clause */
/* Starting the first user program from an ELF boot module. */
#pragma once

#include "types.h"

/* User address-space layout of a kernel-loaded program (docs/boot.md). */
#define USER_IMAGE_MIN	 0x10000UL	      /* nothing is mapped below */
#define USER_IMAGE_END	 0x0000700000000000UL /* ELF segments stay below */
#define USER_UTCB_BASE	 0x0000700000000000UL
#define USER_STACK_TOP	 0x0000800000000000UL
#define USER_STACK_PAGES 16

/*
 * Load the ELF file (len bytes) as a new task called name and make its first
 * thread ready, with argv[0..argc) as arguments. Returns NULL or a message
 * saying why the program was rejected.
 */
const char *loader_start(const char *name, const void *elf, size_t len, int argc,
			 const char *const *argv) __must_check;
