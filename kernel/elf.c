// SPDX-License-Identifier: BSD-2-Clause
/*
 * ELF64 executable validation (System V gABI, AArch64 ELF ABI). Each field
 * from the file is checked, with overflow-safe arithmetic, before any use.
 */
#include <string.h>

#include "elf.h"

#define EI_NIDENT   16
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1
#define ET_EXEC	    2
#define EM_AARCH64  183
#define PT_LOAD	    1
#define PF_X	    1
#define PF_W	    2
#define PF_R	    4

struct elf64_ehdr {
	u8 e_ident[EI_NIDENT];
	u16 e_type, e_machine;
	u32 e_version;
	u64 e_entry, e_phoff, e_shoff;
	u32 e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header size");

struct elf64_phdr {
	u32 p_type, p_flags;
	u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header size");

static const char *const elf_errors[] = {
	[ELF_OK] = "ok",
	[ELF_TOO_SMALL] = "file too small for an ELF header",
	[ELF_BAD_MAGIC] = "bad magic (not an ELF file)",
	[ELF_NOT_64BIT] = "not a 64-bit ELF file",
	[ELF_NOT_LITTLE_ENDIAN] = "not little-endian",
	[ELF_BAD_VERSION] = "unknown ELF version",
	[ELF_NOT_AARCH64] = "not an AArch64 program",
	[ELF_NOT_EXECUTABLE] = "not an executable (ET_EXEC)",
	[ELF_BAD_PHDR_TABLE] = "program header table invalid or outside the file",
	[ELF_TOO_MANY_SEGMENTS] = "too many loadable segments",
	[ELF_SEGMENT_OUTSIDE_FILE] = "segment data outside the file",
	[ELF_SEGMENT_FILESZ_GT_MEMSZ] = "segment file size larger than its memory size",
	[ELF_SEGMENT_BAD_ADDRESS] = "segment address outside the user address range",
	[ELF_SEGMENTS_OVERLAP] = "segments overlap",
	[ELF_NO_SEGMENTS] = "no loadable segment",
	[ELF_BAD_ENTRY] = "entry point not in an executable segment",
	[ELF_SEGMENT_WX] = "a segment is both writable and executable (W^X)",
};

const char *elf_strerror(enum elf_status s)
{
	return (unsigned)s < sizeof(elf_errors) / sizeof(elf_errors[0]) ? elf_errors[s] : "unknown";
}

static bool range_inside(u64 off, u64 size, u64 len)
{
	return off <= len && size <= len - off;
}

static enum elf_status elf_check_header(const struct elf64_ehdr *eh, size_t len)
{
	if (memcmp(eh->e_ident, "\177ELF", 4) != 0)
		return ELF_BAD_MAGIC;
	if (eh->e_ident[4] != ELFCLASS64)
		return ELF_NOT_64BIT;
	if (eh->e_ident[5] != ELFDATA2LSB)
		return ELF_NOT_LITTLE_ENDIAN;
	if (eh->e_ident[6] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return ELF_BAD_VERSION;
	if (eh->e_machine != EM_AARCH64)
		return ELF_NOT_AARCH64;
	if (eh->e_type != ET_EXEC)
		return ELF_NOT_EXECUTABLE;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    !range_inside(eh->e_phoff, (u64)eh->e_phnum * sizeof(struct elf64_phdr), len) ||
	    !IS_ALIGNED(eh->e_phoff, 8))
		return ELF_BAD_PHDR_TABLE;
	return ELF_OK;
}

static enum elf_status elf_add_segment(const struct elf64_phdr *ph, size_t len, u64 user_min,
				       u64 user_end, struct elf_image *img)
{
	if (img->nsegments == ELF_MAX_SEGMENTS)
		return ELF_TOO_MANY_SEGMENTS;
	if (!range_inside(ph->p_offset, ph->p_filesz, len))
		return ELF_SEGMENT_OUTSIDE_FILE;
	if (ph->p_filesz > ph->p_memsz)
		return ELF_SEGMENT_FILESZ_GT_MEMSZ;
	if (ph->p_vaddr < user_min || ph->p_vaddr >= user_end || ph->p_memsz == 0 ||
	    ph->p_memsz > user_end - ph->p_vaddr)
		return ELF_SEGMENT_BAD_ADDRESS;

	/* Segments are mapped page by page: page-rounded ranges must not meet. */
	u64 start = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
	u64 end = ALIGN_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *o = &img->seg[i];
		u64 ostart = ALIGN_DOWN(o->vaddr, PAGE_SIZE);
		u64 oend = ALIGN_UP(o->vaddr + o->memsz, PAGE_SIZE);
		if (start < oend && ostart < end)
			return ELF_SEGMENTS_OVERLAP;
	}

	struct elf_segment *s = &img->seg[img->nsegments++];
	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->offset = ph->p_offset;
	s->filesz = ph->p_filesz;
	s->flags = (ph->p_flags & PF_R ? ELF_SEG_R : 0) | (ph->p_flags & PF_W ? ELF_SEG_W : 0) |
		   (ph->p_flags & PF_X ? ELF_SEG_X : 0);
	return ELF_OK;
}

enum elf_status elf_parse(const void *file, size_t len, u64 user_min, u64 user_end,
			  struct elf_image *img)
{
	struct elf64_ehdr eh;
	enum elf_status s;

	if (len < sizeof(eh))
		return ELF_TOO_SMALL;
	memcpy(&eh, file, sizeof(eh)); /* the module may not be 8-byte aligned */
	if ((s = elf_check_header(&eh, len)) != ELF_OK)
		return s;

	img->nsegments = 0;
	img->entry = eh.e_entry;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, (const u8 *)file + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		if ((s = elf_add_segment(&ph, len, user_min, user_end, img)) != ELF_OK)
			return s;
	}
	if (img->nsegments == 0)
		return ELF_NO_SEGMENTS;
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *seg = &img->seg[i];
		if ((seg->flags & ELF_SEG_X) && img->entry >= seg->vaddr &&
		    img->entry - seg->vaddr < seg->memsz && IS_ALIGNED(img->entry, 4))
			return ELF_OK;
	}
	return ELF_BAD_ENTRY;
}

enum elf_status elf_check_wx(const struct elf_image *img)
{
	for (unsigned i = 0; i < img->nsegments; i++)
		if ((img->seg[i].flags & (ELF_SEG_W | ELF_SEG_X)) == (ELF_SEG_W | ELF_SEG_X))
			return ELF_SEGMENT_WX;
	return ELF_OK;
}
