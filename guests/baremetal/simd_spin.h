/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A soak of all 32 SIMD registers, shared by the guest-fp guest and the
 * native tests/native/fp_spin.c: filled from a seed, spun with vector adds,
 * checked against values computed without SIMD. A lost, stale or foreign
 * register after a context switch or a VM exit shows up as a mismatch.
 *
 * Every iteration adds within 16 pairs (e, o) = (v2k, v2k+1), lane by lane:
 * e += o, then o += e, so (e, o) becomes (e + o, e + 2o), i.e. the pair is
 * multiplied by M = [[1, 1], [1, 2]] mod 2^64. After n iterations it is
 * M^n times the start, which simd_spin_expect computes by squaring. The
 * values keep changing, so a register restored from an old snapshot is
 * caught too.
 */
#pragma once

#include <stdint.h>

struct simd_regs {
	uint64_t v[32][2]; /* v[i][0] is the low 64 bits of vi */
} __attribute__((aligned(16)));

/* splitmix64's output function: distinct, well spread values from a counter. */
static inline uint64_t simd_spin_mix(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
	return x ^ (x >> 31);
}

static inline void simd_spin_fill(struct simd_regs *r, uint64_t seed)
{
	for (unsigned i = 0; i < 32; i++)
		for (unsigned l = 0; l < 2; l++)
			r->v[i][l] = simd_spin_mix(seed * 64 + i * 2 + l);
}

/* Loads in into v0..v31, runs n >= 1 iterations, stores v0..v31 into out. */
static inline void simd_spin_run(const struct simd_regs *in, struct simd_regs *out, uint64_t n)
{
	const uint64_t *src = &in->v[0][0];
	uint64_t *dst = &out->v[0][0];

	__asm__ volatile("ld1 {v0.2d-v3.2d}, [%[src]], #64\n\t"
			 "ld1 {v4.2d-v7.2d}, [%[src]], #64\n\t"
			 "ld1 {v8.2d-v11.2d}, [%[src]], #64\n\t"
			 "ld1 {v12.2d-v15.2d}, [%[src]], #64\n\t"
			 "ld1 {v16.2d-v19.2d}, [%[src]], #64\n\t"
			 "ld1 {v20.2d-v23.2d}, [%[src]], #64\n\t"
			 "ld1 {v24.2d-v27.2d}, [%[src]], #64\n\t"
			 "ld1 {v28.2d-v31.2d}, [%[src]], #64\n\t"
			 "1:\n\t"
			 "add v0.2d, v0.2d, v1.2d\n\tadd v1.2d, v1.2d, v0.2d\n\t"
			 "add v2.2d, v2.2d, v3.2d\n\tadd v3.2d, v3.2d, v2.2d\n\t"
			 "add v4.2d, v4.2d, v5.2d\n\tadd v5.2d, v5.2d, v4.2d\n\t"
			 "add v6.2d, v6.2d, v7.2d\n\tadd v7.2d, v7.2d, v6.2d\n\t"
			 "add v8.2d, v8.2d, v9.2d\n\tadd v9.2d, v9.2d, v8.2d\n\t"
			 "add v10.2d, v10.2d, v11.2d\n\tadd v11.2d, v11.2d, v10.2d\n\t"
			 "add v12.2d, v12.2d, v13.2d\n\tadd v13.2d, v13.2d, v12.2d\n\t"
			 "add v14.2d, v14.2d, v15.2d\n\tadd v15.2d, v15.2d, v14.2d\n\t"
			 "add v16.2d, v16.2d, v17.2d\n\tadd v17.2d, v17.2d, v16.2d\n\t"
			 "add v18.2d, v18.2d, v19.2d\n\tadd v19.2d, v19.2d, v18.2d\n\t"
			 "add v20.2d, v20.2d, v21.2d\n\tadd v21.2d, v21.2d, v20.2d\n\t"
			 "add v22.2d, v22.2d, v23.2d\n\tadd v23.2d, v23.2d, v22.2d\n\t"
			 "add v24.2d, v24.2d, v25.2d\n\tadd v25.2d, v25.2d, v24.2d\n\t"
			 "add v26.2d, v26.2d, v27.2d\n\tadd v27.2d, v27.2d, v26.2d\n\t"
			 "add v28.2d, v28.2d, v29.2d\n\tadd v29.2d, v29.2d, v28.2d\n\t"
			 "add v30.2d, v30.2d, v31.2d\n\tadd v31.2d, v31.2d, v30.2d\n\t"
			 "subs %[n], %[n], #1\n\t"
			 "b.ne 1b\n\t"
			 "st1 {v0.2d-v3.2d}, [%[dst]], #64\n\t"
			 "st1 {v4.2d-v7.2d}, [%[dst]], #64\n\t"
			 "st1 {v8.2d-v11.2d}, [%[dst]], #64\n\t"
			 "st1 {v12.2d-v15.2d}, [%[dst]], #64\n\t"
			 "st1 {v16.2d-v19.2d}, [%[dst]], #64\n\t"
			 "st1 {v20.2d-v23.2d}, [%[dst]], #64\n\t"
			 "st1 {v24.2d-v27.2d}, [%[dst]], #64\n\t"
			 "st1 {v28.2d-v31.2d}, [%[dst]], #64\n\t"
			 : [src] "+r"(src), [dst] "+r"(dst), [n] "+r"(n)
			 :
			 : "memory", "cc", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8",
			   "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18",
			   "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28",
			   "v29", "v30", "v31");
}

/* 2x2 matrices mod 2^64, row major. */
static inline void simd_spin_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
	uint64_t t[4] = {a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
			 a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]};
	for (unsigned i = 0; i < 4; i++)
		r[i] = t[i];
}

/* What simd_spin_run(in, out, n) must store, computed as M^n per register pair and lane. */
static inline void simd_spin_expect(const struct simd_regs *in, struct simd_regs *out, uint64_t n)
{
	uint64_t p[4] = {1, 0, 0, 1}, m[4] = {1, 1, 1, 2};

	for (; n; n >>= 1) {
		if (n & 1)
			simd_spin_mul(p, p, m);
		simd_spin_mul(m, m, m);
	}
	for (unsigned k = 0; k < 32; k += 2)
		for (unsigned l = 0; l < 2; l++) {
			uint64_t e = in->v[k][l], o = in->v[k + 1][l];
			out->v[k][l] = p[0] * e + p[1] * o;
			out->v[k + 1][l] = p[2] * e + p[3] * o;
		}
}

/* The first register that differs, or -1. */
static inline int simd_spin_check(const struct simd_regs *got, const struct simd_regs *want)
{
	for (int i = 0; i < 32; i++)
		if (got->v[i][0] != want->v[i][0] || got->v[i][1] != want->v[i][1])
			return i;
	return -1;
}
