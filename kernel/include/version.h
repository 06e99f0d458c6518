/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's version string: the boot banner, and the scheduler's version op for user space. */
#pragma once

#define KERNEL_VERSION "Tern microkernel — AArch64, EL2 with VHE"
