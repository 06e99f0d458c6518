/* SPDX-License-Identifier: BSD-2-Clause */
/* IRQ objects and the interrupt controller (ICU). */
#pragma once

#include <l4/sys/ipc.h>

/* Deliver the IRQ to thread as a message with label (L4_INVALID_CAP detaches). */
static inline long l4_irq_attach(l4_cap_idx_t irq, l4_cap_idx_t thread, l4_umword_t label)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_IRQ_ATTACH_OP;
	u->mr[1] = thread;
	u->mr[2] = label;
	return l4_result(l4_kcall(irq, L4_PROTO_IRQ, 3));
}

static inline long l4_irq_trigger(l4_cap_idx_t irq)
{
	l4_utcb()->mr[0] = L4_IRQ_TRIGGER_OP;
	return l4_result(l4_kcall(irq, L4_PROTO_IRQ, 1));
}

static inline long l4_irq_unmask(l4_cap_idx_t irq)
{
	l4_utcb()->mr[0] = L4_IRQ_UNMASK_OP;
	return l4_result(l4_kcall(irq, L4_PROTO_IRQ, 1));
}

/* Wait for the IRQ (closed wait on it). */
static inline l4_msgtag_t l4_irq_receive(l4_cap_idx_t irq, l4_timeout_t to)
{
	return l4_ipc_receive(irq, to);
}

static inline long l4_icu_bind(l4_cap_idx_t icu, unsigned intid, l4_cap_idx_t irq)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_ICU_BIND_OP;
	u->mr[1] = intid;
	u->mr[2] = irq;
	return l4_result(l4_kcall(icu, L4_PROTO_ICU, 3));
}

static inline long l4_icu_unbind(l4_cap_idx_t icu, unsigned intid)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_ICU_UNBIND_OP;
	u->mr[1] = intid;
	return l4_result(l4_kcall(icu, L4_PROTO_ICU, 2));
}

/* Number of SPIs the ICU has (INTIDs 32 .. 32 + n - 1). */
static inline long l4_icu_info(l4_cap_idx_t icu, unsigned *spis)
{
	l4_utcb()->mr[0] = L4_ICU_INFO_OP;
	long r = l4_result(l4_kcall(icu, L4_PROTO_ICU, 1));
	if (r == 0 && spis)
		*spis = (unsigned)l4_utcb()->mr[0];
	return r;
}
