/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system-call ABI shared by the kernel and user level (docs/abi.md).
 * Every system call is an invocation of an object through a capability:
 *
 *   svc #0
 *   in:  x0 = capability selector | invoke flags (L4_SYSF_*)
 *        x1 = message tag (words and typed items in the UTCB's MRs)
 *        x2 = timeouts: bits 31..0 send, bits 63..32 receive
 *   out: x0 = tag of the received message or reply; L4_MSGTAG_ERROR set on
 *             an IPC failure, whose cause is then in the UTCB error register
 *        x1 = label of the received message (gate label | sender's rights)
 */
#pragma once

#include <stdint.h>

/* ---- capability selectors ----------------------------------------------- */

/* A selector is a slot index shifted left; the low bits carry invoke flags. */
#define L4_CAP_SHIFT   12
#define L4_CAP_MASK    (~((1UL << L4_CAP_SHIFT) - 1))
#define L4_INVALID_CAP (~0UL << L4_CAP_SHIFT)
#define L4_CAP_SLOTS   65536 /* slots in an object space */

/* Invoke flags (as Fiasco's L4_SYSF_*). */
#define L4_SYSF_SEND	       0x1
#define L4_SYSF_RECV	       0x2
#define L4_SYSF_OPEN_WAIT      0x4
#define L4_SYSF_REPLY	       0x8
#define L4_SYSF_CALL	       (L4_SYSF_SEND | L4_SYSF_RECV)
#define L4_SYSF_WAIT	       (L4_SYSF_RECV | L4_SYSF_OPEN_WAIT)
#define L4_SYSF_REPLY_AND_WAIT (L4_SYSF_REPLY | L4_SYSF_SEND | L4_SYSF_RECV | L4_SYSF_OPEN_WAIT)

/* ---- message tag ----------------------------------------------------------- */

/* label (signed) 63..16 | flags 15..12 | typed items 11..6 | untyped words 5..0 */
#define L4_MSGTAG_WORDS(t) ((unsigned)((t)&0x3f))
#define L4_MSGTAG_ITEMS(t) ((unsigned)(((t) >> 6) & 0x3f))
#define L4_MSGTAG_FLAGS(t) ((unsigned)(((t) >> 12) & 0xf))
#define L4_MSGTAG_LABEL(t) ((long)(t) >> 16)
#define L4_MSGTAG_ERROR	   0x8000UL
#define L4_MSGTAG(label, words, items, flags)                                \
	(((uint64_t)(long)(label) << 16) | (((uint64_t)(flags)&0xf) << 12) | \
	 (((uint64_t)(items)&0x3f) << 6) | ((uint64_t)(words)&0x3f))

/* ---- timeouts (x2) ------------------------------------------------------- */

/* Microseconds; 0 = do not block; L4_TIMEOUT_NEVER = block without limit. */
#define L4_TIMEOUT_NEVER	    0xffffffffU
#define L4_TIMEOUT_ZERO		    0U
#define L4_TIMEOUTS(snd_us, rcv_us) (((uint64_t)(uint32_t)(rcv_us) << 32) | (uint32_t)(snd_us))
#define L4_IPC_NEVER		    L4_TIMEOUTS(L4_TIMEOUT_NEVER, L4_TIMEOUT_NEVER)
#define L4_TIMEOUT_SND(t)	    ((uint32_t)(t))
#define L4_TIMEOUT_RCV(t)	    ((uint32_t)((t) >> 32))

/* ---- flexpages and typed items ------------------------------------------ */

/*
 * Flexpage: base 63..12 | order 11..6 | type 5..4 | rights 3..0.
 * Memory: base is a page-aligned address, 2^order bytes (order >= 12).
 * Objects: base is a selector (slot << 12), 2^order slots.
 */
#define L4_FPAGE_MEMORY 1U
#define L4_FPAGE_OBJ	3U
#define L4_FPAGE(type, base, order, rights)                                                    \
	(((uint64_t)(base)&L4_CAP_MASK) | ((uint64_t)(order) << 6) | ((uint64_t)(type) << 4) | \
	 (uint64_t)(rights))
#define L4_FPAGE_BASE(f)   ((f)&L4_CAP_MASK)
#define L4_FPAGE_ORDER(f)  ((unsigned)(((f) >> 6) & 0x3f))
#define L4_FPAGE_TYPE(f)   ((unsigned)(((f) >> 4) & 0x3))
#define L4_FPAGE_RIGHTS(f) ((unsigned)((f)&0xf))
#define L4_FPAGE_NIL	   0UL

/* Memory rights. */
#define L4_FPAGE_X   0x1U
#define L4_FPAGE_W   0x2U
#define L4_FPAGE_R   0x4U
#define L4_FPAGE_RW  (L4_FPAGE_R | L4_FPAGE_W)
#define L4_FPAGE_RX  (L4_FPAGE_R | L4_FPAGE_X)
#define L4_FPAGE_RWX (L4_FPAGE_R | L4_FPAGE_W | L4_FPAGE_X)

/* Capability rights (as Fiasco's L4_CAP_FPAGE_*). */
#define L4_CAP_FPAGE_W	  0x1U
#define L4_CAP_FPAGE_S	  0x2U
#define L4_CAP_FPAGE_R	  0x4U
#define L4_CAP_FPAGE_D	  0x8U
#define L4_CAP_FPAGE_RW	  (L4_CAP_FPAGE_R | L4_CAP_FPAGE_W)
#define L4_CAP_FPAGE_RWS  (L4_CAP_FPAGE_R | L4_CAP_FPAGE_W | L4_CAP_FPAGE_S)
#define L4_CAP_FPAGE_RWSD 0xfU

#define L4_MEM_FPAGE(addr, order, rights) L4_FPAGE(L4_FPAGE_MEMORY, addr, order, rights)
#define L4_OBJ_FPAGE(sel, order, rights)  L4_FPAGE(L4_FPAGE_OBJ, sel, order, rights)
#define L4_WHOLE_SPACE_ORDER		  48 /* a memory flexpage of the whole user space */

/*
 * A map item is two message words after the untyped words:
 *   w0 = L4_ITEM_MAP | L4_ITEM_GRANT? | send base ("hot spot", 63..12)
 *   w1 = the flexpage to send
 */
#define L4_ITEM_MAP	 0x8UL
#define L4_ITEM_GRANT	 0x2UL
#define L4_ITEM_LOCAL_ID 0x4UL /* received: w1 is a gate label | W/S, not a capability */
#define L4_ITEM_WORDS	 2

/*
 * Receive windows, declared by the receiver before it waits:
 *   br[L4_BR_MEM] = memory flexpage where mappings may land (or NIL)
 *   br[L4_BR_OBJ] = object flexpage where capabilities may land (or NIL)
 */
#define L4_BR_MEM 0
#define L4_BR_OBJ 1
/* br[L4_BR_FLAGS]: L4_RCV_LOCAL_ID asks for local ids of the receiver's own gates. */
#define L4_BR_FLAGS	2
#define L4_RCV_LOCAL_ID 0x1UL

/* ---- protocols (tag labels of requests to kernel objects, as Fiasco) ---- */

#define L4_PROTO_NONE	   0L
#define L4_PROTO_IRQ	   (-1L)
#define L4_PROTO_PF	   (-2L)
#define L4_PROTO_EXCEPTION (-5L)
#define L4_PROTO_KOBJECT   (-10L)
#define L4_PROTO_TASK	   (-11L)
#define L4_PROTO_THREAD	   (-12L)
#define L4_PROTO_LOG	   (-13L)
#define L4_PROTO_SCHEDULER (-14L)
#define L4_PROTO_FACTORY   (-15L)
#define L4_PROTO_ICU	   (-19L)

/* Capability slots of the first task's object space (as L4Re's L4_BASE_*_CAP). */
#define L4_BASE_TASK_CAP      (1UL << L4_CAP_SHIFT)
#define L4_BASE_FACTORY_CAP   (2UL << L4_CAP_SHIFT)
#define L4_BASE_THREAD_CAP    (3UL << L4_CAP_SHIFT)
#define L4_BASE_PAGER_CAP     (4UL << L4_CAP_SHIFT)
#define L4_BASE_LOG_CAP	      (5UL << L4_CAP_SHIFT)
#define L4_BASE_ICU_CAP	      (6UL << L4_CAP_SHIFT)
#define L4_BASE_SCHEDULER_CAP (7UL << L4_CAP_SHIFT)
#define L4_FIRST_FREE_CAP     (8UL << L4_CAP_SHIFT)

/* Operations: mr[0] of a request. Arguments follow in mr[1..]. */

/* Log / Vcon (L4_PROTO_LOG). */
#define L4_VCON_WRITE_OP    0UL /* mr[1] = length, mr[2..] = bytes; needs W */
#define L4_VCON_READ_OP	    1UL /* mr[1] = max bytes; reply: mr[0] = n, mr[1..] = bytes; needs R */
#define L4_VCON_BIND_IRQ_OP 2UL /* mr[1] = IRQ selector (or invalid): triggered on input */

/* Task (L4_PROTO_TASK). */
#define L4_TASK_MAP_OP \
	0UL /* mr[1] = source task sel, mr[2] = send fpage, mr[3] = dest base (| L4_ITEM_GRANT) */
#define L4_TASK_UNMAP_OP 1UL /* mr[1] = fpage, mr[2] = L4_FP_* flags */
#define L4_TASK_CAP_INFO_OP \
	2UL /* mr[1] = selector; reply mr[0] = type (L4_OBJ_*) or 0, mr[1] = rights */
#define L4_TASK_EXIT_OP 0x100UL /* Tern: delete this task; mr[1] = exit code */

/* Unmap flags (mr[2] of L4_TASK_UNMAP_OP). */
#define L4_FP_OTHER_SPACES 0x0UL /* revoke what was derived from the flexpage */
#define L4_FP_ALL_SPACES   0x1UL /* ... and remove it from this task as well */
#define L4_FP_DELETE_OBJ   0x2UL /* objects: delete the objects themselves (needs D) */

/* Object types answered by L4_TASK_CAP_INFO_OP. */
#define L4_OBJ_TASK	 1
#define L4_OBJ_THREAD	 2
#define L4_OBJ_FACTORY	 3
#define L4_OBJ_GATE	 4
#define L4_OBJ_IRQ	 5
#define L4_OBJ_VCON	 6
#define L4_OBJ_SCHEDULER 7
#define L4_OBJ_ICU	 8

/* Thread (L4_PROTO_THREAD). */
#define L4_THREAD_CONTROL_OP                                     \
	0UL /* mr[1] = L4_THREAD_CTL_* flags, mr[2] = pager sel, \
	     * mr[3] = exception handler sel, mr[4] = task sel,  \
	     * mr[5] = UTCB address in that task */
#define L4_THREAD_EX_REGS_OP                                                   \
	1UL /* mr[1] = pc, mr[2] = sp (~0: keep), mr[3] = L4_THREAD_EX_REGS_*; \
	     * reply: mr[0] = old pc, mr[1] = old sp, mr[2] = old flags */
#define L4_THREAD_STATS_OP \
	2UL /* reply: mr[0] = state, mr[1] = CPU time ns, mr[2] = UTCB, mr[3] = prio */
#define L4_THREAD_CTL_PAGER	  0x1UL
#define L4_THREAD_CTL_EXC_HANDLER 0x2UL
#define L4_THREAD_CTL_BIND	  0x4UL
#define L4_THREAD_EX_REGS_CANCEL  0x1UL /* abort a blocked IPC with L4_IPC_*CANCELED */
#define L4_THREAD_KEEP		  (~0UL)

/* Thread states (L4_THREAD_STATS_OP). */
#define L4_THREAD_STATE_INACTIVE  0
#define L4_THREAD_STATE_READY	  1
#define L4_THREAD_STATE_SENDING	  2
#define L4_THREAD_STATE_RECEIVING 3
#define L4_THREAD_STATE_DEAD	  4

/* Factory (L4_PROTO_FACTORY): mr[0] = protocol of the object to create,
 * mr[1] = selector of the empty slot for the new capability, then: */
/*   L4_PROTO_TASK:    mr[2] = UTCB area (memory flexpage) */
/*   L4_PROTO_THREAD:  nothing */
/*   L4_PROTO_KOBJECT: an IPC gate; mr[2] = thread sel (or invalid), mr[3] = label */
/*   L4_PROTO_IRQ:     nothing (a virtual IRQ) */
/*   L4_PROTO_FACTORY: mr[2] = quota in bytes, taken from this factory's */
/*   L4_PROTO_SCHEDULER: mr[2] = parent scheduler sel (needs W), mr[3] = limit,
 *                       mr[4] = base: runs threads at min(prio + base, limit)
 *                       within the parent's range; limit < base: -L4_EINVAL */
/* Reply of a factory: label 0 or -error; mr[0] = bytes left in the quota. */

/* IPC gate (L4_PROTO_KOBJECT through a gate capability with S right). */
#define L4_GATE_BIND_OP	    0UL /* mr[1] = thread sel, mr[2] = label (low 2 bits must be 0) */
#define L4_GATE_GET_INFO_OP 1UL /* reply: mr[0] = label */

/* IRQ (L4_PROTO_IRQ). */
#define L4_IRQ_ATTACH_OP  0UL /* mr[1] = thread sel (or invalid to detach), mr[2] = label */
#define L4_IRQ_TRIGGER_OP 1UL /* make it pending (virtual IRQ); needs W */
#define L4_IRQ_UNMASK_OP  2UL /* re-enable after delivery (hardware: unmask the line) */

/* ICU (L4_PROTO_ICU): hardware interrupt lines. */
#define L4_ICU_BIND_OP	 0UL /* mr[1] = INTID (SPI), mr[2] = IRQ sel */
#define L4_ICU_UNBIND_OP 1UL /* mr[1] = INTID */
#define L4_ICU_INFO_OP	 2UL /* reply: mr[0] = number of lines (INTIDs 32..) */

/* Scheduler (L4_PROTO_SCHEDULER). */
#define L4_SCHED_RUN_THREAD_OP                                                          \
	0UL			  /* mr[1] = thread sel, mr[2] = priority, mr[3] = CPU, \
				   * mr[4] = time slice in microseconds (0: default) */
#define L4_SCHED_IDLE_TIME_OP 1UL /* mr[1] = CPU; reply: mr[0] = idle time ns */
#define L4_SCHED_INFO_OP                                                    \
	2UL /* reply: mr[0] = CPUs, mr[1] = highest priority, mr[2] = base, \
	     * mr[3] = limit (this scheduler's range of real priorities) */
#define L4_SCHED_CLOCK_OP                                                      \
	3UL /* reply: mr[0] = Unix time (s) when the counter was 0; 0: unknown \
	     */
/* Tern (Fiasco has it in the KIP): reply mr[0] = length, mr[1..] = the kernel's version
 * string, the first line of its boot banner (UTF-8, not terminated); needs R */
#define L4_SCHED_VERSION_OP 4UL
#define L4_SCHED_MAX_PRIO   255

/* ---- page faults and exceptions (messages the kernel sends) ------------- */

/* Page fault: label L4_PROTO_PF, mr[0] = address | L4_PF_*, mr[1] = pc. */
#define L4_PF_X	      0x1UL
#define L4_PF_W	      0x2UL
#define L4_PF_ADDR(w) ((w) & ~7UL)
/* Exception: label L4_PROTO_EXCEPTION, L4_EXC_WORDS words; a reply of at
 * least L4_EXC_REPLY_WORDS words sets x0..x30, sp, pc and the NZCV flags. */
#define L4_EXC_X(n)	   (n)
#define L4_EXC_SP	   31
#define L4_EXC_PC	   32
#define L4_EXC_PSTATE	   33
#define L4_EXC_ESR	   34
#define L4_EXC_FAR	   35
#define L4_EXC_WORDS	   36
#define L4_EXC_REPLY_WORDS 34

/* ---- errors --------------------------------------------------------------- */

/* IPC-level errors, in the UTCB error register when L4_MSGTAG_ERROR is set. */
enum l4_ipc_error {
	L4_IPC_ENOT_EXISTENT = 1, /* no object behind the selector, or it was deleted */
	L4_IPC_EMSGTOOLONG = 2,	  /* words + 2 * items exceed the message registers */
	L4_IPC_EBADFLAGS = 3,	  /* invoke flags the object does not support */
	L4_IPC_SETIMEOUT = 4,	  /* send timeout expired */
	L4_IPC_RETIMEOUT = 5,	  /* receive timeout expired */
	L4_IPC_SECANCELED = 6,	  /* send phase cancelled (ex_regs, deletion) */
	L4_IPC_RECANCELED = 7,	  /* receive phase cancelled */
	L4_IPC_EBADFPAGE = 8,	  /* malformed flexpage or item */
	L4_IPC_EMAPFAILED = 9,	  /* no receive window for an item, or out of memory */
	L4_IPC_ENOREPLY = 10,	  /* reply: nobody waits for one */
};

/* Results of kernel object operations (reply label): 0 or -L4_E*, as L4Re. */
enum l4_status {
	L4_EOK = 0,
	L4_EPERM = 1,
	L4_ENOENT = 2,
	L4_EIO = 5,	/* ned's command channel: the Lua text raised an error */
	L4_EAGAIN = 11, /* not yet: a namespace name reserved but not registered (moe) */
	L4_ENOMEM = 12,
	L4_EBUSY = 16,
	L4_EEXIST = 17,
	L4_EINVAL = 22,
	L4_ERANGE = 34,
	L4_ENOSYS = 38,
	L4_EBADPROTO = 39,
	L4_EADDRNOTAVAIL = 99, /* no free range found (region map search) */
};
