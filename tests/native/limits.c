// SPDX-License-Identifier: BSD-2-Clause
/*
 * moe's per-program limits and the loader's confinement, from a program's
 * side (scenarios moe_limits, moe_many):
 *   names            registers names in a namespace of its own until moe says
 *                    ENOMEM, then checks it is still served
 *   serve N          registers and queries N names (another client, served
 *                    while the first is at its limit)
 *   noloader         tries to start a program without a loader capability
 *   child BYTES      with a loader handed to it: starts rom/true with a quota
 *                    of BYTES, waits for it, and probes every handle
 *   idle MS          waits MS milliseconds and exits (many at once)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4/sys/ipc.h>
#include <l4re/cap_alloc.h>
#include <l4re/client.h>
#include <l4re/env.h>

static void sleep_ms(unsigned ms)
{
	l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, ms * 1000U));
}

static int names(void)
{
	l4_cap_idx_t ns = l4re_cap_alloc();
	long r = l4re_factory_create(L4RE_MEM_ALLOC_CAP, L4RE_PROTO_NAMESPACE, NULL, 0, ns);
	char name[16];
	unsigned n = 0;

	if (r != 0) {
		printf("limits: no namespace (%ld)\n", r);
		return 1;
	}
	for (;; n++) {
		snprintf(name, sizeof(name), "n%u", n);
		r = l4re_ns_register(ns, name, L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW);
		if (r != 0)
			break;
	}
	printf("limits: %u names, then %s\n", n, r == -L4_ENOMEM ? "ENOMEM" : "another error");
	/* At its limit, it is still served: a query, and a replacement of a name. */
	l4_cap_idx_t got = l4re_cap_alloc();
	r = l4re_ns_query(ns, "n0", got);
	printf("limits: at the limit, a query %s\n", r == 0 ? "works" : "fails");
	sleep_ms(300); /* the other client is served meanwhile */
	return r == 0 ? 0 : 1;
}

static int serve(unsigned count)
{
	l4_cap_idx_t ns = l4re_cap_alloc(), got = l4re_cap_alloc();
	char name[16];
	unsigned ok = 0;

	if (l4re_factory_create(L4RE_MEM_ALLOC_CAP, L4RE_PROTO_NAMESPACE, NULL, 0, ns) != 0) {
		printf("limits: serve: no namespace\n");
		return 1;
	}
	for (unsigned i = 0; i < count; i++) {
		snprintf(name, sizeof(name), "s%u", i);
		ok += l4re_ns_register(ns, name, L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW) == 0 &&
		      l4re_ns_query(ns, name, got) == 0;
	}
	printf("limits: serve: %u of %u names registered and found\n", ok, count);
	return ok == count ? 0 : 1;
}

/* A loader request for "rom/true" with an optional quota; the handle in *h. */
static long start(l4_cap_idx_t loader, const char *mem, uint64_t *h)
{
	struct l4_utcb *u = l4_utcb();
	char block[64];
	size_t len = 0;

	memcpy(block, "kid\0rom/true\0\0", 15);
	len = 15;
	if (mem) {
		int n = snprintf(block + len, sizeof(block) - len, "mem=%s", mem);
		len += (size_t)n + 1;
	}
	u->mr[0] = L4RE_LOADER_START_OP;
	u->mr[1] = len;
	memcpy(&u->mr[2], block, len);
	l4_msgtag_t t = l4_ipc_call(loader, L4_MSGTAG(L4RE_PROTO_LOADER, 2 + (len + 7) / 8, 0, 0),
				    L4_IPC_NEVER);
	if (l4_ipc_error(t))
		return -1000 - (long)l4_ipc_error(t);
	*h = u->mr[0];
	return L4_MSGTAG_LABEL(t);
}

static long state(l4_cap_idx_t loader, uint64_t h, uint64_t *running)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4RE_LOADER_STATE_OP;
	u->mr[1] = h;
	long r =
		l4_result(l4_ipc_call(loader, L4_MSGTAG(L4RE_PROTO_LOADER, 2, 0, 0), L4_IPC_NEVER));
	*running = u->mr[0];
	return r;
}

static int noloader(void)
{
	uint64_t h;
	long r = start(L4RE_LOADER_CAP, NULL, &h);
	printf("limits: without a loader, a start %s (%ld)\n", r == 0 ? "WORKED" : "is refused", r);
	/* The parent object was the loader once: it is not any more. */
	r = start(L4RE_PARENT_CAP, NULL, &h);
	printf("limits: on the parent object, a start %s (%ld)\n", r == 0 ? "WORKED" : "is refused",
	       r);
	return 0;
}

static int child(const char *mem)
{
	l4_cap_idx_t loader = l4re_env_get_cap("loader");
	uint64_t h, running = 1;
	long r;

	if (loader == L4_INVALID_CAP) {
		printf("limits: child: no loader was handed to us\n");
		return 1;
	}
	r = start(loader, mem, &h);
	if (r != 0) {
		printf("limits: child: a start with mem=%s is refused (%ld)\n", mem, r);
		return 2;
	}
	while (state(loader, h, &running) == 0 && running)
		sleep_ms(10);
	/* Handles reach only our own children: probe a range of slots and generations. */
	unsigned found = 0;
	for (uint64_t gen = 0; gen < 2; gen++)
		for (uint64_t slot = 0; slot < 256; slot++)
			found += state(loader, gen << 16 | slot, &running) == 0;
	printf("limits: child: started with mem=%s, ended; %u handle(s) reachable\n", mem, found);
	return found == 1 ? 0 : 3;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "names") == 0)
		return names();
	if (strcmp(mode, "serve") == 0 && argc > 2)
		return serve((unsigned)strtoul(argv[2], NULL, 0));
	if (strcmp(mode, "noloader") == 0)
		return noloader();
	if (strcmp(mode, "child") == 0 && argc > 2)
		return child(argv[2]);
	if (strcmp(mode, "idle") == 0 && argc > 2) {
		sleep_ms((unsigned)strtoul(argv[2], NULL, 0));
		return 0;
	}
	printf("usage: limits names | serve N | noloader | child BYTES | idle MS\n");
	return 1;
}
