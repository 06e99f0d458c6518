// SPDX-License-Identifier: BSD-2-Clause
/*
 * A seeded random-message client against every moe protocol (scenario
 * moe_fuzz, make fuzz). The driver (moe_fuzz COUNT SEED, handed a loader)
 * starts children that each send a chunk of the sequence: random labels
 * (moe's protocols, the kernel's, any), word counts, words (small numbers,
 * sizes, addresses near its own, anything) and capability items, to its
 * parent, region map, log, allocator, rom namespace, loader and the objects
 * moe gave it back; and messages in the shapes moe parses field by field
 * (typed factory arguments, start-request options) with random fields. A
 * child may well end itself (an exit, a detach of its
 * own code); the driver then starts the next chunk. Afterwards it checks
 * that moe still serves: a dataspace, a namespace, a program started.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4/sys/ipc.h>
#include <l4re/cap_alloc.h>
#include <l4re/client.h>
#include <l4re/env.h>
#include <l4re/factory.h>

#define CHUNK	  500
#define GOT_FIRST 200 /* slots 200..207: objects moe sent back */
#define GOT_SLOTS 8
#define CHILD_MEM "mem=8388608"
#define MAX_WORDS 63

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t pick(uint64_t n)
{
	return next() % n;
}

static uint64_t word(void)
{
	static const uint64_t sizes[] = {0,	    1,	       4096, 1UL << 16,		  1UL << 21,
					 1UL << 30, 1UL << 40, ~0UL, 0x7fffffffffffffffUL};
	switch (pick(6)) {
	case 0: return pick(8); /* operations, small counts */
	case 1: return sizes[pick(sizeof(sizes) / sizeof(sizes[0]))];
	case 2: return 0x400000 + pick(1UL << 22); /* near the program image */
	case 3: return L4RE_STACK_TOP - pick(1UL << 20);
	case 4: return L4RE_UTCB_AREA + pick(1UL << 16);
	default: return next();
	}
}

static long label(void)
{
	static const long labels[] = {
		L4RE_PROTO_PARENT, L4RE_PROTO_DATASPACE, L4RE_PROTO_RM, L4RE_PROTO_NAMESPACE,
		L4RE_PROTO_LOADER, L4_PROTO_FACTORY,	 L4_PROTO_LOG,	L4_PROTO_SCHEDULER,
		L4_PROTO_PF,	   L4_PROTO_EXCEPTION,
	};
	switch (pick(4)) {
	case 0: return (long)pick(0x5000) - 0x800;
	case 1: return (long)next();
	default: return labels[pick(sizeof(labels) / sizeof(labels[0]))];
	}
}

/* One random message to one of moe's objects. */
static void one(l4_cap_idx_t loader)
{
	const l4_cap_idx_t targets[] = {
		L4RE_PARENT_CAP,   L4RE_RM_CAP,
		L4_BASE_LOG_CAP,   L4RE_MEM_ALLOC_CAP,
		L4RE_ROM_CAP,	   loader,
		L4_BASE_PAGER_CAP, (GOT_FIRST + pick(GOT_SLOTS)) << L4_CAP_SHIFT,
	};
	struct l4_utcb *u = l4_utcb();
	l4_cap_idx_t to = targets[pick(sizeof(targets) / sizeof(targets[0]))];
	long lab = label();
	unsigned words = (unsigned)pick(MAX_WORDS + 1 - 8), items = (unsigned)pick(4);

	/* Messages that end the sender (exit, an exception report) only now and then. */
	if ((lab == L4RE_PROTO_PARENT || lab == L4_PROTO_EXCEPTION) && pick(64))
		lab = L4RE_PROTO_DATASPACE;
	for (unsigned i = 0; i < words; i++)
		u->mr[i] = word();
	if (lab == L4_PROTO_LOG) /* printable: the console stays readable */
		for (unsigned i = 0; i < words; i++)
			u->mr[i] = 0x6161616161616161UL + (u->mr[i] & 0x0f0f0f0f0f0f0f0fUL);
	for (unsigned i = 0; i < items; i++) {
		uint64_t slot = pick(2) ? 1 + pick(16) : GOT_FIRST + pick(GOT_SLOTS);
		u->mr[words + 2 * i] = L4_ITEM_MAP | (pick(16) << L4_CAP_SHIFT);
		u->mr[words + 2 * i + 1] =
			L4_OBJ_FPAGE(slot << L4_CAP_SHIFT, (unsigned)pick(2), (unsigned)pick(16));
	}
	u->br[L4_BR_OBJ] =
		L4_OBJ_FPAGE((GOT_FIRST + pick(GOT_SLOTS)) << L4_CAP_SHIFT, 0, L4_CAP_FPAGE_RWSD);
	l4_ipc_call(to, L4_MSGTAG(lab, words, items, 0), L4_IPC_NEVER);
	u->br[L4_BR_OBJ] = L4_FPAGE_NIL;
}

/* Random bytes from a small alphabet of what moe's parsers look for. */
static void text(char *to, size_t n)
{
	static const char abc[] = "az09=_-.@/ LRk\x01\x7f";
	for (size_t i = 0; i < n; i++)
		to[i] = abc[pick(sizeof(abc) - 1)];
}

/* A factory request in the typed-argument shape, with random types and lengths. */
static void shaped_factory(void)
{
	static const long protos[] = {L4RE_PROTO_DATASPACE, L4RE_PROTO_NAMESPACE,
				      L4_PROTO_SCHEDULER, L4_PROTO_LOG, 0x4000};
	struct l4_utcb *u = l4_utcb();
	unsigned w = 0, n = (unsigned)pick(10);

	u->mr[w++] = (uint64_t)protos[pick(sizeof(protos) / sizeof(protos[0]))];
	for (unsigned i = 0; i < n && w < MAX_WORDS - 8; i++) {
		uint64_t type = pick(5), len = pick(4) ? pick(48) : next();
		u->mr[w++] = type | len << 8;
		if (type == L4RE_VARG_INT)
			u->mr[w++] = word();
		else if (type == L4RE_VARG_STR && len < 48) {
			text((char *)&u->mr[w], (size_t)len);
			w += (unsigned)((len + 7) / 8);
		}
	}
	u->br[L4_BR_OBJ] =
		L4_OBJ_FPAGE((GOT_FIRST + pick(GOT_SLOTS)) << L4_CAP_SHIFT, 0, L4_CAP_FPAGE_RWSD);
	l4_ipc_call(L4RE_MEM_ALLOC_CAP, L4_MSGTAG(L4_PROTO_FACTORY, w, 0, 0), L4_IPC_NEVER);
	u->br[L4_BR_OBJ] = L4_FPAGE_NIL;
}

/* A start request for rom/true with random options after the names. */
static void shaped_start(void)
{
	static const char *const opts[] = {"mem=", "env=", "log_color=", "log_flag=", "log_", ""};
	char block[(MAX_WORDS - 2) * 8];
	size_t len = 0;
	unsigned n = (unsigned)pick(6);

	memcpy(block, "fz\0rom/true\0\0", 13);
	len = 13;
	for (unsigned i = 0; i < n; i++) {
		const char *o = opts[pick(sizeof(opts) / sizeof(opts[0]))];
		size_t ol = strlen(o), tl = pick(24);
		if (len + ol + tl + 1 > sizeof(block))
			break;
		memcpy(block + len, o, ol);
		text(block + len + ol, tl);
		len += ol + tl;
		block[len++] = pick(16) ? '\0' : 'x'; /* now and then no end */
	}
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4RE_LOADER_START_OP;
	u->mr[1] = pick(16) ? len : next() % 512; /* now and then a length that lies */
	memcpy(&u->mr[2], block, len);
	l4_ipc_call(L4RE_LOADER_CAP,
		    L4_MSGTAG(L4RE_PROTO_LOADER, 2 + (unsigned)((len + 7) / 8), 0, 0),
		    L4_IPC_NEVER);
}

static int child(uint64_t start, uint64_t end, uint64_t seed)
{
	for (uint64_t i = start; i < end; i++) {
		rng = seed * 0x9e3779b97f4a7c15UL + i * 0xbf58476d1ce4e5b9UL + 1;
		next();
		/* A quarter in the shapes moe parses field by field, where random words rarely go.
		 */
		switch (pick(8)) {
		case 0: shaped_factory(); break;
		case 1: shaped_start(); break;
		default: one(L4RE_LOADER_CAP); /* its own, from "@loader" */
		}
	}
	return 0;
}

static long loader_call(l4_cap_idx_t loader, unsigned words, uint64_t *out)
{
	struct l4_utcb *u = l4_utcb();
	l4_msgtag_t t =
		l4_ipc_call(loader, L4_MSGTAG(L4RE_PROTO_LOADER, words, 0, 0), L4_IPC_NEVER);
	if (l4_ipc_error(t))
		return -1;
	*out = u->mr[0];
	return L4_MSGTAG_LABEL(t);
}

/* Start "rom/PROG args" through loader (each NUL-separated in block); its exit code, or -100. */
static long run(l4_cap_idx_t loader, const char *block, size_t len)
{
	struct l4_utcb *u = l4_utcb();
	uint64_t h, running = 1;

	u->mr[0] = L4RE_LOADER_START_OP;
	u->mr[1] = len;
	memcpy(&u->mr[2], block, len);
	if (loader_call(loader, 2 + (unsigned)((len + 7) / 8), &h) != 0)
		return -100;
	while (running) {
		l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, 5000));
		u->mr[0] = L4RE_LOADER_STATE_OP;
		u->mr[1] = h;
		if (loader_call(loader, 2, &running) != 0)
			return -100;
	}
	return (long)u->mr[1];
}

/* After the storm: moe still makes, maps and names things, and starts programs. */
static int health(l4_cap_idx_t loader)
{
	l4_cap_idx_t ds = l4re_cap_alloc(), ns = l4re_cap_alloc(), got = l4re_cap_alloc();
	uint64_t addr = 0;
	int bad = 0;

	if (l4re_ma_alloc(1UL << 20, ds) != 0 ||
	    l4re_rm_attach(&addr, 0, L4RE_RM_R | L4RE_RM_W | L4RE_RM_SEARCH, ds, 0) != 0) {
		bad++;
	} else {
		memset((void *)addr, 0x5a, 1UL << 20);
		bad += ((volatile uint8_t *)addr)[12345] != 0x5a;
	}
	bad += l4re_factory_create(L4RE_MEM_ALLOC_CAP, L4RE_PROTO_NAMESPACE, NULL, 0, ns) != 0 ||
	       l4re_ns_register(ns, "x", L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW) != 0 ||
	       l4re_ns_query(ns, "x", got) != 0;
	static const char hello[] = "after\0rom/hello\0\0";
	bad += run(loader, hello, sizeof(hello)) != 0;
	return bad;
}

int main(int argc, char **argv)
{
	if (argc > 4 && strcmp(argv[1], "--child") == 0)
		return child(strtoull(argv[2], NULL, 0), strtoull(argv[3], NULL, 0),
			     strtoull(argv[4], NULL, 0));
	uint64_t count = argc > 1 ? strtoull(argv[1], NULL, 0) : 2000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
	l4_cap_idx_t loader = l4re_env_get_cap("loader");
	unsigned children = 0, early = 0;

	if (loader == L4_INVALID_CAP)
		loader = L4RE_LOADER_CAP; /* init, started by moe itself */
	for (uint64_t at = 0; at < count; at += CHUNK) {
		char block[160];
		uint64_t end = at + CHUNK < count ? at + CHUNK : count;
		int n = snprintf(
			block, sizeof(block), "fz%c%s%c--child%c%llu%c%llu%c%llu%c%c@loader%c%s", 0,
			"rom/moe_fuzz", 0, 0, (unsigned long long)at, 0, (unsigned long long)end, 0,
			(unsigned long long)seed, 0, 0, 0, CHILD_MEM);
		/* The child gets a loader of its own: the item is ours. */
		struct l4_utcb *u = l4_utcb();
		size_t len = (size_t)n + 1;
		unsigned words = 2 + (unsigned)((len + 7) / 8);
		uint64_t h, running = 1;
		u->mr[0] = L4RE_LOADER_START_OP;
		u->mr[1] = len;
		memcpy(&u->mr[2], block, len);
		u->mr[words] = L4_ITEM_MAP;
		u->mr[words + 1] = L4_OBJ_FPAGE(loader, 0, L4_CAP_FPAGE_RW);
		l4_msgtag_t t = l4_ipc_call(loader, L4_MSGTAG(L4RE_PROTO_LOADER, words, 1, 0),
					    L4_IPC_NEVER);
		if (l4_ipc_error(t) || L4_MSGTAG_LABEL(t) != 0) {
			printf("moe_fuzz: cannot start a child (%ld)\n", L4_MSGTAG_LABEL(t));
			return 1;
		}
		h = u->mr[0];
		children++;
		while (running) {
			l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, 5000));
			u->mr[0] = L4RE_LOADER_STATE_OP;
			u->mr[1] = h;
			if (loader_call(loader, 2, &running) != 0) {
				printf("moe_fuzz: a child's state is unknown\n");
				return 1;
			}
		}
		early += u->mr[1] != 0;
	}
	printf("moe_fuzz: %llu messages in chunks to %u children (%u ended early), seed %llu\n",
	       (unsigned long long)count, children, early, (unsigned long long)seed);
	int bad = health(loader);
	printf("moe_fuzz: moe %s\n", bad ? "FAILED the checks afterwards" : "still serves");
	return bad ? 1 : 0;
}
