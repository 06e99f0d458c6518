// SPDX-License-Identifier: BSD-2-Clause
/*
 * fp_spin: all 32 SIMD registers spun with vector adds and checked against
 * values computed without SIMD, argv[1] rounds (default 5). Run beside other
 * threads and guests it shows that every context switch keeps this thread's
 * FP/SIMD state. The soak itself is shared with the guest-fp guest.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../guests/baremetal/simd_spin.h"

#define ITERATIONS 2000000
#define SEED	   0xf95a17 /* guest-fp uses another one: their values never coincide */

static struct simd_regs in, out, want;

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;

	for (int round = 1; round <= rounds; round++) {
		simd_spin_fill(&in, SEED + (uint64_t)round);
		simd_spin_run(&in, &out, ITERATIONS);
		simd_spin_expect(&in, &want, ITERATIONS);
		int bad = simd_spin_check(&out, &want);
		if (bad >= 0) {
			printf("fp_spin: MISMATCH in v%d (%016llx:%016llx, expected "
			       "%016llx:%016llx)\n",
			       bad, (unsigned long long)out.v[bad][1],
			       (unsigned long long)out.v[bad][0],
			       (unsigned long long)want.v[bad][1],
			       (unsigned long long)want.v[bad][0]);
			return 1;
		}
		printf("fp_spin: ok\n");
	}
	return 0;
}
