// SPDX-License-Identifier: BSD-2-Clause
/*
 * ned-configs/namespace.lua's server: makes its own service gate, registers
 * it under "echo" in the namespace it was given (capability "ns"), serves it.
 */
#include <stdio.h>

#include <l4/sys/factory.h>
#include <l4re/client.h>
#include <l4re/server.h>

#define ECHO_PROTO 0x5100L
#define GATE_SLOT  (L4RE_FIRST_FREE_CAP + (8UL << L4_CAP_SHIFT))

static l4_msgtag_t echo(struct server_object *obj, unsigned long op, unsigned rights,
			unsigned words)
{
	(void)obj, (void)rights, (void)words;
	l4_utcb()->mr[0] = op + 1;
	return L4_MSGTAG(0, 1, 0, 0);
}

static struct server_object echo_object = {ECHO_PROTO, echo, NULL};

int main(void)
{
	l4_cap_idx_t ns = l4re_env_get_cap("ns");

	if (l4_factory_create_gate(L4_BASE_FACTORY_CAP, GATE_SLOT, L4_INVALID_CAP, 0) != 0 ||
	    server_register(GATE_SLOT, &echo_object) != 0) {
		printf("ns_server: cannot make the service\n");
		return 1;
	}
	long r = l4re_ns_register(ns, "echo", GATE_SLOT, L4_CAP_FPAGE_RW);
	printf("ns_server: registered 'echo' in the namespace -> %ld\n", r);
	if (r)
		return 1;
	server_loop();
}
