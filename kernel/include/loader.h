/* SPDX-License-Identifier: BSD-2-Clause */
/* Starting the first user program (the root task) from an ELF boot module. */
#pragma once

#include "types.h"

/* User address-space layout of the root task (docs/boot.md). */
#define USER_IMAGE_MIN	 0x10000UL	      /* nothing is mapped below */
#define USER_IMAGE_END	 0x0000700000000000UL /* ELF segments stay below */
#define USER_UTCB_BASE	 0x0000700000000000UL
#define USER_UTCB_ORDER	 18 /* 64 UTCB pages */
#define USER_STACK_TOP	 0x0000800000000000UL
#define USER_STACK_PAGES 16

struct task;
struct thread;

struct loaded {
	struct task *task;
	struct thread *thread;
};

/*
 * Load the ELF file (len bytes) as a new task called name, with a stack that
 * holds argv[0..argc), a UTCB area, and a thread bound to it, ready to start
 * at the entry point. Its object space holds its task and thread (at
 * L4_BASE_TASK_CAP and L4_BASE_THREAD_CAP); the caller adds the rest and then
 * runs it. Returns NULL or why the program was rejected.
 */
const char *loader_load(const char *name, const void *elf, size_t len, int argc,
			const char *const *argv, struct loaded *out) __must_check;
/* Make the loaded thread ready at priority prio. */
void loader_run(struct loaded *l, unsigned prio);
