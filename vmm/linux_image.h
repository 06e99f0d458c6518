/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An arm64 Linux Image as a guest kernel: its header, where the kernel,
 * initrd and device tree go in guest RAM, and the registers at entry
 * (Documentation/arch/arm64/booting.rst). Pure C, no L4 calls.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ram.h"

/* The 64-byte header at the start of every arm64 Image (booting.rst, "Call the kernel image"). */
#define LINUX_HDR_SIZE	       64
#define LINUX_HDR_TEXT_OFFSET  8
#define LINUX_HDR_IMAGE_SIZE   16
#define LINUX_HDR_FLAGS	       24
#define LINUX_HDR_MAGIC	       56
#define LINUX_MAGIC	       0x644d5241U /* "ARM\x64", little endian */
#define LINUX_FLAG_BE	       (1UL << 0)  /* kernel endianness: 1 = big endian */
#define LINUX_FLAG_PAGE_SHIFT  1	   /* bits 1-2: 0 unspecified, 1 4K, 2 16K, 3 64K */
#define LINUX_FLAG_PLACE_ANY   (1UL << 3)  /* the 2 MiB base may be anywhere in RAM */
#define LINUX_TEXT_ALIGN       (2UL << 20) /* the Image goes text_offset past a 2 MiB boundary */
#define LINUX_OLD_TEXT_OFFSET  0x80000UL /* image_size 0: a pre-3.17 kernel, text_offset assumed */
#define LINUX_OLD_IMAGE_MARGIN (8UL << 20)  /* ... and its bss and page tables past the file */
#define LINUX_DTB_MAX	       (2UL << 20)  /* booting.rst: the DTB must not exceed 2 MiB */
#define LINUX_INITRD_WINDOW    (32UL << 30) /* initrd and kernel: 32 GiB from a 1 GiB boundary */

/* What the header says, checked. */
struct linux_image {
	uint64_t text_offset; /* where the Image starts past a 2 MiB-aligned base */
	uint64_t image_size;  /* bytes from the Image's start the kernel may use (bss included) */
	uint64_t file_size;
	uint64_t flags;
	unsigned page_kib;   /* 4, 16, 64, or 0: not said */
	bool place_anywhere; /* flags bit 3; without it the base must be as low in RAM as it can */
	bool old_header;     /* image_size was 0: text_offset and image_size are assumed */
};

/*
 * Check file[0..len) as an arm64 Image and fill *img. Refused: shorter than
 * the header, no magic (also a gzip file, which must be decompressed first),
 * a big-endian kernel, text_offset not 4 KiB aligned or not below 2 MiB,
 * image_size smaller than the file. Returns 0, or -1 with a message in err.
 */
int linux_image_parse(const void *file, size_t len, struct linux_image *img, char *err,
		      size_t errlen) __attribute__((warn_unused_result));

/* Where everything goes in guest RAM; all guest-physical. */
struct linux_layout {
	uint64_t kernel;	     /* the Image's first byte, also its entry point */
	uint64_t kernel_end;	     /* kernel + image_size */
	uint64_t initrd, initrd_end; /* both 0: no initrd */
	uint64_t dtb;		     /* LINUX_DTB_MAX bytes reserved for the device tree */
	uint64_t ram_base, ram_end;  /* the RAM it was placed in */
};

/*
 * Place the kernel, an initrd of initrd_size bytes (0: none) and the DTB in
 * RAM [ram_base, ram_base + ram_size):
 *
 *   kernel  the lowest 2 MiB boundary in RAM + text_offset: booting.rst wants
 *           the base "as close as possible to the start of RAM" when flags
 *           bit 3 is clear (and kernels before 4.6 cannot use memory below
 *           it); it is also what QEMU, U-Boot and kvmtool do;
 *   initrd  right after the kernel's image_size, 4 KiB aligned;
 *   dtb     after both, 2 MiB aligned, with a whole 2 MiB to itself: the
 *           kernel maps the DTB early with 2 MiB blocks, so nothing else may
 *           share its 2 MiB region (booting.rst), and a DT grows at most to
 *           2 MiB. QEMU puts its DTB there too, after the initrd.
 *
 * Packed low, the three fit whenever RAM is at least their sum (plus
 * alignment), and the DTB stays within 512 MiB of the kernel, as kernels
 * before 4.2 required, unless the initrd is huge. Refused: RAM too small,
 * and an initrd that would end more than 32 GiB past the 1 GiB boundary
 * below the kernel (booting.rst). Returns 0, or -1 with a message in err.
 */
int linux_image_place(const struct linux_image *img, uint64_t ram_base, uint64_t ram_size,
		      uint64_t initrd_size, struct linux_layout *out, char *err, size_t errlen)
	__attribute__((warn_unused_result));

/*
 * Copy the Image and the initrd (initrd_len 0: none) where l says; both
 * lengths must be those linux_image_parse and linux_image_place saw. The
 * rest of RAM is left as it is (fresh guest RAM is zero; the kernel clears
 * its own bss). Returns 0, or -1 with a message in err.
 */
int linux_image_load(const struct guest_ram *ram, const struct linux_layout *l, const void *image,
		     size_t image_len, const void *initrd, size_t initrd_len, char *err,
		     size_t errlen) __attribute__((warn_unused_result));

/*
 * The boot vCPU's registers at entry (booting.rst, "Call the kernel image"):
 * x0 = the DTB's address, x1..x3 = 0 (reserved), PC = the Image's first
 * byte, EL1h with D, A, I and F masked; the MMU and caches off (the VMM's
 * reset SCTLR_EL1). The other vCPUs start through PSCI CPU_ON.
 */
struct linux_boot_regs {
	uint64_t x[4];
	uint64_t pc, pstate;
};

void linux_boot_regs(const struct linux_layout *l, struct linux_boot_regs *r);
