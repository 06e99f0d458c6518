// SPDX-License-Identifier: BSD-2-Clause
/*
 * The devices of the VMM's guest-physical map (vmm.h) as the device tree
 * builder takes them; the VMM and build/host/vmm-dtb (make bench's plain
 * QEMU boot, the -d tests) both describe the guest with it.
 */
#include "fdt_virt.h"

#include "devices.h"
#include "vmm.h"

struct fdt_build_cfg fdt_virt_cfg(const struct vmm_config *cfg, unsigned ncpus,
				  const struct linux_layout *l)
{
	return (struct fdt_build_cfg){
		.ram_base = cfg->ram_base,
		.ram_size = cfg->ram_size,
		.ncpus = ncpus,
		.gicd_base = VMM_GICD_BASE,
		.gicr_base = VMM_GICR_BASE,
		.uart = {VMM_PL011_BASE, PL011_SIZE, VMM_PL011_SPI},
		.rtc = true,
		.rtc_dev = {VMM_PL031_BASE, PL031_SIZE, VMM_PL031_SPI},
		.bootargs = cfg->cmdline,
		.initrd = l->initrd_end != 0,
		.initrd_start = l->initrd,
		.initrd_end = l->initrd_end,
	};
}
