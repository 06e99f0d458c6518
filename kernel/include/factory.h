/* SPDX-License-Identifier: BSD-2-Clause */
/* Factories: create kernel objects and charge them to a kernel-memory quota. */
#pragma once

#include "kobject.h"

struct factory {
	struct kobject obj;
	u64 limit, used;
};

/* Charge bytes to f (NULL: the kernel's own, unlimited); -L4_ENOMEM when spent. */
int quota_charge(struct factory *f, u64 bytes) __must_check;
void quota_credit(struct factory *f, u64 bytes);

/* The root task's factory (quota: ROOT_FACTORY_QUOTA). */
#define ROOT_FACTORY_QUOTA (64UL << 20)
struct factory *factory_create_root(void);

u64 factory_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
void factory_free(struct kobject *obj);
