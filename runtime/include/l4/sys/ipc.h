/* SPDX-License-Identifier: BSD-2-Clause */
/* IPC: the one system call and its common forms (docs/abi.md). */
#pragma once

#include <stdint.h>
#include <tern/syscall.h>
#include <tern/utcb.h>

typedef uint64_t l4_cap_idx_t;
typedef uint64_t l4_msgtag_t;
typedef uint64_t l4_umword_t;
typedef uint64_t l4_timeout_t;
typedef uint64_t l4_fpage_t;

static inline struct l4_utcb *l4_utcb(void)
{
	struct l4_utcb *u;
	__asm__("mrs %0, tpidrro_el0" : "=r"(u));
	return u;
}

/* The raw system call; *label receives the label of a received message. */
static inline l4_msgtag_t l4_ipc(l4_cap_idx_t dest, unsigned flags, l4_msgtag_t tag,
				 l4_timeout_t to, l4_umword_t *label)
{
	register uint64_t x0 __asm__("x0") = dest | flags;
	register uint64_t x1 __asm__("x1") = tag;
	register uint64_t x2 __asm__("x2") = to;
	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2) : : "memory");
	if (label)
		*label = x1;
	return x0;
}

static inline l4_msgtag_t l4_invoke(l4_cap_idx_t dest, unsigned flags, l4_msgtag_t tag)
{
	return l4_ipc(dest, flags, tag, L4_IPC_NEVER, 0);
}

/* Send and wait for the reply from the same partner. */
static inline l4_msgtag_t l4_ipc_call(l4_cap_idx_t dest, l4_msgtag_t tag, l4_timeout_t to)
{
	return l4_ipc(dest, L4_SYSF_CALL, tag, to, 0);
}

static inline l4_msgtag_t l4_ipc_send(l4_cap_idx_t dest, l4_msgtag_t tag, l4_timeout_t to)
{
	return l4_ipc(dest, L4_SYSF_SEND, tag, to, 0);
}

/* Open wait: a message from anyone (gates bound to this thread, IRQs attached to it). */
static inline l4_msgtag_t l4_ipc_wait(l4_umword_t *label, l4_timeout_t to)
{
	return l4_ipc(0, L4_SYSF_WAIT, 0, to, label);
}

/* Closed wait: a message from one thread, or one IRQ. */
static inline l4_msgtag_t l4_ipc_receive(l4_cap_idx_t from, l4_timeout_t to)
{
	return l4_ipc(from, L4_SYSF_RECV, 0, to, 0);
}

/* Reply to the last caller (never blocks), then wait openly. */
static inline l4_msgtag_t l4_ipc_reply_and_wait(l4_msgtag_t tag, l4_umword_t *label,
						l4_timeout_t to)
{
	return l4_ipc(0, L4_SYSF_REPLY_AND_WAIT, tag, to, label);
}

/* Reply only. */
static inline l4_msgtag_t l4_ipc_reply(l4_msgtag_t tag)
{
	return l4_ipc(0, L4_SYSF_REPLY | L4_SYSF_SEND, tag, L4_TIMEOUTS(0, 0), 0);
}

/* 0 when the IPC itself worked; else an enum l4_ipc_error. */
static inline long l4_ipc_error(l4_msgtag_t tag)
{
	return (tag & L4_MSGTAG_ERROR) ? (long)l4_utcb()->tcr[L4_UTCB_TCR_ERROR] : 0;
}

/*
 * The result of a kernel-object operation: the reply label (0 or -L4_E*),
 * or -(1000 + IPC error) when the invocation itself failed.
 */
static inline long l4_result(l4_msgtag_t tag)
{
	return (tag & L4_MSGTAG_ERROR) ? -1000 - l4_ipc_error(tag) : L4_MSGTAG_LABEL(tag);
}

/* Call a kernel object: opcode and arguments in mr[0..n). */
static inline l4_msgtag_t l4_kcall(l4_cap_idx_t obj, long proto, unsigned words)
{
	return l4_ipc_call(obj, L4_MSGTAG(proto, words, 0, 0), L4_IPC_NEVER);
}
