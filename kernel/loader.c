// SPDX-License-Identifier: BSD-2-Clause
/*
 * The kernel's ELF loader for the first program. Validation is elf_parse's;
 * this file allocates pages, copies segments in, builds the initial stack
 * (argc, argv) and the initial object space.
 */
#include <string.h>

#include "arch/memlayout.h"
#include "arch/page_zero.h"
#include "elf.h"
#include "loader.h"
#include "factory.h"
#include "mem_space.h"
#include "page_alloc.h"
#include "panic.h"
#include "sched.h"
#include "task.h"
#include "tern/syscall.h"
#include "thread.h"

#define ARG_AREA 2048 /* bytes of the top stack page used for argv */

static unsigned elf_to_vspace_perms(unsigned f)
{
	return (f & ELF_SEG_R ? VSPACE_R : 0) | (f & ELF_SEG_W ? VSPACE_W : 0) |
	       (f & ELF_SEG_X ? VSPACE_X : 0);
}

/* A fresh zeroed page, mapped as a root mapping the task owns; its kernel address. */
static u8 *map_fresh_page(struct task *t, uaddr_t va, unsigned perms)
{
	paddr_t pa = page_alloc_get(&kernel_pages, 0);

	if (pa == PADDR_INVALID)
		return NULL;
	page_zero(pa_to_kva(pa), PAGE_SIZE);
	if (mem_insert_root(t, va, pa, perms, true, false) != 0) {
		page_alloc_put(&kernel_pages, pa, 0);
		return NULL;
	}
	return pa_to_kva(pa);
}

static int load_segment(struct task *t, const u8 *file, const struct elf_segment *s)
{
	uaddr_t start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	uaddr_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);

	for (uaddr_t va = start; va < end; va += PAGE_SIZE) {
		u8 *page = map_fresh_page(t, va, elf_to_vspace_perms(s->flags));
		if (!page)
			return -L4_ENOMEM;
		/* The part of [vaddr, vaddr + filesz) that falls in this page. */
		u64 lo = MAX(va, s->vaddr), hi = MIN(va + PAGE_SIZE, s->vaddr + s->filesz);
		if (lo < hi)
			memcpy(page + (lo - va), file + s->offset + (lo - s->vaddr), hi - lo);
	}
	return 0;
}

/* Copy argv into the top of the stack page; returns the user sp and argv address. */
static bool build_args(u8 *top_page, int argc, const char *const *argv, u64 *sp, u64 *uargv)
{
	uaddr_t page_va = USER_STACK_TOP - PAGE_SIZE;
	u64 strings = PAGE_SIZE; /* offsets into the page, growing down */
	u64 ptrs[17];

	if (argc > (int)ARRAY_SIZE(ptrs) - 2)
		return false;
	for (int i = argc - 1; i >= 0; i--) {
		size_t n = strlen(argv[i]) + 1;
		if (n > strings - (PAGE_SIZE - ARG_AREA))
			return false;
		strings -= n;
		memcpy(top_page + strings, argv[i], n);
		ptrs[i] = page_va + strings;
	}
	ptrs[argc] = 0;
	ptrs[argc + 1] = 0; /* an empty environment */
	/* At the initial sp: argc, argv[0..argc], envp[] (docs/abi.md, "Program start"). */
	u64 array = ALIGN_DOWN(strings - (u64)(argc + 3) * 8, 16);
	u64 argc64 = (u64)argc;
	memcpy(top_page + array, &argc64, 8);
	memcpy(top_page + array + 8, ptrs, (size_t)(argc + 2) * 8);
	*uargv = page_va + array + 8;
	*sp = page_va + array; /* 16-byte aligned, below the arguments */
	return true;
}

const char *loader_load(const char *name, const void *elf, size_t len, int argc,
			const char *const *argv, struct loaded *out)
{
	struct elf_image img;
	enum elf_status es = elf_parse(elf, len, USER_IMAGE_MIN, USER_IMAGE_END, &img);
	long err;

	if (es == ELF_OK)
		es = elf_check_wx(&img);
	if (es != ELF_OK)
		return elf_strerror(es);
	struct task *t = task_create(NULL, name, USER_UTCB_BASE, USER_UTCB_ORDER, &err);
	if (!t)
		return "out of memory for the task";

	const char *why = "out of memory for the program";
	u8 *stack_top = NULL;
	for (unsigned i = 0; i < img.nsegments; i++)
		if (load_segment(t, elf, &img.seg[i]) != 0)
			goto fail;
	for (unsigned i = 1; i <= USER_STACK_PAGES; i++) {
		u8 *p = map_fresh_page(t, USER_STACK_TOP - i * PAGE_SIZE, VSPACE_R | VSPACE_W);
		if (!p)
			goto fail;
		if (i == 1)
			stack_top = p;
	}
	u64 sp, uargv;
	why = "too many or too long arguments";
	if (!build_args(stack_top, argc, argv, &sp, &uargv))
		goto fail;

	why = "out of memory for the thread";
	struct thread *th = thread_create(NULL);
	if (!th)
		goto fail;
	if (thread_bind(th, t, USER_UTCB_BASE) != 0 ||
	    cap_insert_root(t, L4_BASE_TASK_CAP, &t->obj, CAP_ALL) != 0 ||
	    cap_insert_root(t, L4_BASE_THREAD_CAP, &th->obj, CAP_ALL) != 0) {
		kobject_delete(&th->obj);
		goto fail;
	}
	thread_set_user_entry(th, img.entry, sp, (u64)argc, uargv);
	out->task = t;
	out->thread = th;
	return NULL;

fail:
	kobject_delete(&t->obj);
	return why;
}

void loader_run(struct loaded *l, unsigned prio)
{
	l->thread->prio = (u8)prio;
	sched_ready(l->thread);
}
