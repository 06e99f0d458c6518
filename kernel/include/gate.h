/* SPDX-License-Identifier: BSD-2-Clause */
/* IPC gates: a kernel-protected label and the thread that receives through the gate. */
#pragma once

#include "kobject.h"

struct ipc_gate {
	struct kobject obj;
	struct thread *thread; /* a reference, or NULL while unbound */
	u64 label;	       /* low two bits zero: they carry the sender's rights */
};

struct ipc_gate *gate_create(struct factory *f, struct thread *caller, u64 thread_sel, u64 label,
			     long *err) __must_check;
/* A gate the kernel makes at boot (moe's pager), charged to nobody. */
struct ipc_gate *gate_create_kernel(struct thread *t, u64 label) __must_check;
u64 gate_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
void gate_destroy(struct kobject *obj);
void gate_free(struct kobject *obj);
