/* SPDX-License-Identifier: BSD-2-Clause */
/* IRQ objects (virtual and hardware) and the ICU that binds hardware lines to them. */
#pragma once

#include "kobject.h"
#include "list.h"

struct irq {
	struct kobject obj;
	struct thread *target; /* attached thread (a reference) or NULL */
	u64 label;
	bool pending;		  /* triggered, not yet delivered */
	struct list pending_link; /* on target->irqs_pending while pending */
	unsigned intid;		  /* hardware line, 0 for a virtual IRQ */
};

struct irq *irq_create(struct factory *f) __must_check;
/* Make q pending and deliver it if its thread waits. */
void irq_trigger(struct irq *q);
/* q's message was delivered: clear pending (a hardware line stays masked). */
void irq_delivered(struct irq *q);
/* From the interrupt handler: a hardware line bound to an IRQ object fired. */
bool irq_handle_hw(unsigned intid);
/* Lines the kernel itself uses; the ICU refuses them. */
void irq_reserve_line(unsigned intid);

u64 irq_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
u64 icu_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
void irq_destroy(struct kobject *obj);
void irq_free(struct kobject *obj);
