/* SPDX-License-Identifier: BSD-2-Clause */
/* Tasks: an address space, an object space of capabilities, and the threads bound to it. */
#pragma once

#include "arch/vspace.h"
#include "cap.h"
#include "kobject.h"
#include "list.h"

struct vcpu;

#define TASK_UTCB_MAX_ORDER 18 /* 64 UTCB pages: 64 threads */

struct task {
	struct kobject obj;
	struct vspace vs;
	struct cap_space caps;
	struct list threads; /* bound threads (thread.task_link) */
	uaddr_t utcb_base;
	unsigned utcb_pages;
	u64 utcb_used;		/* bitmap of UTCB pages bound to a thread */
	bool sigma0;		/* the first task: device MMIO is mapped to it 1:1 on fault */
	u64 cntvoff;		/* a Vm: CNTVOFF_EL2 of its guest */
	struct vcpu *vcpus[16]; /* a Vm: its vCPUs by MPIDR Aff0, for SGIs (vcpu.c) */
	u32 id;
	char name[24];
};

/* A task with a UTCB area of 2^utcb_order bytes at utcb_base; charged to f. */
/* The node in slot sel of t, or NULL (every system call asks: inline). */
static inline struct mapnode *cap_lookup(struct task *t, u64 sel)
{
	return cap_space_lookup(&t->caps, sel);
}

/* The live object behind sel in t and the capability's rights, or NULL. */
static inline struct kobject *cap_object(struct task *t, u64 sel, u8 *rights)
{
	struct mapnode *n = cap_lookup(t, sel);

	if (!n || n->obj->deleted)
		return NULL;
	if (rights)
		*rights = n->rights;
	return n->obj;
}

struct task *task_create(struct factory *f, const char *name, uaddr_t utcb_base,
			 unsigned utcb_order, long *err) __must_check;
/* For the factory: utcb_fpage is the UTCB area as a memory flexpage. */
struct task *task_create_from_factory(struct factory *f, u64 utcb_fpage, long *err) __must_check;
/* The kernel address of the UTCB page at uva, if uva is a free UTCB page of t. */
struct l4_utcb *task_utcb_claim(struct task *t, uaddr_t uva);
void task_utcb_release(struct task *t, uaddr_t uva);

u64 task_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
void task_destroy(struct kobject *obj);
void task_free(struct kobject *obj);

/* The kernel's permanent objects, shared by every task that has a capability. */
extern struct kobject vcon_object, scheduler_object, icu_object;
