// SPDX-License-Identifier: BSD-2-Clause
/*
 * Programs moe starts: the ELF loader, and moe's side of each program's
 * environment: its region map (which is its pager), its log with a tag, and
 * its parent (exit, and crashes reported by the kernel as exceptions).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4re/env.h>
#include <l4re/log.h>

#include "elf.h"
#include "moe.h"

/*
 * Kernel memory for the program's own objects (threads, gates, IRQs; about
 * 17 KiB a thread): charged in full to moe's factory, whose quota all
 * programs share, so it is sized from what the program asks for. A program
 * that asks for a memory quota (mem=) gets a share of it as well: pages a
 * VMM maps into its Vm cost mapping nodes and stage-2 tables, about 1/32 of
 * the page. init gets more: it starts and wires the others.
 */
#define APP_FACTORY_BASE  (384UL << 10)
#define APP_FACTORY_SHARE 32
#define APP_FACTORY_INIT  (4UL << 20)
#define APP_PRIO	  100

/*
 * Programs by slot (the handle's low bits), in a table that grows up to
 * MOE_MAX_APPS. Per slot: 0 free, 1 running, 2 ended; an ended program's
 * exit code stays until the slot is reused.
 */
struct app_slot {
	struct app *app;
	signed char state;
	long code;
	unsigned long gen, ended;
	uint64_t starter_id;   /* whose child it is: handles reach only one's own */
	bool collected;	       /* its starter has seen it ended (or is gone itself) */
	l4_cap_idx_t exit_irq; /* the starter's "@exit_irq", triggered when it ends (0: none) */
};
static struct app_slot *slots;
static unsigned nslots;
static unsigned long ends;
static uint64_t next_id = 1;

static unsigned alive_apps; /* moe asks after every message: counted, not searched */

unsigned app_count(void)
{
	return alive_apps;
}

static unsigned rm_rights(unsigned elf_flags)
{
	return (elf_flags & ELF_SEG_R ? RM_R : 0) | (elf_flags & ELF_SEG_W ? RM_W : 0) |
	       (elf_flags & ELF_SEG_X ? RM_X : 0);
}

void app_own_ds(struct app *a, struct ds *ds)
{
	if (!ds->acct)
		ds->acct = &a->mem; /* its pages count against the program's quota */
	ds->next = a->owned;
	a->owned = ds;
}

static struct ds *app_ds(struct app *a, struct ds *ds)
{
	if (ds)
		app_own_ds(a, ds);
	return ds;
}

/* Attach ds as a region of a's; the region holds a reference. */
static int app_attach(struct app *a, uint64_t *addr, uint64_t size, unsigned flags, struct ds *ds,
		      uint64_t offset)
{
	int err = rm_attach(&a->rm, addr, size, flags, (uint64_t)ds, offset, RM_PAGE_SHIFT);
	if (!err)
		ds_ref(ds);
	return err;
}

/* Copy the segment's file bytes into a fresh anonymous dataspace and attach it. */
static bool load_segment(struct app *a, const uint8_t *file, const struct elf_segment *s)
{
	uint64_t start = s->vaddr & ~(MOE_PAGE - 1);
	uint64_t end = (s->vaddr + s->memsz + MOE_PAGE - 1) & ~(MOE_PAGE - 1);
	struct ds *ds = app_ds(a, ds_new_anon(end - start));

	if (!ds)
		return false;
	for (uint64_t off = 0; off < s->filesz;) {
		uint64_t at = s->vaddr - start + off;
		uint64_t n = MOE_PAGE - at % MOE_PAGE;
		if (n > s->filesz - off)
			n = s->filesz - off;
		uint8_t *page = ds_page(ds, at & ~(MOE_PAGE - 1));
		if (!page)
			return false;
		memcpy(page + at % MOE_PAGE, file + s->offset + off, n);
		off += n;
	}
	uint64_t addr = start;
	return app_attach(a, &addr, end - start, rm_rights(s->flags), ds, 0) == 0;
}

/* Copy a string onto the stack page growing down from *at; its address in the program. */
static bool push_string(uint8_t *page, uint64_t *at, uint64_t page_va, const char *str,
			uint64_t *va)
{
	size_t n = strlen(str) + 1;

	if (n > *at - 1024)
		return false;
	*at -= n;
	memcpy(page + *at, str, n);
	*va = page_va + *at;
	return true;
}

/* The stack: argc, argv and envp at its top, as crt0 expects (docs/abi.md "Program start"). */
static bool setup_stack(struct app *a, const struct app_spec *spec, uint64_t *sp)
{
	struct ds *ds = app_ds(a, ds_new_anon(L4RE_STACK_SIZE));
	uint64_t base = L4RE_STACK_TOP - L4RE_STACK_SIZE;
	uint64_t top_page = L4RE_STACK_TOP - MOE_PAGE;
	uint64_t ptrs[APP_MAX_ARGS + APP_MAX_CAPS + APP_MAX_ENV + 4], at = MOE_PAGE;
	unsigned n = 0;
	char env[96];

	/* In an area with a guard page below: an overflow faults there, reported as such. */
	uint64_t area = base - MOE_PAGE;
	if (!ds || spec->argc > APP_MAX_ARGS ||
	    rm_reserve_area(&a->rm, &area, L4RE_STACK_SIZE + MOE_PAGE, RM_GUARD, RM_PAGE_SHIFT) ||
	    app_attach(a, &base, L4RE_STACK_SIZE, RM_R | RM_W | RM_IN_AREA, ds, 0) != 0)
		return false;
	uint8_t *page = ds_page(ds, L4RE_STACK_SIZE - MOE_PAGE);
	if (!page)
		return false;
	for (int i = 0; i < spec->argc; i++)
		if (!push_string(page, &at, top_page, spec->argv[i], &ptrs[n++]))
			return false;
	ptrs[n++] = 0;
	/* The environment: a parent waits for the exit; named capabilities and their slots. */
	if (!push_string(page, &at, top_page, L4RE_ENV_PARENT, &ptrs[n++]))
		return false;
	for (unsigned i = 0, named = 0; i < spec->ncaps; i++) {
		if (spec->cap_names[i][0] == '@')
			continue; /* in a slot of the initial environment */
		snprintf(
			env, sizeof(env), "L4RE_CAP_%s=0x%lx", spec->cap_names[i],
			(unsigned long)(L4RE_FIRST_FREE_CAP + ((uint64_t)named++ << L4_CAP_SHIFT)));
		if (!push_string(page, &at, top_page, env, &ptrs[n++]))
			return false;
	}
	/* The starter's variables after moe's: a program's getenv finds moe's first. */
	for (unsigned i = 0; i < spec->nenv && i < APP_MAX_ENV; i++)
		if (!push_string(page, &at, top_page, spec->envv[i], &ptrs[n++]))
			return false;
	ptrs[n++] = 0;
	at = (at - (uint64_t)(n + 1) * 8) & ~15UL;
	uint64_t argc64 = (uint64_t)spec->argc;
	memcpy(page + at, &argc64, 8);
	memcpy(page + at + 8, ptrs, n * 8);
	*sp = top_page + at;
	return true;
}

/* Map one of moe's capabilities into the program's object space. */
static bool give(struct app *a, l4_cap_idx_t slot, l4_cap_idx_t mine, unsigned rights)
{
	return l4_task_map(a->task, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(mine, 0, rights), slot) == 0;
}

/* Loader names with '@' replace a slot of the initial environment (ned's env.scheduler, ...). */
static l4_cap_idx_t env_slot(const char *name)
{
	static const struct {
		const char *name;
		l4_cap_idx_t slot;
	} names[] = {
		{"@scheduler", L4_BASE_SCHEDULER_CAP}, {"@factory", L4_BASE_FACTORY_CAP},
		{"@mem_alloc", L4RE_MEM_ALLOC_CAP},    {"@log", L4_BASE_LOG_CAP},
		{"@loader", L4RE_LOADER_CAP},
	};
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0)
			return names[i].slot;
	return L4_INVALID_CAP;
}

static bool env_name_ok(const char *name)
{
	return name[0] != '@' || env_slot(name) != L4_INVALID_CAP;
}

/*
 * Named capabilities: moe's own objects are mapped; capabilities that came
 * with the request (in moe's receive window) are granted, so that the
 * program's copy does not hang below moe's, which moe drops. A scheduler is
 * the exception: moe keeps it (a->sched) to start the program's thread with.
 * A loader passed on is another: the program gets a loader of its own
 * (its children are its own, within its limits), not its starter's.
 */
static bool give_named(struct app *a, const struct app_spec *spec)
{
	for (unsigned i = 0, named = 0; i < spec->ncaps; i++) {
		l4_cap_idx_t slot = env_slot(spec->cap_names[i]);
		l4_cap_idx_t c = spec->caps[i];
		bool passed = c >= MOE_RECV_WINDOW &&
			      c < MOE_RECV_WINDOW + (1UL << (MOE_RECV_WINDOW_ORDER + L4_CAP_SHIFT));
		unsigned rights = spec->cap_rights[i];
		long r;

		/* moe calls a scheduler it is given: it must be the kernel's, not a gate that might
		 * never answer; a factory likewise. */
		long want = slot == L4_BASE_SCHEDULER_CAP ? L4_OBJ_SCHEDULER
			    : slot == L4_BASE_FACTORY_CAP ? L4_OBJ_FACTORY
							  : 0;
		if (want && (!passed || l4_task_cap_info(L4_BASE_TASK_CAP, c, NULL) != want))
			return false;
		if (slot == L4RE_LOADER_CAP && !spec->cap_loader[i])
			return false; /* @loader must be a loader */
		if (slot == L4_INVALID_CAP)
			slot = L4RE_FIRST_FREE_CAP + ((uint64_t)named++ << L4_CAP_SHIFT);
		else /* the default goes */
			l4_task_unmap(a->task, L4_OBJ_FPAGE(slot, 0, L4_CAP_FPAGE_RWSD),
				      L4_FP_ALL_SPACES);
		if (spec->cap_loader[i]) {
			if (!app_give_loader(a, slot))
				return false;
			continue;
		}
		if (passed && slot == L4_BASE_SCHEDULER_CAP) {
			if (a->sched) { /* the starter's, derived: this one replaces it */
				l4_task_delete_obj(L4_BASE_TASK_CAP, a->sched);
				moe_slot_free(a->sched);
			}
			a->sched = moe_slot();
			if (l4_task_grant(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
					  L4_OBJ_FPAGE(c, 0, L4_CAP_FPAGE_RWSD), a->sched) != 0)
				return false;
			c = a->sched;
			passed = false;
		}
		r = passed ? l4_task_grant(a->task, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(c, 0, rights),
					   slot)
			   : l4_task_map(a->task, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(c, 0, rights),
					 slot);
		if (r != 0)
			return false;
	}
	return true;
}

bool app_give_loader(struct app *a, l4_cap_idx_t slot)
{
	if (a->loader_gate == L4_INVALID_CAP)
		a->loader_gate = obj_gate(OBJ_LOADER, a, NULL);
	return a->loader_gate != L4_INVALID_CAP && give(a, slot, a->loader_gate, L4_CAP_FPAGE_RW);
}

/* The scheduler a starter's children get by default: one with the starter's own range. */
static bool derive_sched(struct app *a, const struct app *starter)
{
	if (!starter || !starter->sched)
		return true; /* moe's: init, and children of programs with the full one */
	a->sched = moe_slot();
	if (l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, a->sched, starter->sched,
					L4_SCHED_MAX_PRIO, 0) == 0)
		return true;
	moe_slot_free(a->sched);
	a->sched = 0;
	return false;
}

static uint64_t factory_quota(const struct app_spec *spec, const struct app *a)
{
	if (!spec->starter)
		return APP_FACTORY_INIT;
	return APP_FACTORY_BASE + (spec->mem_quota ? a->mem.limit / APP_FACTORY_SHARE : 0);
}

static bool make_task(struct app *a, const struct app_spec *spec, uint64_t entry, uint64_t sp)
{
	a->task = moe_slot();
	a->thread = moe_slot();
	a->factory = moe_slot();
	a->rm_gate = obj_gate(OBJ_RM, a, NULL);
	a->log_gate = obj_gate(OBJ_LOG, a, &a->log);
	a->parent_gate = obj_gate(OBJ_PARENT, a, NULL);
	a->alloc_gate = obj_gate(OBJ_ALLOC, a, NULL);
	return l4_factory_create_task(L4_BASE_FACTORY_CAP, a->task,
				      L4_MEM_FPAGE(L4RE_UTCB_AREA, L4RE_UTCB_ORDER, L4_FPAGE_RW)) ==
		       0 &&
	       l4_factory_create_factory(L4_BASE_FACTORY_CAP, a->factory, factory_quota(spec, a)) ==
		       0 &&
	       l4_factory_create_thread(L4_BASE_FACTORY_CAP, a->thread) == 0 &&
	       a->rm_gate != L4_INVALID_CAP && a->log_gate != L4_INVALID_CAP &&
	       a->parent_gate != L4_INVALID_CAP && a->alloc_gate != L4_INVALID_CAP &&
	       give(a, L4_BASE_TASK_CAP, a->task, L4_CAP_FPAGE_RWS) &&
	       give(a, L4_BASE_FACTORY_CAP, a->factory, L4_CAP_FPAGE_RWSD) &&
	       give(a, L4_BASE_THREAD_CAP, a->thread, L4_CAP_FPAGE_RWSD) &&
	       give(a, L4_BASE_PAGER_CAP, a->rm_gate, L4_CAP_FPAGE_RW) &&
	       give(a, L4RE_RM_CAP, a->rm_gate, L4_CAP_FPAGE_RW) &&
	       give(a, L4_BASE_LOG_CAP, a->log_gate, L4_CAP_FPAGE_RW) &&
	       give(a, L4RE_PARENT_CAP, a->parent_gate, L4_CAP_FPAGE_RW) &&
	       give(a, L4RE_MEM_ALLOC_CAP, a->alloc_gate, L4_CAP_FPAGE_RW) &&
	       give(a, L4_BASE_SCHEDULER_CAP, a->sched ? a->sched : L4_BASE_SCHEDULER_CAP,
		    L4_CAP_FPAGE_RW) &&
	       give(a, L4RE_ROM_CAP, rom_ns_gate, L4_CAP_FPAGE_R) &&
	       l4_thread_control(
		       a->thread,
		       L4_THREAD_CTL_BIND | L4_THREAD_CTL_PAGER | L4_THREAD_CTL_EXC_HANDLER,
		       L4_BASE_PAGER_CAP, L4RE_PARENT_CAP, a->task, L4RE_UTCB_AREA) == 0 &&
	       l4_thread_ex_regs(a->thread, entry, sp, 0) == 0;
}

/*
 * Handles: a slot and its generation. An ended program's slot (and exit
 * code) is reused only when no slot was never used, the one that ended
 * first going first, so a handle stays meaningful for a long while; a
 * handle whose slot was reused is unknown (-L4_ENOENT). The table grows
 * when every slot holds a running program.
 */
#define HANDLE_SLOT_BITS 16

long app_handle(const struct app *a)
{
	return (long)((slots[a->slot].gen << HANDLE_SLOT_BITS) | (unsigned)a->slot);
}

/* The slot a handle names if it is a child of the starter's, or -1. */
static long handle_slot(uint64_t h, const struct app *starter)
{
	uint64_t i = h & ((1UL << HANDLE_SLOT_BITS) - 1);
	return i < nslots && slots[i].state && slots[i].gen == h >> HANDLE_SLOT_BITS &&
			       slots[i].starter_id == starter->id
		       ? (long)i
		       : -1;
}

static bool grow_slots(void)
{
	unsigned n = nslots ? nslots * 2 : 32;
	if (n > MOE_MAX_APPS)
		return false;
	struct app_slot *v = realloc(slots, n * sizeof(*v));
	if (!v)
		return false;
	memset(v + nslots, 0, (n - nslots) * sizeof(*v));
	slots = v;
	nslots = n;
	return true;
}

/* Its starter is still there to ask about it. */
static bool starter_alive(uint64_t id)
{
	for (unsigned j = 0; id && j < nslots; j++)
		if (slots[j].app && slots[j].app->alive && slots[j].app->id == id)
			return true;
	return false; /* or moe itself (id 0), which never asks */
}

static int free_slot(void)
{
	int best = -1;
	for (int i = 0; i < (int)nslots; i++) {
		if (!slots[i].state)
			return i;
		/* An exit code its starter may still ask for is kept: the handle stays good. */
		if (slots[i].state == 2 && !slots[i].collected &&
		    starter_alive(slots[i].starter_id))
			continue;
		if (slots[i].state == 2 && (best < 0 || slots[i].ended < slots[best].ended))
			best = i;
	}
	/* The table grows only to what runs or waits to be asked about. */
	if (best < 0 && grow_slots())
		return free_slot();
	if (best >= 0)
		slots[best].gen++;
	return best;
}

/*
 * RAM reserved at the start for the pages of its image: every segment in
 * full (text, data, .bss), the stack, and a little slack. A segment with
 * nothing from the file is left out: that is the static heap of programs
 * without an allocator (runtime/lib/tern-user.ld), which programs under
 * moe do not use (their heap is reserved as it grows).
 */
static uint64_t image_reserve(const struct elf_image *img)
{
	uint64_t n = L4RE_STACK_SIZE + APP_IMAGE_SLACK;
	for (unsigned s = 0; s < img->nsegments; s++) {
		const struct elf_segment *g = &img->seg[s];
		if (g->filesz)
			n += ((g->vaddr % MOE_PAGE) + g->memsz + MOE_PAGE - 1) & ~(MOE_PAGE - 1);
	}
	return n;
}

struct app *app_start(const struct app_spec *spec, const char **why)
{
	uint64_t size, sp;
	struct elf_image img;
	char **argv = spec->argv;
	const void *file = rom_find(argv[0], &size);
	unsigned i;

	*why = "no such file in rom";
	if (!file)
		return NULL;
	unsigned named = 0;
	for (i = 0; i < spec->ncaps; i++) {
		*why = "unknown environment slot";
		if (!env_name_ok(spec->cap_names[i]))
			return NULL;
		named += spec->cap_names[i][0] != '@';
		for (unsigned j = 0; j < i; j++) {
			*why = "an environment slot named twice";
			if (spec->cap_names[i][0] == '@' &&
			    strcmp(spec->cap_names[i], spec->cap_names[j]) == 0)
				return NULL;
		}
	}
	*why = "more than 8 named capabilities";
	if (named > APP_MAX_NAMED)
		return NULL;
	enum elf_status es = elf_parse(file, size, RM_USER_MIN, L4RE_UTCB_AREA, &img);
	if (es == ELF_OK)
		es = elf_check_wx(&img);
	if (es != ELF_OK) {
		*why = elf_strerror(es);
		return NULL;
	}
	/*
	 * Its quota: what it asks for, never more than its starter's. init's
	 * loader speaks for moe, which has all RAM: its children may have up to
	 * APP_INIT_CHILD_MAX (a VMM's guest RAM), init itself the default.
	 */
	static char msg[120];
	uint64_t up = spec->starter ? spec->starter->child_max : APP_DEFAULT_QUOTA;
	uint64_t quota = spec->mem_quota	  ? spec->mem_quota
			 : APP_DEFAULT_QUOTA < up ? APP_DEFAULT_QUOTA
						  : up;
	uint64_t need = image_reserve(&img);
	*why = msg;
	if (quota > up) {
		snprintf(msg, sizeof(msg),
			 "a quota of %llu bytes is more than its starter's (%llu)",
			 (unsigned long long)quota, (unsigned long long)up);
		return NULL;
	}
	if (need > quota)
		need = quota;
	if (!moe_mem_reserve(need)) {
		snprintf(msg, sizeof(msg),
			 "out of memory: %llu KiB for its image are not to be had",
			 (unsigned long long)need >> 10);
		return NULL;
	}
	int free = free_slot();
	*why = "too many programs";
	i = (unsigned)free;
	struct app *a = free >= 0 ? calloc(1, sizeof(*a)) : NULL;
	if (!a) {
		moe_mem_unreserve(need);
		return NULL;
	}
	slots[i].app = a;
	slots[i].state = 1;
	slots[i].code = 0;
	slots[i].starter_id = spec->starter ? spec->starter->id : 0;
	slots[i].collected = false;
	a->slot = (int)i;
	a->id = next_id++;
	a->starter_id = slots[i].starter_id;
	a->loader_gate = L4_INVALID_CAP;
	const char *base = strrchr(argv[0], '/');
	snprintf(a->name, sizeof(a->name), "%s",
		 spec->tag && *spec->tag ? spec->tag
		 : base			 ? base + 1
					 : argv[0]);
	log_init_obj(&a->log, a->name);
	a->log.color = spec->log_color;
	for (size_t at = 0; at < spec->log_flags_len; at += strlen(spec->log_flags + at) + 1)
		log_add_flag(&a->log, spec->log_flags + at, strlen(spec->log_flags + at));
	a->mem.limit = quota;
	a->child_max = spec->starter ? quota : APP_INIT_CHILD_MAX;
	a->mem.reserve = need;
	rm_init(&a->rm, RM_USER_MIN, RM_USER_END);
	/* The kernel's UTCB pages live there: keep regions out. */
	uint64_t utcb = L4RE_UTCB_AREA;
	if (rm_reserve_area(&a->rm, &utcb, 1UL << L4RE_UTCB_ORDER, 0, RM_PAGE_SHIFT) != 0)
		goto fail;
	a->alive = true;
	alive_apps++;
	*why = "out of memory";
	for (unsigned s = 0; s < img.nsegments; s++)
		if (!load_segment(a, file, &img.seg[s]))
			goto fail;
	*why = "out of kernel memory (moe's factory)";
	if (!derive_sched(a, spec->starter))
		goto fail;
	*why = "out of memory";
	if (!setup_stack(a, spec, &sp) || !make_task(a, spec, img.entry, sp))
		goto fail;
	if (spec->loader && !app_give_loader(a, L4RE_LOADER_CAP))
		goto fail;
	*why = "a capability could not be given (is env.scheduler a scheduler, env.factory a "
	       "factory?)";
	if (!give_named(a, spec))
		goto fail;
	/* Through a scheduler of its own, the thread runs as L4Re's main threads do. */
	if (a->sched ? l4_scheduler_run_thread(a->sched, a->thread, L4RE_MAIN_THREAD_PRIO, 0, 0)
		     : l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, a->thread, APP_PRIO, 0, 0))
		goto fail;
	return a;
fail:
	app_end(a, NULL);
	return NULL;
}

void app_end(struct app *a, const char *how)
{
	if (how)
		moe_log("%s %s", a->name, how);
	if (a->alive)
		alive_apps--;
	a->alive = false;
	log_end(&a->log);
	log_free_all(a);
	/* The task goes first: its threads stop before their memory does. */
	if (a->task)
		l4_task_delete_obj(L4_BASE_TASK_CAP, a->task);
	if (a->thread)
		l4_task_delete_obj(L4_BASE_TASK_CAP, a->thread);
	if (a->factory)
		l4_task_delete_obj(L4_BASE_TASK_CAP, a->factory);
	obj_drop(a->rm_gate);
	obj_drop(a->log_gate);
	obj_drop(a->parent_gate);
	obj_drop(a->alloc_gate);
	obj_drop(a->loader_gate);
	ns_free_all(a);
	moe_mem_unreserve(a->mem.reserve); /* what its image did not use */
	a->mem.reserve = 0;
	if (a->sched) {
		l4_task_unmap(L4_BASE_TASK_CAP, L4_OBJ_FPAGE(a->sched, 0, L4_CAP_FPAGE_RWSD),
			      L4_FP_ALL_SPACES);
		moe_slot_free(a->sched);
	}
	for (size_t i = 0; i < a->rm.regions.n; i++)
		ds_unref((struct ds *)a->rm.regions.v[i].ds);
	rm_destroy(&a->rm);
	/* Its dataspaces that others still use stay, counted against nobody. */
	for (struct ds *ds = a->owned, *next; ds; ds = next) {
		next = ds->next;
		ds->acct = NULL;
		ds_unref(ds);
	}
	slots[a->slot].app = NULL;
	slots[a->slot].state = 2;
	slots[a->slot].ended = ++ends;
	if (slots[a->slot].exit_irq) { /* the starter waits without asking again and again */
		l4_irq_trigger(slots[a->slot].exit_irq);
		l4_task_unmap(L4_BASE_TASK_CAP,
			      L4_OBJ_FPAGE(slots[a->slot].exit_irq, 0, L4_CAP_FPAGE_RWSD),
			      L4_FP_ALL_SPACES);
		moe_slot_free(slots[a->slot].exit_irq);
		slots[a->slot].exit_irq = 0;
	}
	moe_slot_free(a->task);
	moe_slot_free(a->thread);
	moe_slot_free(a->factory);
	free(a);
}

l4_msgtag_t app_page_fault(struct app *a, l4_umword_t pfa, l4_umword_t pc)
{
	uint64_t addr = L4_PF_ADDR(pfa), off;
	bool write = pfa & L4_PF_W;
	const struct rm_region *r = rm_find(&a->rm, addr);
	const char *why = NULL;
	unsigned order = 0;
	void *p = NULL;

	const struct rm_region *area = r ? NULL : rm_find_area(&a->rm, addr);
	if (!r)
		why = area && (area->flags & RM_GUARD) ? "in a stack's guard page (stack overflow)"
						       : "outside its regions";
	else if (rm_fault_offset(r, addr, write, &off) != 0 ||
		 ((pfa & L4_PF_X) && !(r->flags & RM_X)))
		why = "not allowed by its region";
	else if (order = rm_fault_order(r, addr, MOE_MAX_ORDER),
		 !(p = ds_map((struct ds *)r->ds, off, &order)))
		why = ds_last_error();
	if (why) {
		char how[120];
		snprintf(how, sizeof(how), "crashed: %s at 0x%llx (pc 0x%llx) %s",
			 write		   ? "write"
			 : (pfa & L4_PF_X) ? "instruction fetch"
					   : "read",
			 (unsigned long long)addr, (unsigned long long)pc, why);
		slots[a->slot].code = -1;
		app_end(a, how); /* the faulting thread goes with its task: no reply */
		return MOE_NO_REPLY;
	}
	/* One flexpage for the whole block ds_map found: the fault and its neighbours. */
	unsigned rights = L4_FPAGE_R | (r->flags & RM_W ? L4_FPAGE_W : 0) |
			  (r->flags & RM_X ? L4_FPAGE_X : 0);
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_ITEM_MAP | (addr & ~((1UL << order) - 1));
	u->mr[1] = L4_MEM_FPAGE((uint64_t)p, order, rights);
	return L4_MSGTAG(0, 0, 1, 0);
}

l4_msgtag_t app_parent(struct app *a, l4_msgtag_t tag)
{
	struct l4_utcb *u = l4_utcb();
	char how[48];

	if (L4_MSGTAG_LABEL(tag) == L4_PROTO_EXCEPTION)
		return app_exception(a);
	if (L4_MSGTAG_LABEL(tag) != L4RE_PROTO_PARENT || L4_MSGTAG_WORDS(tag) < 2 ||
	    u->mr[0] != L4RE_PARENT_EXIT_OP)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	snprintf(how, sizeof(how), "exited with code %ld", (long)u->mr[1]);
	slots[a->slot].code = (long)u->mr[1];
	app_end(a, how);
	return MOE_NO_REPLY;
}

l4_msgtag_t app_exception(struct app *a)
{
	struct l4_utcb *u = l4_utcb();
	char how[96];

	snprintf(how, sizeof(how), "crashed: exception (ESR 0x%llx) at pc 0x%llx",
		 (unsigned long long)u->mr[L4_EXC_ESR], (unsigned long long)u->mr[L4_EXC_PC]);
	slots[a->slot].code = -1;
	app_end(a, how);
	return MOE_NO_REPLY;
}

/*
 * "@exit_irq" in a start request is no capability for the program: an IRQ
 * of the starter's, which moe triggers when the program ends (ned's
 * handle:wait() blocks on it). Taken out of the spec; *irq is where it lies
 * in moe's receive window, or 0. False when it is no IRQ (moe must not
 * send to a gate that might never receive).
 */
static bool take_exit_irq(struct app_spec *spec, l4_cap_idx_t *irq)
{
	*irq = 0;
	for (unsigned i = 0; i < spec->ncaps; i++) {
		if (strcmp(spec->cap_names[i], "@exit_irq") != 0)
			continue;
		if (*irq || spec->caps[i] < MOE_RECV_WINDOW ||
		    l4_task_cap_info(L4_BASE_TASK_CAP, spec->caps[i], NULL) != L4_OBJ_IRQ)
			return false;
		*irq = spec->caps[i];
		for (unsigned j = i + 1; j < spec->ncaps; j++) {
			spec->cap_names[j - 1] = spec->cap_names[j];
			spec->caps[j - 1] = spec->caps[j];
			spec->cap_rights[j - 1] = spec->cap_rights[j];
			spec->cap_loader[j - 1] = spec->cap_loader[j];
		}
		spec->ncaps--;
		i--;
	}
	return true;
}

/* moe's copies of the capabilities that came with a start request. */
static void drop_passed_caps(void)
{
	l4_task_unmap(L4_BASE_TASK_CAP,
		      L4_OBJ_FPAGE(MOE_RECV_WINDOW, MOE_RECV_WINDOW_ORDER, L4_CAP_FPAGE_RWSD),
		      L4_FP_ALL_SPACES);
}

static l4_msgtag_t refuse_start(const char *why)
{
	moe_log("cannot start a program: %s", why);
	drop_passed_caps();
	return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
}

/*
 * An environment variable from a starter: NAME=VALUE with a name of at least
 * one character and no '='; L4RE_ names are moe's (L4RE_PARENT, L4RE_CAP_x),
 * which a starter must not fake.
 */
static bool env_var_ok(const char *var)
{
	const char *eq = strchr(var, '=');
	return eq && eq != var && strncmp(var, "L4RE_", 5) != 0;
}

/*
 * The loader protocol, on a program's parent object: start another program
 * (the block holds "tag\0prog\0arg...\0\0capname...\0option..."; one item per name,
 * a capability, placed at index i of moe's receive window), ask about one,
 * kill one.
 */
l4_msgtag_t app_loader(struct app *caller, l4_msgtag_t tag)
{
	struct l4_utcb *u = l4_utcb();
	unsigned words = L4_MSGTAG_WORDS(tag), items = L4_MSGTAG_ITEMS(tag);

	if (L4_MSGTAG_LABEL(tag) != L4RE_PROTO_LOADER)
		return L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
	if (words < 2)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	if (u->mr[0] == L4RE_LOADER_STATE_OP || u->mr[0] == L4RE_LOADER_KILL_OP) {
		long h = handle_slot(u->mr[1], caller);
		if (h < 0)
			return L4_MSGTAG(-L4_ENOENT, 0, 0, 0);
		if (u->mr[0] == L4RE_LOADER_KILL_OP) {
			if (slots[h].app) {
				slots[h].code = -1;
				app_end(slots[h].app, "was killed");
			}
			return L4_MSGTAG(0, 0, 0, 0);
		}
		u->mr[0] = slots[h].state == 1;
		u->mr[1] = (uint64_t)slots[h].code;
		slots[h].collected |= slots[h].state == 2;
		return L4_MSGTAG(0, 2, 0, 0);
	}
	if (u->mr[0] != L4RE_LOADER_START_OP || u->mr[1] > (words - 2) * 8UL ||
	    items > APP_MAX_CAPS)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);

	static char block[L4_UTCB_MRS * 8 + 1];
	static char *argv[APP_MAX_ARGS + 1];
	struct app_spec spec = {0};
	size_t len = u->mr[1], at = 0;
	memcpy(block, &u->mr[2], len);
	block[len] = '\0';
	l4_umword_t item[2 * APP_MAX_CAPS];
	memcpy(item, &u->mr[words], 2 * items * sizeof(l4_umword_t));

	spec.tag = block;
	at = strlen(block) + 1;
	while (at < len && block[at] && spec.argc < APP_MAX_ARGS) {
		argv[spec.argc++] = block + at;
		at += strlen(block + at) + 1;
	}
	at++;
	while (at < len && spec.ncaps < items) {
		unsigned i = spec.ncaps;
		spec.cap_names[i] = block + at;
		at += strlen(block + at) + 1;
		/* One of moe's own objects comes as a local id; others landed in the window. */
		enum obj_type type;
		struct app *owner;
		void *ptr;
		if (item[2 * i] & L4_ITEM_LOCAL_ID) {
			spec.caps[i] = obj_gate_of(item[2 * i + 1]);
			spec.cap_rights[i] = L4_CAP_FPAGE_R | (item[2 * i + 1] & 3);
			spec.cap_loader[i] = obj_lookup(item[2 * i + 1], &type, &owner, &ptr) &&
					     type == OBJ_LOADER;
		} else {
			spec.caps[i] = MOE_RECV_WINDOW + ((uint64_t)i << L4_CAP_SHIFT);
			spec.cap_rights[i] = L4_CAP_FPAGE_RWSD;
		}
		spec.ncaps++;
	}
	/*
	 * Options after the names: mem=BYTES, the program's memory quota;
	 * env=NAME=VALUE, its environment; log_color=N (L4Re's colour value)
	 * and log_flag=FLAG (cons's options, kept with the log), as ned's
	 * env.log = { tag, color, flags... }.
	 */
	static char flags[LOG_FLAGS_MAX];
	spec.log_flags = flags;
	bool bad_log = false;
	while (at < len) {
		const char *o = block + at;
		size_t n = strlen(o);
		if (strncmp(o, "mem=", 4) == 0)
			spec.mem_quota = strtoull(o + 4, NULL, 0);
		else if (strncmp(o, "env=", 4) == 0) {
			if (spec.nenv == APP_MAX_ENV || !env_var_ok(o + 4))
				return refuse_start("a bad or 17th environment variable");
			spec.envv[spec.nenv++] = o + 4;
		} else if (strncmp(o, "log_color=", 10) == 0) {
			unsigned long c = strtoul(o + 10, NULL, 0);
			bad_log |= c > 15; /* before the cast: 2^32 + 1 is no colour 1 */
			spec.log_color = (unsigned)(c & 15);
		} else if (strncmp(o, "log_flag=", 9) == 0 && l4re_log_flag_ok(o + 9, n - 9) &&
			   n - 9 < sizeof(flags) - spec.log_flags_len) {
			memcpy(flags + spec.log_flags_len, o + 9, n - 9 + 1);
			spec.log_flags_len += n - 9 + 1;
		} else if (strncmp(o, "log_", 4) == 0)
			bad_log = true;
		at += n + 1;
	}
	argv[spec.argc] = NULL;
	spec.argv = argv;
	spec.starter = caller;
	const char *why;
	/* Never more than the starter has: refused before anything is made. */
	if (spec.mem_quota > caller->child_max) {
		moe_log("cannot start %s: a quota of %llu bytes is more than its starter's (%llu)",
			spec.argc ? argv[0] : "(nothing)", (unsigned long long)spec.mem_quota,
			(unsigned long long)caller->child_max);
		drop_passed_caps();
		return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
	}
	why = "no program named";
	l4_cap_idx_t irq;
	struct app *a = NULL;
	if (!take_exit_irq(&spec, &irq))
		why = "@exit_irq is not an IRQ";
	else if (bad_log)
		why = "a bad log colour or flag";
	else if (spec.argc)
		a = app_start(&spec, &why);
	if (a && irq) {
		slots[a->slot].exit_irq = moe_slot();
		if (l4_task_grant(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
				  L4_OBJ_FPAGE(irq, 0, L4_CAP_FPAGE_RWSD),
				  slots[a->slot].exit_irq) != 0) {
			moe_slot_free(slots[a->slot].exit_irq);
			slots[a->slot].exit_irq = 0;
		}
	}
	/* moe's copies of the passed capabilities are not needed any more. */
	drop_passed_caps();
	if (!a) {
		moe_log("cannot start %s: %s", spec.argc ? argv[0] : "(nothing)", why);
		/* Lack of memory is the starter's to know apart: it may try again later. */
		return L4_MSGTAG(strncmp(why, "out of", 6) == 0 ? -L4_ENOMEM : -L4_ENOENT, 0, 0, 0);
	}
	u->mr[0] = (uint64_t)app_handle(a);
	return L4_MSGTAG(0, 1, 0, 0);
}
