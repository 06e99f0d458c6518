/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system-call ABI shared by the kernel and user level (docs/abi.md).
 * Every system call is an invocation of an object through a capability:
 *
 *   svc #0
 *   in:  x0 = capability selector | invoke flags
 *        x1 = message tag
 *        x2 = timeouts (reserved, 0)
 *   out: x0 = reply tag (L4_MSGTAG_ERROR set on an IPC-level failure, then
 *             the UTCB error register holds an enum l4_ipc_error)
 *        x1 = label (reserved, 0)
 *
 * Message words travel in the UTCB message registers (utcb.h).
 */
#pragma once

#include <stdint.h>

/* Capability selectors: slot index shifted left, low bits carry flags. */
#define L4_CAP_SHIFT   12
#define L4_CAP_MASK    (~((1UL << L4_CAP_SHIFT) - 1))
#define L4_INVALID_CAP (~0UL << L4_CAP_SHIFT)

/* Invoke flags in the low bits of x0 (as Fiasco's L4_SYSF_*). */
#define L4_SYSF_SEND	  0x1
#define L4_SYSF_RECV	  0x2
#define L4_SYSF_OPEN_WAIT 0x4
#define L4_SYSF_REPLY	  0x8
#define L4_SYSF_CALL	  (L4_SYSF_SEND | L4_SYSF_RECV)

/* Message tag: label (protocol) in bits 63..16, flags 15..12, items 11..6, words 5..0. */
#define L4_MSGTAG_WORDS(t) ((unsigned)((t)&0x3f))
#define L4_MSGTAG_ITEMS(t) ((unsigned)(((t) >> 6) & 0x3f))
#define L4_MSGTAG_FLAGS(t) ((unsigned)(((t) >> 12) & 0xf))
#define L4_MSGTAG_LABEL(t) ((long)(t) >> 16)
#define L4_MSGTAG_ERROR	   0x8000UL
#define L4_MSGTAG(label, words, items, flags)                                \
	(((uint64_t)(long)(label) << 16) | (((uint64_t)(flags)&0xf) << 12) | \
	 (((uint64_t)(items)&0x3f) << 6) | ((uint64_t)(words)&0x3f))

/* Protocols a kernel object answers to (the tag label of a request), as Fiasco. */
#define L4_PROTO_TASK	(-11L)
#define L4_PROTO_THREAD (-12L)
#define L4_PROTO_LOG	(-13L)

/* Capability slots of an initial task's object space (as L4Re's L4_BASE_*_CAP). */
#define L4_BASE_TASK_CAP      (1UL << L4_CAP_SHIFT)
#define L4_BASE_FACTORY_CAP   (2UL << L4_CAP_SHIFT)
#define L4_BASE_THREAD_CAP    (3UL << L4_CAP_SHIFT)
#define L4_BASE_PAGER_CAP     (4UL << L4_CAP_SHIFT)
#define L4_BASE_LOG_CAP	      (5UL << L4_CAP_SHIFT)
#define L4_BASE_ICU_CAP	      (6UL << L4_CAP_SHIFT)
#define L4_BASE_SCHEDULER_CAP (7UL << L4_CAP_SHIFT)

/* Log (Vcon) protocol: mr[0] = opcode. */
#define L4_VCON_WRITE_OP 0UL /* mr[1] = length, mr[2..] = bytes */

/* Task protocol: mr[0] = opcode. */
#define L4_TASK_EXIT_OP 0x100UL /* Tern: end the task; mr[1] = exit code */

/* IPC-level errors, reported in the UTCB error register. */
enum l4_ipc_error {
	L4_IPC_ENOT_EXISTENT = 1, /* no object behind the selector */
	L4_IPC_EMSGTOOLONG = 2,	  /* more words than message registers */
	L4_IPC_EBADFLAGS = 3,	  /* invoke flags not supported for this object */
};

/*
 * Results of kernel object operations: the reply tag's label is 0 or a
 * negative error (as L4Re's L4_E*).
 */
enum l4_status {
	L4_EOK = 0,
	L4_EPERM = 1,
	L4_ENOENT = 2,
	L4_ENOMEM = 12,
	L4_EINVAL = 22,
	L4_ERANGE = 34,
	L4_ENOSYS = 38,
	L4_EBADPROTO = 39,
};
