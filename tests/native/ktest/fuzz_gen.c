// SPDX-License-Identifier: BSD-2-Clause
/*
 * The fuzzer's invocation generator. It runs in the fuzz child and touches
 * only its stack, the shared page and the text. Invocation i is drawn from
 * a xorshift generator seeded with (seed, i), so any run can be replayed
 * and a fresh child can go on from any index.
 */
#include <tern/vcpu.h>

#include "fuzz.h"
#include "ktest.h"

#define SLOT(n) ((l4_cap_idx_t)(n) << L4_CAP_SHIFT)

static uint64_t fz_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* splitmix64 of (seed, index): the generator state for one invocation. */
static uint64_t fz_state(uint64_t seed, uint64_t i)
{
	uint64_t z = seed + (i + 1) * 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return z ? z : 1;
}

static l4_umword_t fz_sel(uint64_t *s)
{
	uint64_t r = fz_rand(s);

	switch (r % 20) {
	case 0: return (r >> 8) & L4_CAP_MASK;
	case 1: return L4_INVALID_CAP;
	case 2: return SLOT((r >> 8) % 70000);
	default: return SLOT((r >> 8) % FZ_SLOTS);
	}
}

static l4_umword_t fz_fpage(uint64_t *s, uintptr_t page)
{
	uint64_t r = fz_rand(s);
	unsigned rights = (unsigned)(r >> 4) & 0xf;
	unsigned order = 12 + (unsigned)((r >> 8) % 12);
	static const uintptr_t bases[4] = {KT_TEXT_START, KT_CHILD_UTCB, 0x20000000, 0};

	switch (r & 7) {
	case 0:
	case 1: {
		uintptr_t base = (r & 8) ? page : bases[(r >> 20) & 3];
		return L4_MEM_FPAGE(base & ~((1UL << order) - 1), order, rights);
	}
	case 2:
	case 3: {
		unsigned o = (unsigned)(r >> 8) % 5;
		return L4_OBJ_FPAGE(SLOT(((r >> 16) % FZ_SLOTS) & ~((1U << o) - 1)), o, rights);
	}
	case 4: return L4_MEM_FPAGE(0, L4_WHOLE_SPACE_ORDER, rights);
	case 5: return L4_FPAGE_NIL;
	default: return fz_rand(s);
	}
}

static l4_umword_t fz_word(uint64_t *s, unsigned k, uintptr_t page)
{
	static const l4_umword_t ops[5] = {0, 1, 2, 3, 0x100};
	uint64_t r = fz_rand(s);

	if (k == 0 && r % 4 != 0)
		return ops[(r >> 8) % 5];
	switch ((r >> 4) % 9) {
	case 0: return (r >> 16) % 17;
	case 1: return fz_sel(s);
	case 2:
	case 3: return fz_fpage(s, page);
	case 4: return L4_ITEM_MAP | ((r >> 8) & 2) | (fz_rand(s) & L4_CAP_MASK & 0xffffffffffUL);
	case 5: return (l4_umword_t) - (long)((r >> 8) % 20);
	case 6: return 0;
	default: return fz_rand(s);
	}
}

static l4_timeout_t fz_timeouts(uint64_t *s)
{
	uint64_t r = fz_rand(s);
	unsigned pick = (unsigned)(r % 1000);

	if (pick < 900)
		return L4_TIMEOUTS(0, 0);
	if (pick < 990)
		return L4_TIMEOUTS((r >> 10) % 2000, (r >> 30) % 2000);
	if (pick < 995)
		return L4_TIMEOUTS(L4_TIMEOUT_NEVER, 0);
	return (l4_timeout_t)fz_rand(s); /* sometimes long: the watchdog handles it */
}

/* A valid opcode of the protocol (for a factory: a kind of object to create). */
static l4_umword_t fz_opcode(uint64_t *s, long proto)
{
	static const long kinds[6] = {L4_PROTO_TASK, L4_PROTO_THREAD,  L4_PROTO_KOBJECT,
				      L4_PROTO_IRQ,  L4_PROTO_FACTORY, L4_PROTO_VM};
	uint64_t r = fz_rand(s);

	switch (proto) {
	case L4_PROTO_FACTORY: return (l4_umword_t)kinds[r % 6];
	case L4_PROTO_THREAD: return r % 7; /* control, ex_regs, stats and the vCPU operations */
	case L4_PROTO_TASK: return r % 8 ? r % 3 : L4_TASK_EXIT_OP;
	case L4_PROTO_KOBJECT: return r % 2;
	default: return r % 3;
	}
}

/* Factory arguments that often succeed: an empty slot, a plausible UTCB area or quota. */
static void fz_factory_args(uint64_t *s, struct l4_utcb *u)
{
	uint64_t r = fz_rand(s);

	u->mr[1] = r % 4 ? SLOT(13 + (r >> 8) % 3) : fz_sel(s);
	switch ((long)u->mr[0]) {
	case L4_PROTO_TASK:
		u->mr[2] = L4_MEM_FPAGE(0x10000000UL << ((r >> 16) % 4), 12 + (r >> 20) % 7,
					L4_FPAGE_RW);
		break;
	case L4_PROTO_KOBJECT:
		u->mr[2] = (r >> 24) & 1 ? SLOT(3) : SLOT(10);
		u->mr[3] = (r >> 32) & 0xff0;
		break;
	case L4_PROTO_FACTORY: u->mr[2] = (r >> 24) % 32768; break;
	default: break;
	}
}

/* Makes invocation i; returns its outcome class (struct fz_shared). */
static unsigned fz_one(const struct fz_shared *sh, uint64_t i)
{
	/* What the fuzz child's slots hold (fz_child_new); 0: empty or not a kernel object. */
	static const long slot_proto[FZ_SLOTS] = {
		[1] = L4_PROTO_TASK,	[2] = L4_PROTO_FACTORY, [3] = L4_PROTO_THREAD,
		[5] = L4_PROTO_LOG,	[7] = L4_PROTO_IRQ,	[8] = L4_PROTO_KOBJECT,
		[9] = L4_PROTO_KOBJECT, [10] = L4_PROTO_THREAD,
	};
	static const long protos[] = {L4_PROTO_NONE,	  L4_PROTO_IRQ,	    L4_PROTO_PF,
				      L4_PROTO_EXCEPTION, L4_PROTO_KOBJECT, L4_PROTO_TASK,
				      L4_PROTO_THREAD,	  L4_PROTO_LOG,	    L4_PROTO_SCHEDULER,
				      L4_PROTO_FACTORY,	  L4_PROTO_ICU};
	const unsigned nprotos = sizeof(protos) / sizeof(protos[0]);
	uintptr_t page = (uintptr_t)sh & ~(KT_PAGE - 1);
	struct l4_utcb *u = l4_utcb();
	uint64_t s = fz_state(sh->seed, i);
	uint64_t r = fz_rand(&s);

	l4_cap_idx_t sel = fz_sel(&s);
	unsigned flags = r % 10 < 7 ? L4_SYSF_CALL : (unsigned)(r >> 8) & (r & 1 ? 0xf : 0xfff);
	long label = (r >> 20) % 10 ? protos[(r >> 24) % nprotos] : (long)(fz_rand(&s) >> 17);
	unsigned words = (r >> 32) % 4 ? (unsigned)(r >> 36) % 7 : (unsigned)(r >> 36) % 64;
	unsigned items = (r >> 44) % 5 ? 0 : (unsigned)(r >> 48) % 6;
	unsigned tflags = (r >> 52) % 10 ? 0 : (unsigned)(r >> 56) & 0xf;

	/* Mostly aim at the object in the slot: its protocol, a valid opcode. */
	unsigned slot = (unsigned)(sel >> L4_CAP_SHIFT);
	bool aim = slot < FZ_SLOTS && slot_proto[slot] && (r >> 60) % 8 < 5;
	if (aim) {
		label = slot_proto[slot];
		flags = L4_SYSF_CALL;
		words = words < 4 ? 4 + (unsigned)(r >> 36) % 3 : words;
	}
	for (unsigned k = 0; k < words + 2 * items && k < L4_UTCB_MRS; k++)
		u->mr[k] = fz_word(&s, k, page);
	if (aim) {
		u->mr[0] = fz_opcode(&s, label);
		if (label == L4_PROTO_FACTORY)
			fz_factory_args(&s, u);
	}
	if (fz_rand(&s) % 5 == 0) {
		u->br[L4_BR_MEM] = fz_rand(&s) & 1 ? fz_fpage(&s, page) : L4_FPAGE_NIL;
		u->br[L4_BR_OBJ] = fz_rand(&s) & 1 ? fz_fpage(&s, page) : L4_FPAGE_NIL;
	}
	l4_umword_t lbl;
	l4_msgtag_t t =
		l4_ipc(sel, flags, L4_MSGTAG(label, words, items, tflags), fz_timeouts(&s), &lbl);
	return t & L4_MSGTAG_ERROR ? 2 + (unsigned)(u->tcr[L4_UTCB_TCR_ERROR] & 15)
				   : L4_MSGTAG_LABEL(t) < 0;
}

void fz_child_main(void *arg)
{
	struct fz_shared *sh = arg;

	for (uint64_t i = sh->start; i < sh->end; i++) {
		sh->cur = i;
		sh->outcome[fz_one(sh, i)]++;
	}
	sh->finished = 1;
}
