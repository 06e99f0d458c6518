/* SPDX-License-Identifier: BSD-2-Clause */
/* Factories: create kernel objects and charge them to a kernel-memory quota. */
#pragma once

#include "kobject.h"

struct factory {
	struct kobject obj;
	u64 limit, used;
};

/* Charge bytes to f (NULL: the kernel's own, unlimited); -L4_ENOMEM when spent. */
/* In line: every mapping charges a node. */
static inline __must_check int quota_charge(struct factory *f, u64 bytes)
{
	if (!f)
		return 0;
	if (bytes > f->limit - f->used)
		return -L4_ENOMEM;
	f->used += bytes;
	return 0;
}

static inline void quota_credit(struct factory *f, u64 bytes)
{
	if (f)
		f->used -= bytes;
}

/* The root task's factory (quota: ROOT_FACTORY_QUOTA). */
#define ROOT_FACTORY_QUOTA (64UL << 20)
struct factory *factory_create_root(void);

u64 factory_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
void factory_free(struct kobject *obj);
