// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest's ELF executable into guest RAM. The kernel's reader (elf.c,
 * also compiled for user level) validates the file and gives the segments by
 * virtual address; their physical addresses come from the same, validated,
 * program headers. A bare-metal guest runs with the MMU off, so it is loaded
 * and entered at physical addresses.
 */
#include <string.h>

#include "fail.h"
#include "guest_elf.h"

#define PT_LOAD 1

/* The fields of the ELF64 headers read here (System V gABI). */
#define EHDR_PHOFF 32
#define EHDR_PHNUM 56
#define PHDR_SIZE  56
#define PHDR_PADDR 24

/* Where the guest's addresses may lie as far as the ELF reader is concerned. */
#define GUEST_VA_END (1UL << 48)

/* p_paddr of the PT_LOAD headers, in the order elf_parse listed the segments. */
static void guest_elf_paddrs(const uint8_t *file, uint64_t *paddr)
{
	uint64_t phoff;
	uint16_t phnum;
	unsigned n = 0;

	memcpy(&phoff, file + EHDR_PHOFF, sizeof(phoff));
	memcpy(&phnum, file + EHDR_PHNUM, sizeof(phnum));
	for (unsigned i = 0; i < phnum && n < ELF_MAX_SEGMENTS; i++) {
		const uint8_t *ph = file + phoff + (uint64_t)i * PHDR_SIZE;
		uint32_t type;
		memcpy(&type, ph, sizeof(type));
		if (type == PT_LOAD)
			memcpy(&paddr[n++], ph + PHDR_PADDR, sizeof(uint64_t));
	}
}

int guest_elf_load(const struct guest_ram *ram, const void *file, size_t len, struct guest_elf *out,
		   char *err, size_t errlen)
{
	struct elf_image img;
	uint64_t paddr[ELF_MAX_SEGMENTS];
	enum elf_status st = elf_parse(file, len, 0, GUEST_VA_END, &img);

	if (st != ELF_OK)
		return vmm_fail(err, errlen, "not a valid guest executable: %s", elf_strerror(st));
	/* elf_parse checked the header and that the program headers lie inside the file. */
	guest_elf_paddrs(file, paddr);
	out->entry = 0;
	out->nsegments = img.nsegments;
	for (unsigned i = 0; i < img.nsegments; i++) {
		const struct elf_segment *s = &img.seg[i];
		uint8_t *dst = ram_ptr(ram, paddr[i], s->memsz);

		if (!dst)
			return vmm_fail(err, errlen,
					"segment %u at 0x%llx (%llu bytes) is outside guest RAM "
					"0x%llx-0x%llx",
					i, (unsigned long long)paddr[i],
					(unsigned long long)s->memsz, (unsigned long long)ram->base,
					(unsigned long long)(ram->base + ram->size));
		memcpy(dst, (const uint8_t *)file + s->offset, s->filesz);
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
		out->seg[i].start = paddr[i];
		out->seg[i].size = s->memsz;
		/* elf_parse made sure an executable segment holds the entry point. */
		if ((s->flags & ELF_SEG_X) && img.entry - s->vaddr < s->memsz)
			out->entry = paddr[i] + (img.entry - s->vaddr);
	}
	return 0;
}
