/* SPDX-License-Identifier: BSD-2-Clause */
/* IPC gate control (needs the S right on the gate capability). */
#pragma once

#include <l4/sys/ipc.h>

static inline long l4_gate_bind(l4_cap_idx_t gate, l4_cap_idx_t thread, l4_umword_t label)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_GATE_BIND_OP;
	u->mr[1] = thread;
	u->mr[2] = label;
	return l4_result(l4_kcall(gate, L4_PROTO_KOBJECT, 3));
}

static inline long l4_gate_get_label(l4_cap_idx_t gate, l4_umword_t *label)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_GATE_GET_INFO_OP;
	long r = l4_result(l4_kcall(gate, L4_PROTO_KOBJECT, 1));
	if (r == 0 && label)
		*label = u->mr[0];
	return r;
}
