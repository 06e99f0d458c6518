/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest's device tree, built with libfdt's sequential-write functions as
 * QEMU's virt board builds its own (hw/arm/virt.c): memory, CPUs, PSCI,
 * GICv3, timer, PL011, PL031, virtio-mmio slots and /chosen. Pure C.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

#define FDT_BUILD_VIRTIO_MAX 32	 /* slots, as QEMU virt has */
#define FDT_BUILD_SPI_MAX    987 /* SPIs are INTIDs 32..1019 (GICv3 spec 2.2) */
#define FDT_PHANDLE_GIC	     1
#define FDT_PHANDLE_CLK	     2 /* the PL011's and PL031's fixed 24 MHz clock */

/* A device in its MMIO window with its interrupt: SPI n is INTID 32 + n. */
struct fdt_build_dev {
	uint64_t base, size;
	unsigned spi;
};

/* What the guest is told it has. The device windows come from the VMM's own map. */
struct fdt_build_cfg {
	uint64_t ram_base, ram_size;
	unsigned ncpus;		   /* 1..VMM_MAX_CPUS; MPIDR Aff0 = index */
	uint64_t gicd_base;	   /* GICv3 distributor, 64 KiB */
	uint64_t gicr_base;	   /* redistributors, 128 KiB per vCPU, one region */
	struct fdt_build_dev uart; /* PL011, also the console (stdout-path) */
	bool rtc;		   /* a PL031 in rtc_dev? */
	struct fdt_build_dev rtc_dev;
	const struct fdt_build_dev *virtio; /* virtio-mmio transports, nvirtio of them */
	unsigned nvirtio;
	const char *bootargs; /* NULL or "": none */
	const char *model;    /* NULL: "Tern VM (linux,dummy-virt)" */
	bool initrd;	      /* an initrd at [initrd_start, initrd_end), inside RAM */
	uint64_t initrd_start, initrd_end;
};

/*
 * Write the device tree for c into buf[0..bufsize): returns its size in
 * bytes, or -1 with a message in err (an invalid c, such as no or too many
 * vCPUs; or a buffer too small). For Linux, build it straight into guest RAM
 * at the DTB's place with bufsize LINUX_DTB_MAX.
 */
long fdt_build(const struct fdt_build_cfg *c, void *buf, size_t bufsize, char *err, size_t errlen)
	__attribute__((warn_unused_result));

/*
 * Print the tree in dts form, a line per call of print (e.g. vmm_log): for
 * debugging. Cells print in hex, strings quoted; long values are cut.
 * Returns 0, or a libfdt error (negative) for a damaged tree.
 */
int fdt_build_dump(const void *fdt,
		   void (*print)(const char *fmt, ...) __attribute__((format(printf, 1, 2))));
