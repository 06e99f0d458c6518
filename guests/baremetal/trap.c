// SPDX-License-Identifier: BSD-2-Clause
/* EL1 exception dispatch: a handler per vector type, each with a default that reports and stops. */
#include <stddef.h>

#include "gic.h"
#include "runtime.h"
#include "trap.h"

static bool (*trap_sync_fn)(struct trap_frame *f);
static void (*trap_irq_fn)(unsigned intid, struct trap_frame *f);

void trap_set_sync_handler(bool (*fn)(struct trap_frame *f))
{
	trap_sync_fn = fn;
}

void trap_set_irq_handler(void (*fn)(unsigned intid, struct trap_frame *f))
{
	trap_irq_fn = fn;
}

static const char *const trap_names[4] = {"synchronous", "IRQ", "FIQ", "SError"};

__attribute__((noreturn)) static void trap_unexpected(struct trap_frame *f, unsigned vector)
{
	runtime_bail("unexpected %s exception on vCPU %u (vector %u): ESR %#lx ELR %#lx FAR %#lx",
		     trap_names[vector & 3], runtime_cpu(), vector, f->esr, f->elr, f->far);
}

static void trap_sync(struct trap_frame *f, unsigned vector)
{
	if (!trap_sync_fn || !trap_sync_fn(f))
		trap_unexpected(f, vector);
}

static void trap_irq(struct trap_frame *f, unsigned vector)
{
	unsigned intid = gic_ack();

	if (intid >= GIC_INTID_SPURIOUS)
		return;
	if (!trap_irq_fn)
		runtime_bail("unexpected IRQ %u on vCPU %u", intid, runtime_cpu());
	trap_irq_fn(intid, f);
	gic_eoi(intid);
}

static void (*const trap_types[4])(struct trap_frame *f, unsigned vector) = {
	[TRAP_SYNC] = trap_sync,
	[TRAP_IRQ] = trap_irq,
	[TRAP_FIQ] = trap_unexpected,
	[TRAP_SERROR] = trap_unexpected,
};

void trap_dispatch(struct trap_frame *f, unsigned vector)
{
	/* Only "current EL with SP_ELx" (vectors 4..7) can happen: guests never run EL0. */
	if (vector / 4 != 1)
		trap_unexpected(f, vector);
	trap_types[vector & 3](f, vector);
}
