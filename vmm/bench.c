// SPDX-License-Identifier: BSD-2-Clause
/*
 * TERN_HVC_BENCH: a guest measures a loop of exits between a start and a stop
 * call; the VMM reads the PMU's instructions-retired counters per exception
 * level at both and prints the cost of one iteration:
 *   bench: exit-split <name> el0 <f> el1 <f> el2 <f>
 * el1 is the guest's kernel, el2 Tern's, el0 the VMM's (and the guest's user
 * code, if any). The name is read from guest RAM, range-checked, and printed
 * with anything but printable ASCII replaced.
 */
#include <inttypes.h>
#include <stdio.h>

#include "smccc.h"

#define BENCH_NAME_MAX 32

enum { BENCH_START = 0, BENCH_STOP = 1 };

/* Counters may be 32 bits wide (PMCR_EL0.LP clear): a wrapped one still gives the difference. */
static uint64_t bench_delta(uint64_t a, uint64_t b)
{
	return b >= a ? b - a : (uint32_t)(b - a);
}

/* Read the NUL-terminated name at ipa (at most BENCH_NAME_MAX characters) into name. */
static bool bench_name(const struct guest_ram *ram, uint64_t ipa, char *name)
{
	unsigned n;

	for (n = 0; n < BENCH_NAME_MAX; n++) {
		const uint8_t *c = ram_ptr(ram, ipa + n, 1);
		if (!c)
			return false;
		if (!*c)
			break;
		name[n] = *c > 0x20 && *c < 0x7f ? (char)*c : '_';
	}
	if (n == 0)
		name[n++] = '-';
	name[n] = '\0';
	return true;
}

/* Instructions per iteration with one decimal, as "12.3", without floating point. */
static void bench_per_iter(char *buf, size_t len, uint64_t delta, uint64_t iterations)
{
	uint64_t tenths = (uint64_t)(((unsigned __int128)delta * 10 + iterations / 2) / iterations);
	snprintf(buf, len, "%" PRIu64 ".%" PRIu64, tenths / 10, tenths % 10);
}

int64_t bench_call(struct vcpu *v, uint64_t op, uint64_t iterations, uint64_t name_ipa)
{
	struct pmu_sample end;
	char name[BENCH_NAME_MAX + 1], el0[32], el1[32], el2[32];

	if (op == BENCH_START) {
		v->bench_running = true;
		pmu_read(&v->bench_start);
		return PSCI_SUCCESS;
	}
	pmu_read(&end);
	if (op != BENCH_STOP || !v->bench_running || iterations == 0)
		return PSCI_INVALID_PARAMETERS;
	if (!bench_name(&v->vm->ram, name_ipa, name))
		return PSCI_INVALID_ADDRESS;
	v->bench_running = false;
	bench_per_iter(el0, sizeof(el0), bench_delta(v->bench_start.el0, end.el0), iterations);
	bench_per_iter(el1, sizeof(el1), bench_delta(v->bench_start.el1, end.el1), iterations);
	bench_per_iter(el2, sizeof(el2), bench_delta(v->bench_start.el2, end.el2), iterations);
	vmm_print("bench: exit-split %s el0 %s el1 %s el2 %s", name, el0, el1, el2);
	return PSCI_SUCCESS;
}
