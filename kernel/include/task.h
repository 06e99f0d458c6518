/* SPDX-License-Identifier: BSD-2-Clause */
/* Tasks: an address space, an object space of capabilities, and threads. */
#pragma once

#include "arch/vspace.h"
#include "kobject.h"

#define TASK_CAPS 64

struct task {
	struct kobject obj;
	struct vspace vs;
	struct cap caps[TASK_CAPS];
	unsigned nthreads;
	u32 id;
	char name[24];
};

struct task *task_create(const char *name) __must_check;
/* Insert a capability at slot index; replaces nothing (the slot must be empty). */
int task_cap_set(struct task *t, unsigned slot, struct kobject *obj, u8 rights) __must_check;
struct cap *task_cap_lookup(struct task *t, u64 selector);
/* End every thread of the task; the task is freed when the last one is gone. */
void task_terminate(struct task *t, const char *why);
void task_put(struct task *t);

extern struct kobject vcon_object;
