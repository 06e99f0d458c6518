// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the arm64 Image loader (vmm/linux_image.c): header fields,
 * every refusal, placement for several RAM bases and sizes (and against an
 * independent computation for random ones), RAM too small, loading, the
 * entry registers, and Debian's own Image when the cache has it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "linux_image.h"
#include "tap.h"

#define MIB (1UL << 20)
#define GIB (1UL << 30)

/* Debian bookworm's 6.1 kernel (guests/linux/README.md). */
#define DEBIAN_IMAGE_SIZE 0x2010000UL
#define DEBIAN_FLAGS	  0xaUL
#define DEBIAN_INITRD	  2176760UL

static uint8_t file[8192];
static struct linux_image img;
static struct linux_layout lay;
static char err[200];

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* An Image header as the kernel's head.S writes it ("MZ" first: EFI stub). */
static void header(uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
	memset(file, 0, sizeof(file));
	file[0] = 'M';
	file[1] = 'Z';
	put64(file + 8, text_offset);
	put64(file + 16, image_size);
	put64(file + 24, flags);
	memcpy(file + 56, "ARM\x64", 4);
}

static int parse(size_t len)
{
	err[0] = '\0';
	return linux_image_parse(file, len, &img, err, sizeof(err));
}

static bool refused(size_t len, const char *why)
{
	return parse(len) == -1 && strstr(err, why);
}

static int place(uint64_t base, uint64_t size, uint64_t initrd)
{
	err[0] = '\0';
	memset(&lay, 0xee, sizeof(lay));
	return linux_image_place(&img, base, size, initrd, &lay, err, sizeof(err));
}

static uint64_t up(uint64_t a, uint64_t align)
{
	return (a + align - 1) & ~(align - 1);
}

static void test_header(void)
{
	header(0, DEBIAN_IMAGE_SIZE, DEBIAN_FLAGS);
	ok(parse(sizeof(file)) == 0, "Debian's header is accepted (%s)", err);
	ok(img.text_offset == 0 && img.image_size == DEBIAN_IMAGE_SIZE && img.flags == DEBIAN_FLAGS,
	   "text_offset, image_size and flags as in the header");
	ok(img.page_kib == 4 && img.place_anywhere && !img.old_header && img.file_size == 8192,
	   "4 KiB pages, placement anywhere, a current header, the file size");

	static const unsigned kib[4] = {0, 4, 16, 64};
	for (unsigned p = 0; p < 4; p++) {
		header(0x80000, 1 * MIB, p << 1);
		ok(parse(sizeof(file)) == 0 && img.page_kib == kib[p] && !img.place_anywhere,
		   "page size field %u: %u KiB, placement low", p, kib[p]);
	}
	header(0x1000, 1 * MIB, 0xfffffffffffffff0UL | DEBIAN_FLAGS);
	ok(parse(sizeof(file)) == 0 && img.text_offset == 0x1000,
	   "reserved flag bits are ignored; text_offset 0x1000 is fine");
	header(0x1ff000, 1 * MIB, 0);
	ok(parse(sizeof(file)) == 0, "text_offset just below 2 MiB is fine");
	header(0, sizeof(file), 0);
	ok(parse(sizeof(file)) == 0 && img.image_size == sizeof(file), "image_size = file size");
	header(0, 64, 0);
	ok(parse(64) == 0, "a bare 64-byte header is an Image");

	/* image_size 0: a kernel before 3.17, whatever else the header says. */
	header(0x1234, 0, 0xffff);
	ok(parse(sizeof(file)) == 0 && img.old_header && img.text_offset == LINUX_OLD_TEXT_OFFSET,
	   "image_size 0: an old kernel with text_offset 0x80000");
	ok(img.image_size == sizeof(file) + LINUX_OLD_IMAGE_MARGIN && img.flags == 0 &&
		   img.page_kib == 0,
	   "... its size is the file's (page aligned) plus the margin; no flags");
	ok(parse(4097) == 0 && img.image_size == 8192 + LINUX_OLD_IMAGE_MARGIN,
	   "... the file size rounded up to a page");
}

static void test_refusals(void)
{
	header(0, 1 * MIB, 0);
	ok(refused(63, "too short") && strstr(err, "63 bytes"), "63 bytes: too short (%s)", err);
	ok(refused(0, "too short"), "0 bytes: too short");
	file[56] = 'B';
	ok(refused(sizeof(file), "no magic"), "a wrong magic: %s", err);
	header(0, 1 * MIB, 0);
	file[59] = 0x65;
	ok(refused(sizeof(file), "no magic"), "the magic's last byte wrong");
	header(0, 1 * MIB, 0);
	file[0] = 0x1f;
	file[1] = 0x8b;
	ok(refused(sizeof(file), "gzip"), "a gzip file: %s", err);
	header(0, 1 * MIB, LINUX_FLAG_BE);
	ok(refused(sizeof(file), "big-endian"), "a big-endian kernel: %s", err);
	header(0, 1 * MIB, LINUX_FLAG_BE | DEBIAN_FLAGS);
	ok(refused(sizeof(file), "big-endian"), "a big-endian kernel with other flags");
	header(0, sizeof(file) - 1, 0);
	ok(refused(sizeof(file), "smaller than the file"), "image_size below the file: %s", err);
	header(0, 64, 0);
	ok(refused(65, "smaller than the file"), "image_size one byte short");
	header(0x80800, 1 * MIB, 0);
	ok(refused(sizeof(file), "text_offset"), "text_offset not 4 KiB aligned: %s", err);
	header(0x80004, 1 * MIB, 0);
	ok(refused(sizeof(file), "text_offset"), "text_offset 4-byte aligned only");
	header(LINUX_TEXT_ALIGN, 4 * MIB, 0);
	ok(refused(sizeof(file), "text_offset"), "text_offset 2 MiB");
	header(0xfffffffffffff000UL, 1 * MIB, 0);
	ok(refused(sizeof(file), "text_offset"), "text_offset near 2^64");
}

static void test_placement(void)
{
	header(0, DEBIAN_IMAGE_SIZE, DEBIAN_FLAGS);
	ok(parse(sizeof(file)) == 0, "Debian's header again");

	ok(place(0x40000000, 256 * MIB, DEBIAN_INITRD) == 0, "256 MiB at 1 GiB with an initrd (%s)",
	   err);
	ok(lay.kernel == 0x40000000 && lay.kernel_end == 0x40000000 + DEBIAN_IMAGE_SIZE,
	   "the kernel at the start of RAM, image_size long");
	ok(lay.initrd == 0x42010000 && lay.initrd_end == 0x42010000 + DEBIAN_INITRD,
	   "the initrd right after image_size");
	ok(lay.dtb == 0x42400000, "the DTB at the next 2 MiB boundary after the initrd: 0x%llx",
	   (unsigned long long)lay.dtb);
	ok(lay.ram_base == 0x40000000 && lay.ram_end == 0x50000000, "the RAM it was placed in");

	ok(place(0x40000000, 256 * MIB, 0) == 0 && lay.initrd == 0 && lay.initrd_end == 0 &&
		   lay.dtb == up(0x40000000 + DEBIAN_IMAGE_SIZE, LINUX_TEXT_ALIGN),
	   "no initrd: initrd 0, the DTB after the kernel");

	ok(place(0x80000000, 4 * GIB, DEBIAN_INITRD) == 0 && lay.kernel == 0x80000000 &&
		   lay.dtb == 0x82400000,
	   "4 GiB at 2 GiB: the same, from that base");
	ok(place(0x40100000, 256 * MIB, DEBIAN_INITRD) == 0 && lay.kernel == 0x40200000,
	   "RAM at 0x40100000 (not 2 MiB aligned): the kernel at the next 2 MiB boundary");
	ok(place(0xff00000000UL, 64 * MIB, 0) == 0 && lay.kernel == 0xff00000000UL,
	   "RAM near the top of a 40-bit space");

	/* The smallest RAM for Debian's kernel with its initrd: 38 MiB (DTB at 36 MiB). */
	ok(place(0x40000000, 38 * MIB, DEBIAN_INITRD) == 0 &&
		   lay.dtb + LINUX_DTB_MAX == lay.ram_end,
	   "38 MiB: everything fits, the DTB's 2 MiB end RAM");
	ok(place(0x40000000, 38 * MIB - 4096, DEBIAN_INITRD) == -1 && strstr(err, "too small") &&
		   strstr(err, "needs 38 MiB"),
	   "a page less: refused (%s)", err);
	ok(place(0x40000000, 36 * MIB, 0) == 0, "36 MiB without an initrd");
	ok(place(0x40000000, 34 * MIB, 0) == -1 && strstr(err, "device tree"),
	   "34 MiB: no room for the DTB (%s)", err);
	ok(place(0x40000000, 34 * MIB, 4 * MIB) == -1 && strstr(err, "initrd"),
	   "34 MiB with a 4 MiB initrd: no room for the initrd (%s)", err);
	ok(place(0x40000000, 32 * MIB, 0) == -1 && strstr(err, "too small for the kernel") &&
		   strstr(err, "33 MiB"),
	   "32 MiB: no room for the kernel (%s)", err);
	ok(place(0x40100000, 36 * MIB, 0) == -1 && place(0x40100000, 37 * MIB, 0) == 0,
	   "RAM at 0x40100000 loses its first MiB: 37 MiB needed, not 36");
	ok(place(0x40000000, 1 * MIB, 0) == -1, "1 MiB of RAM");
	ok(place(0x40000000, 0, 0) == -1, "no RAM");
	ok(place(0xfffffffffff00000UL, 2 * MIB, 0) == -1, "RAM that wraps around");
	ok(place(0xffffffffffe00001UL, 1 * MIB, 0) == -1, "RAM whose 2 MiB boundary overflows");
	ok(place(0x40000000, 256 * MIB, UINT64_MAX) == -1, "an initrd of 2^64 - 1 bytes");
	ok(place(0x40000000, 64 * GIB, 33 * GIB) == -1 && strstr(err, "32 GiB"),
	   "an initrd ending beyond 32 GiB from the kernel's 1 GiB boundary: %s", err);
	ok(place(0x40000000, 64 * GIB, 31 * GIB) == 0, "... 31 GiB is within reach");

	header(0x80000, 1 * MIB, 0);
	ok(parse(sizeof(file)) == 0 && place(0x40000000, 16 * MIB, 4096) == 0 &&
		   lay.kernel == 0x40080000 && lay.kernel_end == 0x40180000 &&
		   lay.initrd == 0x40180000 && lay.dtb == 0x40200000,
	   "text_offset 0x80000: the kernel 512 KiB into RAM");
	header(0x1000, UINT64_MAX, 0);
	ok(parse(sizeof(file)) == 0 && place(0x40000000, 256 * MIB, 0) == -1,
	   "image_size 2^64 - 1: refused without overflow");
	header(0x1000, UINT64_MAX - 0xfff, 0);
	ok(parse(sizeof(file)) == 0 && place(0x40000000, 256 * MIB, 0) == -1,
	   "text_offset + image_size = 2^64: refused");
	header(0, 0x1001, 0);
	ok(parse(4096) == 0 && place(0x40000000, 4 * MIB, 1) == 0 && lay.initrd == 0x40002000 &&
		   lay.dtb == 0x40200000,
	   "the initrd page aligned after an odd image_size");
}

/* Random layouts against a 128-bit computation of where things must go. */
static void test_placement_random(void)
{
	unsigned bad = 0, placed = 0;

	srand(7);
	for (int i = 0; i < 20000; i++) {
		uint64_t base = 0x40000000UL + ((uint64_t)(rand() % 4096) << 16);
		uint64_t size = ((uint64_t)(rand() % 1024) + 1) << 16;
		uint64_t to = (uint64_t)(rand() % 512) << 12;
		uint64_t isz = (uint64_t)(rand() % 4096) << 12 | (uint64_t)(rand() % 4096);
		uint64_t initrd = rand() % 3 ? (uint64_t)rand() % (8 * MIB) : 0;

		header(to, isz < 64 ? 64 : isz, 0);
		if (parse(64)) {
			bad++;
			continue;
		}
		unsigned __int128 k = up(base, LINUX_TEXT_ALIGN) + to;
		unsigned __int128 ke = k + img.image_size;
		unsigned __int128 ie = initrd ? up((uint64_t)ke, 4096) + initrd : ke;
		unsigned __int128 need = up((uint64_t)ie, LINUX_TEXT_ALIGN) + LINUX_DTB_MAX;
		int r = place(base, size, initrd);

		if (r != (need <= base + size ? 0 : -1)) {
			bad++;
			continue;
		}
		if (r)
			continue;
		placed++;
		if (lay.kernel != k || lay.kernel % LINUX_TEXT_ALIGN != to ||
		    lay.kernel - to < base || lay.kernel - to - base >= LINUX_TEXT_ALIGN ||
		    lay.kernel_end != ke ||
		    (initrd && (lay.initrd % 4096 || lay.initrd < ke ||
				lay.initrd_end != lay.initrd + initrd)) ||
		    lay.dtb != need - LINUX_DTB_MAX || lay.dtb % LINUX_TEXT_ALIGN || lay.dtb < ie ||
		    lay.dtb + LINUX_DTB_MAX > base + size)
			bad++;
	}
	ok(bad == 0 && placed > 1000,
	   "20000 random layouts: refused exactly when RAM is too small, else aligned, lowest, "
	   "in order and inside RAM (%u placed, %u wrong)",
	   placed, bad);
}

static void test_load_and_regs(void)
{
	static uint8_t ramb[8 << 20];
	struct guest_ram ram = {.base = 0x40000000, .size = sizeof(ramb), .host = ramb};
	uint8_t initrd[5000];
	struct linux_boot_regs r;

	header(0x80000, 1 * MIB, DEBIAN_FLAGS);
	for (size_t i = 64; i < sizeof(file); i++)
		file[i] = (uint8_t)i;
	for (size_t i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i * 7);
	memset(ramb, 0xee, sizeof(ramb));
	ok(parse(sizeof(file)) == 0 && place(ram.base, ram.size, sizeof(initrd)) == 0,
	   "a small kernel with an initrd in 8 MiB");
	ok(linux_image_load(&ram, &lay, file, sizeof(file), initrd, sizeof(initrd), err,
			    sizeof(err)) == 0,
	   "loaded (%s)", err);
	ok(memcmp(ramb + 0x80000, file, sizeof(file)) == 0 &&
		   memcmp(ramb + (lay.initrd - ram.base), initrd, sizeof(initrd)) == 0,
	   "the kernel and the initrd where the layout says");
	ok(ramb[0x7ffff] == 0xee && ramb[0x80000 + sizeof(file)] == 0xee &&
		   ramb[lay.initrd - ram.base - 1] == 0xee &&
		   ramb[lay.initrd_end - ram.base] == 0xee,
	   "nothing written around them");
	ok(linux_image_load(&ram, &lay, file, sizeof(file), NULL, 0, err, sizeof(err)) == 0,
	   "no initrd: the kernel alone");
	ok(linux_image_load(&ram, &lay, file, sizeof(file), initrd, sizeof(initrd) - 1, err,
			    sizeof(err)) == -1 &&
		   strstr(err, "initrd"),
	   "an initrd of another size than placed: refused (%s)", err);
	struct linux_layout l2 = lay;
	l2.kernel_end = l2.kernel + 100;
	ok(linux_image_load(&ram, &l2, file, sizeof(file), NULL, 0, err, sizeof(err)) == -1 &&
		   strstr(err, "kernel"),
	   "a kernel longer than its place: refused");
	struct guest_ram small = {.base = 0x40000000, .size = 0x80000, .host = ramb};
	ok(linux_image_load(&small, &lay, file, sizeof(file), NULL, 0, err, sizeof(err)) == -1,
	   "a layout for other RAM: refused");

	linux_boot_regs(&lay, &r);
	ok(r.x[0] == lay.dtb && r.x[1] == 0 && r.x[2] == 0 && r.x[3] == 0,
	   "x0 = the DTB, x1..x3 = 0");
	ok(r.pc == lay.kernel && r.pc == 0x40080000, "PC = the Image's first byte");
	ok(r.pstate == 0x3c5, "PSTATE = EL1h with D, A, I and F masked (0x3c5)");
}

/* Debian's own kernel, if guests/linux/make-images.sh has made it. */
static void test_debian_image(void)
{
	const char *cache = getenv("TERN_CACHE"), *home = getenv("HOME");
	char dir[400], path[512], ipath[512];
	struct stat st;
	FILE *f;

	if (cache)
		snprintf(dir, sizeof(dir), "%s/guests/linux", cache);
	else
		snprintf(dir, sizeof(dir), "%s/.cache/tern/guests/linux", home ? home : "");
	snprintf(path, sizeof(path), "%s/Image", dir);
	snprintf(ipath, sizeof(ipath), "%s/initramfs.cpio", dir);
	if (stat(path, &st) || !(f = fopen(path, "rb"))) {
		ok(1, "# SKIP no Debian Image in the cache (make linux-images)");
		return;
	}
	uint8_t *buf = malloc((size_t)st.st_size);
	size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	uint64_t initrd = stat(ipath, &st) == 0 ? (uint64_t)st.st_size : 0;

	/* Evaluated first: the messages show what the calls found. */
	err[0] = '\0';
	int r = n > LINUX_HDR_SIZE ? linux_image_parse(buf, n, &img, err, sizeof(err)) : -1;
	ok(r == 0 && img.page_kib == 4 && !img.old_header,
	   "Debian's Image from the cache: text_offset 0x%llx image_size 0x%llx flags 0x%llx (%s)",
	   (unsigned long long)img.text_offset, (unsigned long long)img.image_size,
	   (unsigned long long)img.flags, err);
	r = place(0x40000000, 256 * MIB, initrd);
	ok(r == 0 && lay.kernel == 0x40000000 + img.text_offset,
	   "... placed in 256 MiB with its initrd (%llu bytes): kernel 0x%llx initrd 0x%llx dtb "
	   "0x%llx",
	   (unsigned long long)initrd, (unsigned long long)lay.kernel,
	   (unsigned long long)lay.initrd, (unsigned long long)lay.dtb);
	ok(place(0x40000000, 16 * MIB, initrd) == -1, "... not in the VMM's default 16 MiB: %s",
	   err);
	free(buf);
}

int main(void)
{
	test_header();
	test_refusals();
	test_placement();
	test_placement_random();
	test_load_and_regs();
	test_debian_image();
	return tap_done();
}
