/* SPDX-License-Identifier: BSD-2-Clause */
/* Trapped system-register accesses of the guest (L4_VCPU_EXIT_SYSREG). */
#pragma once

#include <stdint.h>

#include "vmm.h"

#define SYSREG_ICC_SGI1R_EL1 L4_VCPU_SYSREG(3, 0, 12, 11, 5)

/* The fields of an L4_VCPU_SYSREG encoding. */
#define SYSREG_OP0(e) (((e) >> 14) & 3U)
#define SYSREG_OP1(e) (((e) >> 11) & 7U)
#define SYSREG_CRN(e) (((e) >> 7) & 15U)
#define SYSREG_CRM(e) (((e) >> 3) & 15U)
#define SYSREG_OP2(e) ((e)&7U)

/*
 * The vCPUs (bit i: vCPU i) that a write of value to ICC_SGI1R_EL1 by vCPU
 * self targets, among ncpus; *intid is the SGI's INTID.
 */
uint32_t sysreg_sgi_targets(uint64_t value, unsigned self, unsigned ncpus, unsigned *intid);

/* Handle the trapped access in v's state area. */
void sysreg_exit(struct vcpu *v);

/* The name of a register the VMM knows by its encoding, or NULL. */
const char *sysreg_name(uint32_t encoding);
