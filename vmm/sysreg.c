// SPDX-License-Identifier: BSD-2-Clause
/*
 * Trapped system registers: a table of the ones the VMM emulates; every
 * other access gets an undefined-instruction exception (and a rate-limited
 * log line), as on a CPU without that register.
 */
#include <inttypes.h>
#include <stddef.h>

#include "sysreg.h"

/* SGIs go in at this priority (the middle of the range, as Linux's default). */
#define SGI_PRIO 0xa0

/*
 * ICC_SGI1R_EL1 (GICv3 spec, ICC_SGI1R_EL1): TargetList 15..0, Aff1 23..16,
 * INTID 27..24, Aff2 39..32, IRM 40 (all PEs but self), RS 47..44 (which 16
 * Aff0 values TargetList means), Aff3 55..48. The vCPUs are Aff0 0..3 with
 * Aff1..3 zero, so a target list elsewhere reaches nobody.
 */
#define SGI1R_IRM (1UL << 40)
/* Aff1, Aff2, RS and Aff3. */
#define SGI1R_NOT_AFF0 (0xffUL << 16 | 0xffUL << 32 | 0xfUL << 44 | 0xffUL << 48)

uint32_t sysreg_sgi_targets(uint64_t value, unsigned self, unsigned ncpus, unsigned *intid)
{
	uint32_t all = (1U << ncpus) - 1;

	*intid = (unsigned)(value >> 24) & 0xf;
	if (value & SGI1R_IRM)
		return all & ~(1U << self);
	if (value & SGI1R_NOT_AFF0)
		return 0;
	return (uint32_t)(value & 0xffff) & all;
}

static void sysreg_sgi1r(struct vcpu *v, struct l4_vcpu_state *s)
{
	struct vm *vm = v->vm;
	unsigned intid;
	uint32_t targets = sysreg_sgi_targets(s->exit.value, v->idx, vm->ncpus, &intid);
	uint64_t virq = L4_VIRQ(intid, SGI_PRIO);

	/* Its own: in the state area for the next resume; others: through the kernel. */
	if (targets & 1U << v->idx && vcpu_virq_push(v, virq))
		targets &= ~(1U << v->idx);
	for (; targets; targets &= targets - 1)
		vcpu_send_virq(&vm->vcpu[__builtin_ctz(targets)], virq);
	s->resume_flags |= L4_VCPU_RESUME_COMPLETE;
}

/* Any other access: undefined, as on a CPU without that register. */
static VMM_COLD void sysreg_undefined(struct vcpu *v, struct l4_vcpu_state *s)
{
	uint64_t e = s->exit.addr;

	if (ratelimit_ok(&v->vm->warn_sysreg))
		vmm_log("vcpu %u: %s of S%" PRIu64 "_%" PRIu64 "_C%" PRIu64 "_C%" PRIu64 "_%" PRIu64
			" at pc 0x%" PRIx64 ": undefined instruction injected",
			v->idx, s->exit.write ? "write" : "read", SYSREG_OP0(e), SYSREG_OP1(e),
			SYSREG_CRN(e), SYSREG_CRM(e), SYSREG_OP2(e), s->regs.pc);
	s->resume_flags |= L4_VCPU_RESUME_INJECT_UNDEF;
}

static const struct sysreg_fn {
	uint32_t encoding;
	bool write; /* the access it handles; the other direction is undefined */
	void (*fn)(struct vcpu *v, struct l4_vcpu_state *s);
} sysreg_fns[] = {
	{SYSREG_ICC_SGI1R_EL1, true, sysreg_sgi1r},
};

void sysreg_exit(struct vcpu *v)
{
	struct l4_vcpu_state *s = v->state;
	uint64_t e = s->exit.addr;

	for (size_t i = 0; i < sizeof(sysreg_fns) / sizeof(sysreg_fns[0]); i++) {
		if (sysreg_fns[i].encoding == e && sysreg_fns[i].write == !!s->exit.write) {
			sysreg_fns[i].fn(v, s);
			return;
		}
	}
	sysreg_undefined(v, s);
}

/* Registers a guest traps on often enough to be worth a name in the exit table. */
static const struct sysreg_known {
	uint32_t encoding;
	const char *name;
} sysreg_known[] = {
	{SYSREG_ICC_SGI1R_EL1, "ICC_SGI1R_EL1"},
	{L4_VCPU_SYSREG(3, 0, 12, 11, 6), "ICC_ASGI1R_EL1"},
	{L4_VCPU_SYSREG(3, 0, 12, 11, 7), "ICC_SGI0R_EL1"},
	{L4_VCPU_SYSREG(3, 3, 9, 12, 0), "PMCR_EL0"},
	{L4_VCPU_SYSREG(3, 0, 0, 1, 2), "ID_AA64DFR0_EL1"},
	{L4_VCPU_SYSREG(2, 0, 0, 2, 2), "MDSCR_EL1"},
	{L4_VCPU_SYSREG(2, 0, 1, 3, 4), "OSLAR_EL1"},
	{L4_VCPU_SYSREG(2, 0, 1, 1, 4), "OSLSR_EL1"},
};

const char *sysreg_name(uint32_t encoding)
{
	for (size_t i = 0; i < sizeof(sysreg_known) / sizeof(sysreg_known[0]); i++)
		if (sysreg_known[i].encoding == encoding)
			return sysreg_known[i].name;
	return NULL;
}
