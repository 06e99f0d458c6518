/* SPDX-License-Identifier: BSD-2-Clause */
/* Validation of ELF64 AArch64 executables before the loader trusts them. */
#pragma once

#include "types.h"

#define ELF_MAX_SEGMENTS 8

#define ELF_SEG_R 4
#define ELF_SEG_W 2
#define ELF_SEG_X 1

struct elf_segment {
	u64 vaddr, memsz;   /* where it goes and how big it is in memory */
	u64 offset, filesz; /* what of the file fills its start */
	unsigned flags;	    /* ELF_SEG_R | ELF_SEG_W | ELF_SEG_X */
};

struct elf_image {
	u64 entry;
	unsigned nsegments;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

enum elf_status {
	ELF_OK,
	ELF_TOO_SMALL,
	ELF_BAD_MAGIC,
	ELF_NOT_64BIT,
	ELF_NOT_LITTLE_ENDIAN,
	ELF_BAD_VERSION,
	ELF_NOT_AARCH64,
	ELF_NOT_EXECUTABLE,
	ELF_BAD_PHDR_TABLE,
	ELF_TOO_MANY_SEGMENTS,
	ELF_SEGMENT_OUTSIDE_FILE,
	ELF_SEGMENT_FILESZ_GT_MEMSZ,
	ELF_SEGMENT_BAD_ADDRESS,
	ELF_SEGMENTS_OVERLAP,
	ELF_NO_SEGMENTS,
	ELF_BAD_ENTRY,
	ELF_SEGMENT_WX,
};

const char *elf_strerror(enum elf_status s);

/*
 * Check that the len bytes at file are an ELF64 little-endian AArch64
 * executable whose loadable segments lie inside the file and inside
 * [user_min, user_end), do not overlap (page-rounded), and whose entry point
 * is in an executable segment. On success *img describes the segments.
 */
enum elf_status elf_parse(const void *file, size_t len, u64 user_min, u64 user_end,
			  struct elf_image *img) __must_check;

/*
 * W^X for programs: ELF_SEGMENT_WX if a segment of img is both writable and
 * executable. The kernel's and moe's loaders ask; the VMM does not (a guest
 * maps its own memory as it likes).
 */
enum elf_status elf_check_wx(const struct elf_image *img) __must_check;
