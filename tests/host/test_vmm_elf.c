// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of loading a guest ELF into guest RAM (vmm/guest_elf.c): at the
 * physical addresses, bss zeroed, the entry point translated, and every
 * segment that does not fit RAM refused.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "guest_elf.h"
#include "tap.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE (1UL << 20)

static unsigned char file[8192];
static struct guest_ram ram;
static struct guest_elf out;
static char err[160];

static Elf64_Phdr *ph(int i)
{
	return (Elf64_Phdr *)(file + sizeof(Elf64_Ehdr)) + i;
}

/* A note first, then text (R X) and data (R W, bss after) where a bare-metal guest has them. */
static void build(uint64_t text_va, uint64_t text_pa, uint64_t data_va, uint64_t data_pa)
{
	memset(file, 0, sizeof(file));
	Elf64_Ehdr *eh = (Elf64_Ehdr *)file;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_AARCH64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = text_va + 0x100;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 3;
	*ph(0) = (Elf64_Phdr){.p_type = PT_NOTE, .p_offset = 0x1000, .p_filesz = 0x10};
	*ph(1) = (Elf64_Phdr){.p_type = PT_LOAD,
			      .p_flags = PF_R | PF_X,
			      .p_offset = 0x1000,
			      .p_vaddr = text_va,
			      .p_paddr = text_pa,
			      .p_filesz = 0x800,
			      .p_memsz = 0x800,
			      .p_align = 0x1000};
	*ph(2) = (Elf64_Phdr){.p_type = PT_LOAD,
			      .p_flags = PF_R | PF_W,
			      .p_offset = 0x1800,
			      .p_vaddr = data_va,
			      .p_paddr = data_pa,
			      .p_filesz = 0x100,
			      .p_memsz = 0x2000,
			      .p_align = 0x1000};
	memset(file + 0x1000, 0xd5, 0x800);
	memset(file + 0x1800, 0x42, 0x100);
}

static int load(void)
{
	memset(ram.host, 0xee, RAM_SIZE);
	err[0] = '\0';
	return guest_elf_load(&ram, file, sizeof(file), &out, err, sizeof(err));
}

static bool all(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

int main(void)
{
	ram = (struct guest_ram){RAM_BASE, RAM_SIZE, calloc(1, RAM_SIZE), 0};

	build(RAM_BASE, RAM_BASE, RAM_BASE + 0x2000, RAM_BASE + 0x2000);
	ok(load() == 0, "a guest linked at RAM's base loads (%s)", err);
	ok(out.entry == RAM_BASE + 0x100, "its entry point");
	ok(out.nsegments == 2 && out.seg[0].start == RAM_BASE && out.seg[0].size == 0x800 &&
		   out.seg[1].start == RAM_BASE + 0x2000 && out.seg[1].size == 0x2000,
	   "its two segments, for pre-mapping");
	ok(all(ram.host, 0x800, 0xd5) && all(ram.host + 0x2000, 0x100, 0x42),
	   "the file's bytes are in RAM");
	ok(all(ram.host + 0x2100, 0x1f00, 0), "the rest of the data segment (bss) is zeroed");
	ok(all(ram.host + 0x800, 0x1800, 0xee) && all(ram.host + 0x4000, 0x1000, 0xee),
	   "RAM outside the segments is left alone");

	build(0x400000, RAM_BASE + 0x10000, 0x402000, RAM_BASE + 0x20000);
	ok(load() == 0 && all(ram.host + 0x10000, 0x800, 0xd5) &&
		   all(ram.host + 0x20000, 0x100, 0x42),
	   "segments go to their physical addresses (p_paddr), not the virtual ones");
	ok(out.entry == RAM_BASE + 0x10100, "the entry point is translated to physical");

	build(RAM_BASE, RAM_BASE, RAM_BASE + RAM_SIZE - 0x2000, RAM_BASE + RAM_SIZE - 0x2000);
	ok(load() == 0, "a segment ending at RAM's last byte fits");
	build(RAM_BASE, RAM_BASE, RAM_BASE + RAM_SIZE - 0x1000, RAM_BASE + RAM_SIZE - 0x1000);
	ok(load() == -1 && strstr(err, "segment 1") && strstr(err, "outside guest RAM"),
	   "a segment crossing RAM's end is refused: \"%s\"", err);
	build(RAM_BASE - 0x1000, RAM_BASE - 0x1000, RAM_BASE + 0x2000, RAM_BASE + 0x2000);
	ok(load() == -1 && strstr(err, "segment 0"), "a segment below RAM is refused");
	build(0x400000, UINT64_MAX - 0x100, 0x402000, RAM_BASE);
	ok(load() == -1 && strstr(err, "outside guest RAM"),
	   "a physical address that wraps is refused");
	build(0x400000, 0x09000000, 0x402000, RAM_BASE);
	ok(load() == -1, "a segment on a device is refused");

	build(RAM_BASE, RAM_BASE, RAM_BASE + 0x2000, RAM_BASE + 0x2000);
	file[0] = 'X';
	ok(load() == -1 && strstr(err, "not a valid guest executable: bad magic"),
	   "a file that is no ELF: \"%s\"", err);
	build(RAM_BASE, RAM_BASE, RAM_BASE + 0x2000, RAM_BASE + 0x2000);
	((Elf64_Ehdr *)file)->e_entry = RAM_BASE + 0x2010;
	ok(load() == -1 && strstr(err, "entry point"), "an entry point in data is refused");
	build(RAM_BASE, RAM_BASE, RAM_BASE + 0x2000, RAM_BASE + 0x2000);
	ok(guest_elf_load(&ram, file, 100, &out, err, sizeof(err)) == -1,
	   "a truncated file is refused");
	return tap_done();
}
