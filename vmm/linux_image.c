// SPDX-License-Identifier: BSD-2-Clause
/*
 * An arm64 Linux Image: header checks, placement in guest RAM, loading and
 * the entry registers (Documentation/arch/arm64/booting.rst). The file is
 * untrusted input: every field is checked, every sum for overflow.
 */
#include <string.h>
#include <tern/vcpu.h>

#include "fail.h"
#include "linux_image.h"

#define PAGE_4K	 0x1000UL
#define GIB	 (1UL << 30)
#define MIB	 (1UL << 20)
#define GZIP_ID1 0x1f /* RFC 1952: a gzip member starts 1f 8b */
#define GZIP_ID2 0x8b

/* The header is little endian whatever the host is (booting.rst, since 3.17). */
static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Sizes in messages: MiB, rounded up. */
static unsigned long long mib_up(uint64_t bytes)
{
	return (unsigned long long)(bytes / MIB + (bytes % MIB != 0));
}

/* a rounded up to align (a power of two); false if that overflows. */
static bool align_up(uint64_t a, uint64_t align, uint64_t *out)
{
	if (a > UINT64_MAX - (align - 1))
		return false;
	*out = (a + align - 1) & ~(align - 1);
	return true;
}

int linux_image_parse(const void *file, size_t len, struct linux_image *img, char *err,
		      size_t errlen)
{
	const uint8_t *h = file;

	if (len < LINUX_HDR_SIZE)
		return vmm_fail(err, errlen,
				"too short for an arm64 Image: %zu bytes, the header has %d", len,
				LINUX_HDR_SIZE);
	if (h[0] == GZIP_ID1 && h[1] == GZIP_ID2)
		return vmm_fail(err, errlen, "a gzip file (Image.gz?): decompress it first");
	if (le32(h + LINUX_HDR_MAGIC) != LINUX_MAGIC)
		return vmm_fail(
			err, errlen,
			"not an arm64 Image: no magic \"ARM\\x64\" at byte %d (an EFI zboot "
			"vmlinuz.efi, or not a kernel?)",
			LINUX_HDR_MAGIC);

	memset(img, 0, sizeof(*img));
	img->file_size = len;
	img->text_offset = le64(h + LINUX_HDR_TEXT_OFFSET);
	img->image_size = le64(h + LINUX_HDR_IMAGE_SIZE);
	img->flags = le64(h + LINUX_HDR_FLAGS);
	if (img->image_size == 0) {
		/*
		 * Before 3.17 the header had no image_size and no flags, and
		 * text_offset was in the kernel's byte order: booting.rst says to
		 * assume 0x80000. The bss is not in the file, so leave room.
		 */
		img->old_header = true;
		img->flags = 0;
		img->text_offset = LINUX_OLD_TEXT_OFFSET;
		if (!align_up(len, PAGE_4K, &img->image_size) ||
		    img->image_size > UINT64_MAX - LINUX_OLD_IMAGE_MARGIN)
			return vmm_fail(err, errlen, "the Image is too large");
		img->image_size += LINUX_OLD_IMAGE_MARGIN;
	}
	/* Bits 4-63 are reserved: a later kernel may set one that an older loader need not know. */
	if (img->flags & LINUX_FLAG_BE)
		return vmm_fail(err, errlen,
				"a big-endian kernel (flags 0x%llx): guests are little endian",
				(unsigned long long)img->flags);
	/* What arm64's head.S always demanded of TEXT_OFFSET (4 KiB aligned, below 2 MiB). */
	if (img->text_offset % PAGE_4K || img->text_offset >= LINUX_TEXT_ALIGN)
		return vmm_fail(err, errlen, "text_offset 0x%llx is not 4 KiB aligned below 2 MiB",
				(unsigned long long)img->text_offset);
	if (img->image_size < len)
		return vmm_fail(err, errlen,
				"image_size 0x%llx is smaller than the file (%zu bytes)",
				(unsigned long long)img->image_size, len);
	static const unsigned page_kib[4] = {0, 4, 16, 64};
	img->page_kib = page_kib[(img->flags >> LINUX_FLAG_PAGE_SHIFT) & 3];
	img->place_anywhere = img->flags & LINUX_FLAG_PLACE_ANY;
	return 0;
}

int linux_image_place(const struct linux_image *img, uint64_t ram_base, uint64_t ram_size,
		      uint64_t initrd_size, struct linux_layout *out, char *err, size_t errlen)
{
	uint64_t ram_end, base, kernel, kernel_end, initrd, initrd_end, dtb;

	if (ram_size == 0 || ram_base > UINT64_MAX - ram_size)
		return vmm_fail(err, errlen, "no RAM, or RAM beyond the address space");
	ram_end = ram_base + ram_size;
	/* Each step checked for overflow: the sizes come from files. */
	if (!align_up(ram_base, LINUX_TEXT_ALIGN, &base) || base >= ram_end ||
	    img->text_offset > ram_end - base ||
	    img->image_size > ram_end - base - img->text_offset)
		return vmm_fail(err, errlen,
				"guest RAM 0x%llx-0x%llx (%llu MiB) is too small for the kernel "
				"(text_offset 0x%llx, image_size %llu MiB)",
				(unsigned long long)ram_base, (unsigned long long)ram_end,
				(unsigned long long)(ram_size / MIB),
				(unsigned long long)img->text_offset, mib_up(img->image_size));
	kernel = base + img->text_offset;
	kernel_end = kernel + img->image_size;

	initrd = initrd_end = kernel_end;
	if (initrd_size) {
		if (!align_up(kernel_end, PAGE_4K, &initrd) || initrd > ram_end ||
		    initrd_size > ram_end - initrd)
			return vmm_fail(
				err, errlen,
				"guest RAM (%llu MiB) is too small for the kernel (%llu MiB) "
				"and the initrd (%llu bytes)",
				(unsigned long long)(ram_size / MIB), mib_up(img->image_size),
				(unsigned long long)initrd_size);
		initrd_end = initrd + initrd_size;
		if (initrd_end - (kernel & ~(GIB - 1)) > LINUX_INITRD_WINDOW)
			return vmm_fail(
				err, errlen,
				"the initrd would end 32 GiB or more past the kernel's 1 GiB "
				"boundary, out of the kernel's reach");
	}

	dtb = initrd_end;
	if (!align_up(initrd_end, LINUX_TEXT_ALIGN, &dtb) || dtb > ram_end ||
	    LINUX_DTB_MAX > ram_end - dtb)
		return vmm_fail(err, errlen,
				"guest RAM (%llu MiB) is too small for the kernel (%llu MiB)%s and "
				"2 MiB for the device tree: it needs %llu MiB",
				(unsigned long long)(ram_size / MIB), mib_up(img->image_size),
				initrd_size ? ", the initrd" : "",
				mib_up(dtb - ram_base + LINUX_DTB_MAX));

	*out = (struct linux_layout){
		.kernel = kernel,
		.kernel_end = kernel_end,
		.initrd = initrd_size ? initrd : 0,
		.initrd_end = initrd_size ? initrd_end : 0,
		.dtb = dtb,
		.ram_base = ram_base,
		.ram_end = ram_end,
	};
	return 0;
}

int linux_image_load(const struct guest_ram *ram, const struct linux_layout *l, const void *image,
		     size_t image_len, const void *initrd, size_t initrd_len, char *err,
		     size_t errlen)
{
	uint8_t *k = ram_ptr(ram, l->kernel, image_len);
	uint8_t *i = ram_ptr(ram, l->initrd, initrd_len);

	if (!k || image_len > l->kernel_end - l->kernel)
		return vmm_fail(err, errlen,
				"the kernel (%zu bytes at 0x%llx) does not fit its place",
				image_len, (unsigned long long)l->kernel);
	if (initrd_len && (!i || initrd_len != l->initrd_end - l->initrd))
		return vmm_fail(err, errlen,
				"the initrd (%zu bytes at 0x%llx) does not fit its place",
				initrd_len, (unsigned long long)l->initrd);
	memcpy(k, image, image_len);
	if (initrd_len)
		memcpy(i, initrd, initrd_len);
	return 0;
}

void linux_boot_regs(const struct linux_layout *l, struct linux_boot_regs *r)
{
	*r = (struct linux_boot_regs){
		.x = {l->dtb, 0, 0, 0},
		.pc = l->kernel,
		.pstate = L4_VCPU_PSTATE_EL1H | L4_VCPU_PSTATE_DAIF,
	};
}
