// SPDX-License-Identifier: BSD-2-Clause
/* Tasks: creation with a UTCB area, the task protocol, deletion. */
#include <string.h>

#include "arch/memlayout.h"
#include "arch/page_zero.h"
#include "console.h"
#include "factory.h"
#include "mem_space.h"
#include "page_alloc.h"
#include "panic.h"
#include "slab.h"
#include "task.h"
#include "thread.h"
#include "vcpu.h"

_Static_assert(sizeof(struct task) <= 2048, "a task fits a slab object");

static u32 task_next_id = 1;

static void task_free_utcbs(struct task *t)
{
	for (unsigned i = 0; i < t->utcb_pages; i++) {
		paddr_t pa;
		if (vspace_lookup(&t->vs, t->utcb_base + i * PAGE_SIZE, &pa, NULL, NULL))
			page_alloc_put(&kernel_pages, pa, 0);
	}
}

struct task *task_create(struct factory *f, const char *name, uaddr_t utcb_base,
			 unsigned utcb_order, long *err)
{
	*err = -L4_EINVAL;
	if (utcb_order < PAGE_SHIFT || utcb_order > TASK_UTCB_MAX_ORDER ||
	    !IS_ALIGNED(utcb_base, 1UL << utcb_order) || utcb_base >= USER_VA_END ||
	    (1UL << utcb_order) > USER_VA_END - utcb_base)
		return NULL;
	*err = -L4_ENOMEM;
	struct task *t = kobject_alloc(KOBJ_TASK, f, sizeof(*t), 1UL << utcb_order);
	if (!t)
		return NULL;
	list_init(&t->threads);
	t->id = task_next_id++;
	size_t n = strnlen(name, sizeof(t->name) - 1);
	memcpy(t->name, name, n);
	t->utcb_base = utcb_base;
	if (vspace_init(&t->vs, f, false) != 0) {
		/* Nothing of the spaces exists yet: free directly. */
		t->vs.root = 0;
		kobject_delete(&t->obj);
		return NULL;
	}
	/* UTCB pages are the kernel's: mapped without a mapping node, never unmappable. */
	for (unsigned i = 0; i < (1U << (utcb_order - PAGE_SHIFT)); i++) {
		paddr_t pa = page_alloc_get(&kernel_pages, 0);
		if (pa == PADDR_INVALID || vspace_map_page(&t->vs, utcb_base + i * PAGE_SIZE, pa,
							   VSPACE_R | VSPACE_W, false, NULL) != 0) {
			if (pa != PADDR_INVALID)
				page_alloc_put(&kernel_pages, pa, 0);
			kobject_delete(&t->obj);
			return NULL;
		}
		page_zero(pa_to_kva(pa), PAGE_SIZE);
		t->utcb_pages++;
	}
	*err = 0;
	return t;
}

struct task *task_create_from_factory(struct factory *f, u64 utcb_fpage, long *err)
{
	if (L4_FPAGE_TYPE(utcb_fpage) != L4_FPAGE_MEMORY) {
		*err = -L4_EINVAL;
		return NULL;
	}
	return task_create(f, "", L4_FPAGE_BASE(utcb_fpage), L4_FPAGE_ORDER(utcb_fpage), err);
}

struct l4_utcb *task_utcb_claim(struct task *t, uaddr_t uva)
{
	paddr_t pa;

	if (uva < t->utcb_base || !IS_ALIGNED(uva, PAGE_SIZE))
		return NULL;
	u64 i = (uva - t->utcb_base) / PAGE_SIZE;
	if (i >= t->utcb_pages || (t->utcb_used & (1UL << i)))
		return NULL;
	if (!vspace_lookup(&t->vs, uva, &pa, NULL, NULL))
		return NULL;
	t->utcb_used |= 1UL << i;
	page_zero(pa_to_kva(pa), PAGE_SIZE);
	return pa_to_kva(pa);
}

void task_utcb_release(struct task *t, uaddr_t uva)
{
	t->utcb_used &= ~(1UL << ((uva - t->utcb_base) / PAGE_SIZE));
}

void task_destroy(struct kobject *obj)
{
	struct task *t = (struct task *)obj;

	/* Threads first (they stop using the spaces), then capabilities, then memory. */
	while (!list_empty(&t->threads)) {
		struct thread *th = list_entry(t->threads.next, struct thread, task_link);
		thread_unbind(th);
	}
	cap_space_destroy(t);
	if (obj->type == KOBJ_VM)
		vcpu_vm_destroyed(t);
	if (t->vs.root) {
		task_free_utcbs(t);
		mem_space_destroy(t);
	}
}

void task_free(struct kobject *obj)
{
	slab_free(obj, sizeof(struct task));
}

/* ---- the task protocol -------------------------------------------------- */

static u64 task_op_map(struct task *dst, u8 rights, struct thread *caller, unsigned words)
{
	struct l4_utcb *u = caller->utcb;
	u8 src_rights;

	if (words < 4)
		return kobject_reply(-L4_EINVAL, 0);
	if (!(rights & CAP_W))
		return kobject_reply(-L4_EPERM, 0);
	struct kobject *so = cap_object(caller->task, u->mr[1], &src_rights);
	if (!so || so->type != KOBJ_TASK)
		return kobject_reply(-L4_EINVAL, 0);
	/* Granting takes from the source: that changes it, so it needs W there too. */
	if (!(src_rights & CAP_R) || ((u->mr[3] & L4_ITEM_GRANT) && !(src_rights & CAP_W)))
		return kobject_reply(-L4_EPERM, 0);
	struct task *src = (struct task *)so;
	u64 fp = u->mr[2], dest = u->mr[3];
	unsigned order = L4_FPAGE_ORDER(fp);
	bool grant = dest & L4_ITEM_GRANT; /* the low bits of the destination, as in a map item */
	long err;

	if (L4_FPAGE_TYPE(fp) == L4_FPAGE_OBJ) {
		if (dst->obj.type == KOBJ_VM)
			return kobject_reply(-L4_EINVAL, 0); /* a Vm has memory only */
		if (order > 16 || !IS_ALIGNED(L4_FPAGE_BASE(fp) >> L4_CAP_SHIFT, 1UL << order))
			return kobject_reply(-L4_EINVAL, 0);
		u64 dslot = ALIGN_DOWN(dest >> L4_CAP_SHIFT, 1UL << order);
		err = cap_map(src, fp, dst, dslot << L4_CAP_SHIFT, grant);
	} else if (mem_fpage_valid(fp)) {
		u64 dva = ALIGN_DOWN(dest, 1UL << order);
		if (dva >= USER_VA_END || (1UL << order) > USER_VA_END - dva)
			return kobject_reply(-L4_EINVAL, 0);
		err = mem_map(src, L4_FPAGE_BASE(fp), order, L4_FPAGE_RIGHTS(fp), dst, dva, grant);
	} else {
		return kobject_reply(-L4_EINVAL, 0);
	}
	return kobject_reply(err, 0);
}

static u64 task_op_unmap(struct task *t, u8 rights, struct thread *caller, unsigned words)
{
	struct l4_utcb *u = caller->utcb;
	u64 fp = u->mr[1], flags = words >= 3 ? u->mr[2] : 0;

	if (words < 2)
		return kobject_reply(-L4_EINVAL, 0);
	if (!(rights & CAP_W))
		return kobject_reply(-L4_EPERM, 0);
	if (flags & ~(L4_FP_ALL_SPACES | L4_FP_DELETE_OBJ))
		return kobject_reply(-L4_EINVAL, 0);
	if (L4_FPAGE_TYPE(fp) == L4_FPAGE_OBJ) {
		if (L4_FPAGE_ORDER(fp) > 16 ||
		    !IS_ALIGNED(L4_FPAGE_BASE(fp) >> L4_CAP_SHIFT, 1UL << L4_FPAGE_ORDER(fp)))
			return kobject_reply(-L4_EINVAL, 0);
		return kobject_reply(cap_unmap(t, fp, flags), 0);
	} else if (mem_fpage_valid(fp)) {
		mem_unmap(t, fp, flags);
	} else {
		return kobject_reply(-L4_EINVAL, 0);
	}
	return kobject_reply(0, 0);
}

static u64 task_op_cap_info(struct task *t, u8 rights, struct thread *caller, unsigned words)
{
	struct l4_utcb *u = caller->utcb;

	if (words < 2)
		return kobject_reply(-L4_EINVAL, 0);
	if (!(rights & CAP_R))
		return kobject_reply(-L4_EPERM, 0);
	if ((u->mr[1] >> L4_CAP_SHIFT) >= L4_CAP_SLOTS)
		return kobject_reply(-L4_EINVAL, 0);
	u8 r = 0;
	struct kobject *o = cap_object(t, u->mr[1], &r);
	u->mr[0] = o ? o->type : 0;
	u->mr[1] = o ? r : 0;
	return kobject_reply(0, 2);
}

static u64 task_op_exit(struct task *t, u8 rights, struct thread *caller, unsigned words)
{
	long code = words >= 2 ? (long)caller->utcb->mr[1] : 0;

	if (!(rights & CAP_D))
		return kobject_reply(-L4_EPERM, 0);
	kprintf("[kernel] task %u (%s) exited with code %ld\n", t->id, t->name, code);
	cap_revoke_object(&t->obj);
	/* Only reached when the caller is not one of t's threads. */
	return kobject_reply(0, 0);
}

u64 task_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	struct task *t = (struct task *)obj;
	unsigned words = L4_MSGTAG_WORDS(tag);

	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_TASK)
		return kobject_reply(-L4_EBADPROTO, 0);
	if (words < 1)
		return kobject_reply(-L4_EINVAL, 0);
	u64 op = caller->utcb->mr[0];
	if (obj->type == KOBJ_VM && op != L4_TASK_MAP_OP && op != L4_TASK_UNMAP_OP)
		return kobject_reply(-L4_ENOSYS, 0);
	switch (op) {
	case L4_TASK_MAP_OP: return task_op_map(t, rights, caller, words);
	case L4_TASK_UNMAP_OP: return task_op_unmap(t, rights, caller, words);
	case L4_TASK_CAP_INFO_OP: return task_op_cap_info(t, rights, caller, words);
	case L4_TASK_EXIT_OP: return task_op_exit(t, rights, caller, words);
	default: return kobject_reply(-L4_ENOSYS, 0);
	}
}
