// SPDX-License-Identifier: BSD-2-Clause
/*
 * The kernel's ELF loader for the first program. Validation is elf_parse's;
 * this file allocates pages, copies segments in, builds the initial stack
 * (argc, argv) and the initial object space.
 */
#include <string.h>

#include "arch/memlayout.h"
#include "elf.h"
#include "loader.h"
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

/* Map fresh zeroed pages over [va, va + size); return the kernel view of the first. */
static int map_fresh(struct task *t, uaddr_t va, u64 size, unsigned perms, paddr_t *first)
{
	for (u64 off = 0; off < size; off += PAGE_SIZE) {
		paddr_t pa = page_alloc_get(&kernel_pages, 0);
		if (pa == PADDR_INVALID)
			return -L4_ENOMEM;
		memset(pa_to_kva(pa), 0, PAGE_SIZE);
		if (vspace_map_page(&t->vs, va + off, pa, perms, true) != 0) {
			page_alloc_put(&kernel_pages, pa, 0);
			return -L4_ENOMEM;
		}
		if (off == 0 && first)
			*first = pa;
	}
	return 0;
}

static int load_segment(struct task *t, const u8 *file, const struct elf_segment *s)
{
	uaddr_t start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	uaddr_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);

	for (uaddr_t va = start; va < end; va += PAGE_SIZE) {
		paddr_t pa = page_alloc_get(&kernel_pages, 0);
		if (pa == PADDR_INVALID)
			return -L4_ENOMEM;
		u8 *page = pa_to_kva(pa);
		memset(page, 0, PAGE_SIZE);
		/* The part of [vaddr, vaddr + filesz) that falls in this page. */
		u64 lo = MAX(va, s->vaddr), hi = MIN(va + PAGE_SIZE, s->vaddr + s->filesz);
		if (lo < hi)
			memcpy(page + (lo - va), file + s->offset + (lo - s->vaddr), hi - lo);
		if (vspace_map_page(&t->vs, va, pa, elf_to_vspace_perms(s->flags), true) != 0) {
			page_alloc_put(&kernel_pages, pa, 0);
			return -L4_ENOMEM;
		}
	}
	return 0;
}

/* Copy argv into the top of the stack page; returns the user sp and argv address. */
static bool build_args(u8 *top_page, int argc, const char *const *argv, u64 *sp, u64 *uargv)
{
	uaddr_t page_va = USER_STACK_TOP - PAGE_SIZE;
	u64 strings = PAGE_SIZE; /* offsets into the page, growing down */
	u64 ptrs[16];

	if (argc > (int)ARRAY_SIZE(ptrs) - 1)
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
	u64 array = ALIGN_DOWN(strings - (u64)(argc + 1) * 8, 16);
	memcpy(top_page + array, ptrs, (size_t)(argc + 1) * 8);
	*uargv = page_va + array;
	*sp = page_va + array; /* 16-byte aligned, below the arguments */
	return true;
}

const char *loader_start(const char *name, const void *elf, size_t len, int argc,
			 const char *const *argv)
{
	struct elf_image img;
	enum elf_status es = elf_parse(elf, len, USER_IMAGE_MIN, USER_IMAGE_END, &img);
	if (es != ELF_OK)
		return elf_strerror(es);

	struct task *t = task_create(name);
	if (!t)
		return "out of memory for the task";
	const char *err = "out of memory for the program";

	for (unsigned i = 0; i < img.nsegments; i++)
		if (load_segment(t, elf, &img.seg[i]) != 0)
			goto fail;
	paddr_t stack_top, utcb_pa;
	if (map_fresh(t, USER_STACK_TOP - PAGE_SIZE, PAGE_SIZE, VSPACE_R | VSPACE_W, &stack_top) ||
	    map_fresh(t, USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE,
		      (USER_STACK_PAGES - 1) * PAGE_SIZE, VSPACE_R | VSPACE_W, NULL) ||
	    map_fresh(t, USER_UTCB_BASE, PAGE_SIZE, VSPACE_R | VSPACE_W, &utcb_pa))
		goto fail;

	u64 sp, uargv;
	err = "too many or too long arguments";
	if (!build_args(pa_to_kva(stack_top), argc, argv, &sp, &uargv))
		goto fail;

	err = "out of memory for the thread";
	struct thread *th = thread_create(t, USER_UTCB_BASE, utcb_pa);
	if (!th)
		goto fail;
	/* Fresh slots of a fresh task: these cannot fail. */
	CHECK(task_cap_set(t, L4_BASE_TASK_CAP >> L4_CAP_SHIFT, &t->obj, CAP_ALL) == 0);
	CHECK(task_cap_set(t, L4_BASE_THREAD_CAP >> L4_CAP_SHIFT, &th->obj, CAP_ALL) == 0);
	CHECK(task_cap_set(t, L4_BASE_LOG_CAP >> L4_CAP_SHIFT, &vcon_object, CAP_R | CAP_W) == 0);
	thread_set_user_entry(th, img.entry, sp, (u64)argc, uargv);
	task_put(t); /* the thread holds the task from here on */
	sched_enqueue(th);
	return NULL;

fail:
	task_put(t);
	return err;
}
