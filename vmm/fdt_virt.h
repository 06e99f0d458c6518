/* SPDX-License-Identifier: BSD-2-Clause */
/* The device tree the VMM builds for a Linux guest: its machine, in one place. */
#pragma once

#include "config.h"
#include "fdt_build.h"
#include "linux_image.h"

/* The builder's input for cfg's RAM and command line, ncpus vCPUs and l's initrd. */
struct fdt_build_cfg fdt_virt_cfg(const struct vmm_config *cfg, unsigned ncpus,
				  const struct linux_layout *l);
