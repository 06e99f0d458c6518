/* SPDX-License-Identifier: BSD-2-Clause */
/* Synchronous IPC: send, receive (open and closed), call, reply, timeouts, cancellation. */
#pragma once

#include "types.h"

struct thread;
struct ipc_gate;
struct irq;
struct trap_frame;

/* The system call (every invoke form), with its results written to f. */
void ipc_syscall(struct thread *self, struct trap_frame *f);

/*
 * Send through gate g (whose capability had rights) and, for a call, wait for
 * the reply; results in self->result_tag/label. Used by the system call and
 * by the kernel for page faults and exceptions.
 */
void ipc_send(struct thread *self, struct ipc_gate *g, u8 rights, u64 tag, u64 timeouts, bool call);

/* t's timeout expired. */
void ipc_timeout(struct thread *t);
/* Deliver IRQ q to its thread if it waits for it; false: it has to stay pending. */
bool ipc_deliver_irq(struct thread *t, struct irq *q);
/* Record an IPC error for t: its error register and an error tag. */
void ipc_set_error(struct thread *t, unsigned err);
