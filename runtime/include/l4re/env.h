/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The initial environment of a program that moe starts (as L4Re's l4re_env):
 * capability slots beyond the kernel's L4_BASE_*_CAP ones, and the protocols
 * of moe's objects. docs/runtime.md describes them.
 */
#pragma once

#include <l4/sys/ipc.h>

/* Slots 1..7 as the kernel's (task, factory, thread, pager = region map, log, ICU, scheduler). */
#define L4RE_PARENT_CAP	   (8UL << L4_CAP_SHIFT)  /* moe: exit notification */
#define L4RE_MEM_ALLOC_CAP (9UL << L4_CAP_SHIFT)  /* moe: memory allocator (a factory) */
#define L4RE_RM_CAP	   (10UL << L4_CAP_SHIFT) /* the region map (also the pager) */
#define L4RE_ROM_CAP	   (11UL << L4_CAP_SHIFT) /* the rom namespace */
/* moe: the loader, only in init (ned) and programs handed one (docs/runtime.md) */
#define L4RE_LOADER_CAP	    (12UL << L4_CAP_SHIFT)
#define L4RE_FIRST_FREE_CAP (16UL << L4_CAP_SHIFT)

/*
 * Slots above: 16..23 the loader's named capabilities; the C library's rom
 * files 56..63; l4re_cap_alloc() (l4re/cap_alloc.h, used by l4re/thread.h
 * and ned) hands out 1024..4095, which nothing else uses; the heap's
 * dataspaces 4096..4607 (heap.c), the thread stacks' 4608..4623 (thread.c,
 * one per UTCB slot). Fixed choices of a program's own belong in
 * 24..55 or 64..1023.
 */
#define L4RE_CAP_ALLOC_FIRST 1024UL
#define L4RE_CAP_ALLOC_END   4096UL /* one past the last */

/* In the environment (envp) of programs moe starts: their parent waits for their exit. */
#define L4RE_ENV_PARENT "L4RE_PARENT=1"

/* Protocols of moe's objects (positive tag labels). */
#define L4RE_PROTO_PARENT   0x4000L
#define L4RE_PARENT_EXIT_OP 0UL /* mr[1] = exit code; the caller's task ends, no reply */

#define L4RE_PROTO_DATASPACE 0x4001L
#define L4RE_DS_SIZE_OP	     0UL /* reply mr[0] = size in bytes */

#define L4RE_PROTO_RM 0x4002L
/* mr[1] = address (hint with L4RE_RM_SEARCH), mr[2] = size (0: the whole dataspace),
 * mr[3] = L4RE_RM_* flags, mr[4] = offset in the dataspace; one item: the dataspace.
 * Reply mr[0] = the address. */
#define L4RE_RM_ATTACH_OP 0UL
#define L4RE_RM_DETACH_OP 1UL /* mr[1] = an address inside the region */
/* mr[1] = address (hint with L4RE_RM_SEARCH), mr[2] = size, mr[3] = flags; reply mr[0] = address */
#define L4RE_RM_RESERVE_OP   2UL
#define L4RE_RM_FREE_AREA_OP 3UL /* mr[1] = an address inside the area; -L4_EBUSY while in use */
#define L4RE_RM_R	     0x1U
#define L4RE_RM_W	     0x2U
#define L4RE_RM_X	     0x4U
#define L4RE_RM_SEARCH	     0x10U
#define L4RE_RM_IN_AREA	     0x20U /* attach: inside the reserved area holding the address */
/* reserve: the area's pages nothing is attached to are guard pages (moe reports a fault there
 * as a stack overflow) */
#define L4RE_RM_GUARD 0x40U

#define L4RE_PROTO_NAMESPACE 0x4003L
/* mr[1] = name length, mr[2..] = name bytes; the reply maps the capability
 * into the caller's object window (br[1]). */
#define L4RE_NS_QUERY_OP 0UL
/* mr[1] = name length, mr[2] = flags (L4RE_NS_REPLACE, L4RE_NS_PLACEHOLDER), mr[3..] = name;
 * one item: the capability, whose rights are what later queries get. Needs W.
 * L4RE_NS_PLACEHOLDER: no item; the name is reserved and queries of it answer
 * -L4_EAGAIN until a registration (no L4RE_NS_REPLACE needed) fills it. */
#define L4RE_NS_REGISTER_OP 1UL
/* mr[1] = name length, mr[2..] = name: the name goes, and moe's capability with it. Needs W. */
#define L4RE_NS_UNLINK_OP   2UL
#define L4RE_NS_REPLACE	    0x2UL
#define L4RE_NS_PLACEHOLDER 0x4UL

/*
 * The memory allocator (L4RE_MEM_ALLOC_CAP; ned's L4.Env.mem_alloc and
 * user_factory) speaks the factory protocol, label L4_PROTO_FACTORY, as a
 * user-level factory: mr[0] = the protocol of the object to make, mr[1..] =
 * its arguments; the new object comes back mapped into the caller's object
 * receive window (br[1]). Needs W. Arguments are typed (l4re/factory.h).
 * What it makes:
 *   L4RE_PROTO_DATASPACE  size: anonymous zeroed memory, charged in full to
 *                         the program's quota now (-L4_ENOMEM beyond it)
 *   L4RE_PROTO_NAMESPACE  an empty namespace
 *   L4_PROTO_SCHEDULER    limit, base: a scheduler that runs a thread asked
 *                         for priority p at min(p + base, limit)
 *   L4_PROTO_LOG          tag, colour (name or 0..15), flags: a log
 */
#define L4RE_MAIN_THREAD_PRIO 2 /* relative: what moe asks a program's own scheduler for */

/*
 * The loader protocol, on a loader object (L4RE_LOADER_CAP; moe starts
 * programs for its holder, the starter, whose children they are).
 */
#define L4RE_PROTO_LOADER 0x4004L
/* mr[1] = block length, mr[2..] = "tag\0prog\0args...\0\0capname...\0option\0..." with options
 * "mem=BYTES", "env=NAME=VALUE" (at most 16: the program's environment after moe's
 * own, a name without '=' and not starting with "L4RE_", else -L4_EINVAL), "log_color=N"
 * (L4Re's colour 0..15) and "log_flag=F" (cons's flags, kept with the log); item i: the
 * capability named i-th, with send base i << 12. Reply mr[0] = handle. Names
 * "@scheduler", "@factory", "@mem_alloc", "@log" and "@loader" replace that
 * slot of the initial environment instead of becoming named capabilities. A
 * loader capability passed on gives the child a loader of its own. mem= may
 * not exceed the starter's quota (-L4_EPERM); without it the child gets the
 * default quota or, if smaller, the starter's. Handles name only the
 * starter's own children (-L4_ENOENT for others). */
#define L4RE_LOADER_START_OP 0UL
#define L4RE_LOADER_STATE_OP 1UL /* mr[1] = handle; reply mr[0] = running, mr[1] = exit code */
#define L4RE_LOADER_KILL_OP  2UL /* mr[1] = handle */

/* Where moe puts a program: stack below USER_STACK_TOP, UTCBs at the usual place. */
#define L4RE_STACK_TOP	0x0000800000000000UL
#define L4RE_STACK_SIZE (64UL << 10)
#define L4RE_UTCB_AREA	0x0000700000000000UL
#define L4RE_UTCB_ORDER 16 /* 16 UTCB pages: the main thread and 15 more */

/* The capability the loader named name (L4RE_CAP_<name> in the environment), or L4_INVALID_CAP. */
l4_cap_idx_t l4re_env_get_cap(const char *name);
