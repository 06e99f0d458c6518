/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel objects and the capabilities that name them.
 *
 * Two counts keep an object: caps, the capability slots that name it (when
 * it drops to zero the object is deleted: a thread stops, a task ends), and
 * refs, the kernel's own references to its memory (bindings, queues, an
 * operation in progress, plus one while it is not deleted). Memory is freed
 * when refs reaches zero, so a deleted object can still be looked at safely
 * by whoever holds a reference.
 */
#pragma once

#include "tern/syscall.h"
#include "tern/vcpu.h"
#include "types.h"

/* Values match L4_OBJ_* (answers of L4_TASK_CAP_INFO_OP). */
enum kobject_type {
	KOBJ_NONE = 0,
	KOBJ_TASK = L4_OBJ_TASK,
	KOBJ_THREAD = L4_OBJ_THREAD,
	KOBJ_FACTORY = L4_OBJ_FACTORY,
	KOBJ_GATE = L4_OBJ_GATE,
	KOBJ_IRQ = L4_OBJ_IRQ,
	KOBJ_VCON = L4_OBJ_VCON,
	KOBJ_SCHEDULER = L4_OBJ_SCHEDULER,
	KOBJ_ICU = L4_OBJ_ICU,
	KOBJ_VM = L4_OBJ_VM, /* a struct task with a stage-2 address space */
	KOBJ_TYPES,
};

/* Capability rights: the bits of L4_CAP_FPAGE_*. */
#define CAP_W	L4_CAP_FPAGE_W
#define CAP_S	L4_CAP_FPAGE_S
#define CAP_R	L4_CAP_FPAGE_R
#define CAP_D	L4_CAP_FPAGE_D
#define CAP_ALL (CAP_R | CAP_W | CAP_S | CAP_D)

struct factory;
struct mapnode;
struct thread;

struct kobject {
	u8 type;
	bool deleted;
	bool permanent; /* boot-time objects (Vcon, scheduler, ICU): never freed */
	u32 caps;
	u32 refs;
	struct factory *factory;  /* charged to; NULL for the kernel's own objects */
	u64 charge;		  /* bytes charged to factory, credited back when freed */
	struct mapnode *cap_root; /* every capability to it derives from this one */
};

/* refs = 1 (alive); takes a reference on f, to which charge was already charged. */
void kobject_init(struct kobject *o, enum kobject_type type, struct factory *f, u64 charge);
/*
 * A new object of size bytes (its struct kobject first), zeroed and
 * initialised, charged to f: its slab size plus extra bytes of what it holds
 * besides. NULL when the quota or the memory is spent.
 */
void *kobject_alloc(enum kobject_type type, struct factory *f, size_t size, u64 extra) __must_check;
static inline void kobject_get(struct kobject *o)
{
	o->refs++;
}
void kobject_put(struct kobject *o);
/* Delete the object now (idempotent): type-specific teardown, then drop its own ref. */
void kobject_delete(struct kobject *o);

/* Per-type behaviour, registered in kobject.c. */
typedef u64 (*kobject_invoke_fn)(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
u64 kobject_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);

/* Reply tag of a kernel operation: label = result, words returned in MRs. */
static inline u64 kobject_reply(long result, unsigned words)
{
	return L4_MSGTAG(result, words, 0, 0);
}
