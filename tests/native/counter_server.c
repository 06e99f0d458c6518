// SPDX-License-Identifier: BSD-2-Clause
/*
 * ned-configs/factory.lua's server: a factory on the channel "svc"; each
 * create request (protocol COUNTER_PROTO, a start value) makes a new counter
 * object of its own and hands the client a capability to it.
 */
#include <stdio.h>

#include <l4re/env.h>
#include <l4re/factory.h>
#include <l4re/server.h>

#define COUNTER_PROTO  0x5200L
#define COUNTER_INC_OP 0UL
#define MAX_COUNTERS   8

struct counter {
	struct server_object obj;
	long value;
};

static struct counter counters[MAX_COUNTERS];
static unsigned ncounters;
static l4_cap_idx_t next_slot = L4RE_FIRST_FREE_CAP + (8UL << L4_CAP_SHIFT);

static l4_msgtag_t counter_handler(struct server_object *obj, unsigned long op, unsigned rights,
				   unsigned words)
{
	struct counter *c = (struct counter *)obj;
	(void)words;
	if (op != COUNTER_INC_OP)
		return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	if (!(rights & L4_CAP_FPAGE_W))
		return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
	l4_utcb()->mr[0] = (l4_umword_t)++c->value;
	return L4_MSGTAG(0, 1, 0, 0);
}

/* The factory: op is the protocol of the object asked for, its argument the start value. */
static l4_msgtag_t factory_handler(struct server_object *obj, unsigned long proto, unsigned rights,
				   unsigned words)
{
	struct l4_utcb *u = l4_utcb();
	(void)obj, (void)rights;

	if ((long)proto != COUNTER_PROTO)
		return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	if (ncounters == MAX_COUNTERS)
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	struct l4re_varg start;
	unsigned at = 1;
	if (l4re_factory_arg(u->mr, words, &at, &start) < 0 ||
	    (start.type != L4RE_VARG_INT && start.type != L4RE_VARG_NIL))
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	struct counter *c = &counters[ncounters];
	c->obj = (struct server_object){COUNTER_PROTO, counter_handler, NULL};
	c->value = start.value; /* 0 for nil */
	l4_cap_idx_t slot = next_slot;
	if (server_create_object(slot, &c->obj) != 0)
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	next_slot += 1UL << L4_CAP_SHIFT;
	ncounters++;
	printf("counter_server: made counter %u starting at %ld\n", ncounters, c->value);
	u->mr[0] = L4_ITEM_MAP;
	u->mr[1] = L4_OBJ_FPAGE(slot, 0, L4_CAP_FPAGE_RW);
	return L4_MSGTAG(0, 0, 1, 0);
}

static struct server_object factory_object = {L4_PROTO_FACTORY, factory_handler, NULL};

int main(void)
{
	l4_cap_idx_t svc = l4re_env_get_cap("svc");

	if (svc == L4_INVALID_CAP || server_register(svc, &factory_object) != 0) {
		printf("counter_server: cannot serve 'svc'\n");
		return 1;
	}
	server_loop();
}
