/* SPDX-License-Identifier: BSD-2-Clause */
/* System-call entry: decode the invocation, look up the capability, dispatch. */
#pragma once

#include "arch/frame.h"
#include "kobject.h"

struct thread;

/* An object type's handler: gets the request tag, returns the reply tag. */
typedef u64 (*kobject_invoke_fn)(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);

void syscall_handle(struct trap_frame *f);

u64 vcon_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
u64 task_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
