// SPDX-License-Identifier: BSD-2-Clause
/*
 * guest-fp: all 32 SIMD registers spun with vector adds and checked, five
 * rounds (simd_spin.h). Run beside tests/native/fp_spin.c it shows that
 * the kernel keeps a guest's FP/SIMD state apart from its host threads'.
 * This file alone is compiled with FP/SIMD allowed.
 */
#include "runtime.h"
#include "simd_spin.h"
#include "tap.h"
#include "timer.h"

#define ROUNDS	   5
#define ITERATIONS 2000000
#define SEED	   0x9e57f00d /* fp_spin uses another one: their values never coincide */

static struct simd_regs fp_in, fp_out, fp_want;

void guest_main(void)
{
	for (unsigned round = 1; round <= ROUNDS; round++) {
		uint64_t start = timer_now();

		simd_spin_fill(&fp_in, SEED + round);
		simd_spin_run(&fp_in, &fp_out, ITERATIONS);
		simd_spin_expect(&fp_in, &fp_want, ITERATIONS);
		int bad = simd_spin_check(&fp_out, &fp_want);
		if (bad >= 0)
			tap_diag("v%d is %#lx:%#lx, expected %#lx:%#lx", bad, fp_out.v[bad][1],
				 fp_out.v[bad][0], fp_want.v[bad][1], fp_want.v[bad][0]);
		tap_ok(bad < 0,
		       "round %u: v0..v31 hold the expected values after %u iterations (%lu ms)",
		       round, ITERATIONS, timer_ticks_to_ns(timer_now() - start) / 1000000);
	}
}
