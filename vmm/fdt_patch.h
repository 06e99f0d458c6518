/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A device tree given with -d, checked and patched for the VM (uvmm takes
 * one the same way): /memory becomes the VM's RAM, /cpus keeps the vCPUs the
 * VM has, /chosen gets bootargs and the initrd. Pure C with libfdt.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the patched tree must say. */
struct fdt_patch_cfg {
	uint64_t ram_base, ram_size;
	unsigned ncpus;	      /* cpu nodes with reg 0..ncpus-1 stay, the others go */
	const char *bootargs; /* NULL: the tree's own bootargs stay */
	bool initrd;	      /* [initrd_start, initrd_end); false: the tree's initrd goes */
	uint64_t initrd_start, initrd_end;
};

/*
 * Check dtb[0..len) (untrusted: a file) as a whole flattened device tree
 * that fits in bufsize, open it into buf[0..bufsize) and patch it as c says.
 * Refused: shorter than a header, no magic, a totalsize beyond len or
 * bufsize, a damaged structure, no /cpus, fewer cpu nodes than c->ncpus or
 * cpu nodes whose reg is not 0..ncpus-1 (the VMM's MPIDR Aff0), RAM that
 * the root's #address-cells/#size-cells cannot express. Returns the
 * patched tree's size, or -1 with a message in err.
 */
long fdt_patch(const void *dtb, size_t len, void *buf, size_t bufsize,
	       const struct fdt_patch_cfg *c, char *err, size_t errlen)
	__attribute__((warn_unused_result));

/* fdt_patch on the file at path (at most bufsize bytes, else refused before reading it). */
long fdt_patch_file(const char *path, void *buf, size_t bufsize, const struct fdt_patch_cfg *c,
		    char *err, size_t errlen) __attribute__((warn_unused_result));

struct vm;
struct linux_layout;
/*
 * fdt_given.c: the -d file patched for vm straight into guest RAM at the
 * DTB's place in l (LINUX_DTB_MAX bytes). Returns 0, or -1 after a log line.
 */
int fdt_given_load(const struct vm *vm, const struct linux_layout *l)
	__attribute__((warn_unused_result));
