// SPDX-License-Identifier: BSD-2-Clause
/* Host tests of ELF validation (kernel/elf.c): good files and every kind of bad one. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "tap.h"

#define UMIN 0x10000UL
#define UEND 0x0000700000000000UL

static unsigned char file[4096];

/* A valid executable: text at 0x400000 (R X), data at 0x401000 (R W, bss after). */
static void build(void)
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
	eh->e_entry = 0x400100;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 3;
	Elf64_Phdr *ph = (Elf64_Phdr *)(file + eh->e_phoff);
	ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
			     .p_flags = PF_R | PF_X,
			     .p_offset = 0,
			     .p_vaddr = 0x400000,
			     .p_filesz = 0x800,
			     .p_memsz = 0x800,
			     .p_align = 0x1000};
	ph[1] = (Elf64_Phdr){.p_type = PT_LOAD,
			     .p_flags = PF_R | PF_W,
			     .p_offset = 0x800,
			     .p_vaddr = 0x401800,
			     .p_filesz = 0x100,
			     .p_memsz = 0x2000,
			     .p_align = 0x1000};
	ph[2] = (Elf64_Phdr){.p_type = PT_NOTE, .p_offset = 0x7fffffff, .p_filesz = 0x100};
}

static Elf64_Ehdr *eh(void)
{
	return (Elf64_Ehdr *)file;
}
static Elf64_Phdr *ph(int i)
{
	return (Elf64_Phdr *)(file + sizeof(Elf64_Ehdr)) + i;
}

static enum elf_status parse(size_t len)
{
	struct elf_image img;
	return elf_parse(file, len, UMIN, UEND, &img);
}

static int expect(enum elf_status want, const char *what)
{
	enum elf_status got = parse(sizeof(file));
	return ok(got == want, "%s: %s", what, elf_strerror(got));
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *buf = malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	struct elf_image img;

	build();
	ok(elf_parse(file, sizeof(file), UMIN, UEND, &img) == ELF_OK, "a valid executable passes");
	ok(img.nsegments == 2 && img.entry == 0x400100, "two loadable segments, entry kept");
	ok(img.seg[0].flags == (ELF_SEG_R | ELF_SEG_X) &&
		   img.seg[1].flags == (ELF_SEG_R | ELF_SEG_W),
	   "segment permissions kept");
	ok(img.seg[1].memsz == 0x2000 && img.seg[1].filesz == 0x100, "bss size kept");

	ok(parse(10) == ELF_TOO_SMALL, "10 bytes: too small");
	build();
	file[1] = 'X';
	expect(ELF_BAD_MAGIC, "bad magic");
	build();
	file[EI_CLASS] = ELFCLASS32;
	expect(ELF_NOT_64BIT, "32-bit");
	build();
	file[EI_DATA] = ELFDATA2MSB;
	expect(ELF_NOT_LITTLE_ENDIAN, "big-endian");
	build();
	eh()->e_version = 7;
	expect(ELF_BAD_VERSION, "version");
	build();
	eh()->e_machine = EM_X86_64;
	expect(ELF_NOT_AARCH64, "x86-64");
	build();
	eh()->e_type = ET_DYN;
	expect(ELF_NOT_EXECUTABLE, "shared object");
	build();
	eh()->e_phoff = 4090;
	expect(ELF_BAD_PHDR_TABLE, "phdrs past the end");
	build();
	eh()->e_phoff = ~0UL - 8;
	expect(ELF_BAD_PHDR_TABLE, "phoff overflow");
	build();
	eh()->e_phentsize = 32;
	expect(ELF_BAD_PHDR_TABLE, "wrong phentsize");
	build();
	eh()->e_phnum = 0;
	expect(ELF_BAD_PHDR_TABLE, "no phdrs");
	build();
	eh()->e_phnum = 0xffff;
	expect(ELF_BAD_PHDR_TABLE, "65535 phdrs");
	build();
	ph(1)->p_offset = 4000;
	expect(ELF_SEGMENT_OUTSIDE_FILE, "data past the end");
	build();
	ph(1)->p_offset = ~0UL - 0x10;
	expect(ELF_SEGMENT_OUTSIDE_FILE, "offset overflow");
	build();
	ph(1)->p_filesz = 0x3000;
	expect(ELF_SEGMENT_OUTSIDE_FILE, "huge filesz");
	build();
	ph(1)->p_filesz = 0x300;
	ph(1)->p_memsz = 0x200;
	expect(ELF_SEGMENT_FILESZ_GT_MEMSZ, "filesz > memsz");
	build();
	ph(0)->p_vaddr = 0;
	expect(ELF_SEGMENT_BAD_ADDRESS, "segment at page zero");
	build();
	ph(1)->p_vaddr = 0xffffff8000000000UL;
	expect(ELF_SEGMENT_BAD_ADDRESS, "kernel address");
	build();
	ph(1)->p_vaddr = UEND - 0x1000;
	ph(1)->p_memsz = 0x2000;
	expect(ELF_SEGMENT_BAD_ADDRESS, "segment crossing the user end");
	build();
	ph(1)->p_memsz = ~0UL;
	expect(ELF_SEGMENT_BAD_ADDRESS, "memsz wrap-around");
	build();
	ph(1)->p_vaddr = 0x400400;
	expect(ELF_SEGMENTS_OVERLAP, "overlapping segments");
	build();
	ph(1)->p_vaddr = 0x400800;
	expect(ELF_SEGMENTS_OVERLAP, "segments sharing a page");
	build();
	ph(0)->p_type = PT_NULL;
	ph(1)->p_type = PT_NULL;
	expect(ELF_NO_SEGMENTS, "nothing to load");
	build();
	eh()->e_entry = 0x401900;
	expect(ELF_BAD_ENTRY, "entry in a data segment");
	build();
	eh()->e_entry = 0x500000;
	expect(ELF_BAD_ENTRY, "entry outside all segments");
	build();
	eh()->e_entry = 0x400101;
	expect(ELF_BAD_ENTRY, "misaligned entry");
	build();
	eh()->e_phnum = 3 + 8;
	for (int i = 0; i < 11; i++) {
		*ph(i) = *ph(0);
		ph(i)->p_vaddr = 0x400000 + 0x1000UL * (unsigned)i;
	}
	expect(ELF_TOO_MANY_SEGMENTS, "more segments than the loader takes");

	/* W^X is the program loaders' question, asked after a successful parse. */
	build();
	ok(elf_parse(file, sizeof(file), UMIN, UEND, &img) == ELF_OK &&
		   elf_check_wx(&img) == ELF_OK,
	   "text R X and data R W pass W^X");
	ph(1)->p_flags = PF_R | PF_W | PF_X;
	ok(elf_parse(file, sizeof(file), UMIN, UEND, &img) == ELF_OK &&
		   elf_check_wx(&img) == ELF_SEGMENT_WX,
	   "a writable and executable segment parses (guests may) but fails W^X");
	build();
	ph(0)->p_flags = PF_W | PF_X;
	ok(elf_parse(file, sizeof(file), UMIN, UEND, &img) == ELF_OK &&
		   elf_check_wx(&img) == ELF_SEGMENT_WX,
	   "W and X without R fails W^X too");

	int truncations_fail = 1;
	build();
	for (size_t len = 0; len < 0x900; len++)
		if (parse(len) == ELF_OK)
			truncations_fail = 0;
	ok(truncations_fail, "every truncation of the file is refused");

	srand(2);
	for (int i = 0; i < 50000; i++) {
		build();
		for (int k = 0; k < 3; k++)
			file[rand() % 0x100] = (unsigned char)rand();
		if (elf_parse(file, sizeof(file), UMIN, UEND, &img) == ELF_OK) {
			for (unsigned s = 0; s < img.nsegments; s++)
				if (img.seg[s].offset + img.seg[s].filesz > sizeof(file))
					truncations_fail = 0;
		}
	}
	ok(truncations_fail, "50000 randomly damaged headers never pass with bad segments");

	/* The real programs from the build, when given. */
	for (int i = 1; i < argc; i++) {
		size_t len;
		unsigned char *buf = read_file(argv[i], &len);
		if (!buf) {
			ok(0, "read %s", argv[i]);
			continue;
		}
		/* Every program of the tree passes W^X; bad_* files fail one check or the other. */
		enum elf_status s = elf_parse(buf, len, UMIN, UEND, &img);
		if (s == ELF_OK)
			s = elf_check_wx(&img);
		int want_ok =
			strstr(argv[i], "bad_") == NULL && strstr(argv[i], "truncated") == NULL;
		ok(want_ok ? s == ELF_OK : s != ELF_OK, "%s: %s", argv[i], elf_strerror(s));
		free(buf);
	}
	return tap_done();
}
