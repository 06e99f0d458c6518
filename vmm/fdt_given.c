// SPDX-License-Identifier: BSD-2-Clause
/* The device tree of -d: read, checked and patched for this VM (fdt_patch.h). */
#include "fdt_patch.h"
#include "linux_image.h"
#include "vmm.h"

int fdt_given_load(const struct vm *vm, const struct linux_layout *l)
{
	char err[160];
	const struct fdt_patch_cfg c = {
		.ram_base = vm->cfg.ram_base,
		.ram_size = vm->cfg.ram_size,
		.ncpus = vm->ncpus,
		/* The VMM's default command line would hide the tree's own: only -c replaces it. */
		.bootargs = vm->cfg.cmdline_given ? vm->cfg.cmdline : NULL,
		.initrd = l->initrd_end != 0,
		.initrd_start = l->initrd,
		.initrd_end = l->initrd_end,
	};
	void *dst = ram_ptr(&vm->ram, l->dtb, LINUX_DTB_MAX);
	long n = dst ? fdt_patch_file(vm->cfg.dtb, dst, LINUX_DTB_MAX, &c, err, sizeof(err)) : -1;

	if (n < 0) {
		vmm_log("device tree %s: %s", vm->cfg.dtb, dst ? err : "no room in guest RAM");
		return -1;
	}
	vmm_log("device tree %s: %ld bytes, patched for %u vCPU(s) and %llu MiB", vm->cfg.dtb, n,
		vm->ncpus, (unsigned long long)(vm->cfg.ram_size >> 20));
	return 0;
}
