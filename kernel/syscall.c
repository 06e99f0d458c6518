// SPDX-License-Identifier: BSD-2-Clause
/*
 * System calls. Decode first (selector, flags, tag) and fail with an error
 * code before any side effect; then invoke the object, which cannot be
 * reached with unchecked input. See docs/abi.md.
 */
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "tern/syscall.h"

static u64 invoke_unsupported(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	(void)obj, (void)rights, (void)caller, (void)tag;
	return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
}

static const kobject_invoke_fn invoke_table[KOBJ_TYPES] = {
	[KOBJ_TASK] = task_invoke,
	[KOBJ_THREAD] = invoke_unsupported,
	[KOBJ_VCON] = vcon_invoke,
};

static u64 ipc_error(struct thread *t, enum l4_ipc_error e)
{
	thread_utcb(t)->tcr[L4_UTCB_TCR_ERROR] = e;
	return L4_MSGTAG_ERROR;
}

void syscall_handle(struct trap_frame *f)
{
	struct thread *self = this_cpu()->current;
	u64 dest = f->x[0], tag = f->x[1];
	unsigned flags = dest & ~L4_CAP_MASK;
	u64 reply;

	struct cap *cap = task_cap_lookup(self->task, dest & L4_CAP_MASK);
	if (!cap)
		reply = ipc_error(self, L4_IPC_ENOT_EXISTENT);
	else if (L4_MSGTAG_WORDS(tag) > L4_UTCB_MRS)
		reply = ipc_error(self, L4_IPC_EMSGTOOLONG);
	else if (flags != L4_SYSF_CALL)
		/* Kernel objects answer calls only (Fiasco behaves the same). */
		reply = ipc_error(self, L4_IPC_EBADFLAGS);
	else
		reply = invoke_table[cap->obj->type](cap->obj, cap->rights, self, tag);

	f->x[0] = reply;
	f->x[1] = 0;
}
