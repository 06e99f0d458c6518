/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The sigma0 protocol (label L4_PROTO_SIGMA0): how the root task (moe) gets
 * memory from sigma0, the root pager. Memory is handed out once, first come,
 * first served; it is never taken back.
 */
#pragma once

#include <l4/sys/ipc.h>

#define L4_PROTO_SIGMA0 (-6L)

/*
 * Anonymous RAM: mr[1] = order (12 .. 22). The reply carries one map item of
 * 2^order bytes whose send base is the physical address: with a receive
 * window of the whole address space it lands 1:1. Reply label -L4_ENOMEM
 * when no aligned block of that size is left.
 */
#define SIGMA0_OP_ANON 0UL
/* Reply mr[0] = free bytes, mr[1] = total bytes of RAM sigma0 owns. */
#define SIGMA0_OP_INFO 2UL
/* The system is done: sigma0 ends (needs the W right on its gate). */
#define SIGMA0_OP_SHUTDOWN 3UL

#define SIGMA0_MAX_ORDER 22
