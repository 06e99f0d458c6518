/* SPDX-License-Identifier: BSD-2-Clause */
/* What the kernel starts at boot: sigma0 and moe, or one program on its own. */
#pragma once

#include "platform.h"

/*
 * Kernel command line (docs/boot.md):
 *   init=rom/NAME ARGS   the program moe starts (default rom/ned), with ARGS
 *   tern.root=rom/NAME   start only NAME, as the root task with sigma0's
 *                        privileges and the initial object space of docs/abi.md
 *                        (kernel tests); ARGS are its arguments
 *   tern.selftest=panic  exercise the panic path
 * Without tern.root, rom/sigma0 and rom/moe must be in the boot modules and
 * load: if one is missing, empty or not a valid program, the kernel says
 * which and why and powers the machine off.
 */
void boot_start_tasks(const struct platform *p);

/* ROM_VA: where moe finds the boot module archive, read-only. */
#define MOE_ROM_VA 0x0000600000000000UL
