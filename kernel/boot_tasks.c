// SPDX-License-Identifier: BSD-2-Clause
/*
 * The first tasks: sigma0 (the root pager, owner of all free RAM) and moe
 * (the root task, whose pager is sigma0), and moe starts init. Only
 * tern.root= runs one program alone as the root task (what the kernel tests
 * use): a boot archive without a usable rom/sigma0 or rom/moe is a broken
 * system, reported before the machine powers off, never run some other way.
 */
#include <string.h>

#include "arch/memlayout.h"
#include "arch/psci.h"
#include "boot_tasks.h"
#include "console.h"
#include "cpio.h"
#include "factory.h"
#include "format.h"
#include "gate.h"
#include "loader.h"
#include "mem_space.h"
#include "page_alloc.h"
#include "panic.h"
#include "sigma0_mem.h"
#include "task.h"
#include "thread.h"

#define MAX_ARGS     16
#define BOOTARGS_MAX 512
#define SIGMA0_PRIO  150
#define MOE_PRIO     120
#define ROOT_PRIO    100

struct boot_options {
	const char *init; /* "rom/NAME" */
	const char *root; /* tern.root=, or NULL */
	const char *selftest;
	const char *args[MAX_ARGS]; /* words that are not kernel options */
	int nargs;
};

static char args_buf[BOOTARGS_MAX];

static void parse_bootargs(const char *args, struct boot_options *o)
{
	size_t n = strnlen(args, BOOTARGS_MAX - 1);
	memcpy(args_buf, args, n);
	args_buf[n] = '\0';
	for (char *p = args_buf; *p;) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		/* A word ends at a space outside double quotes, which go (as Linux's). */
		char *tok = p, *out = p;
		bool quoted = false;
		for (; *p && (quoted || *p != ' '); p++) {
			if (*p == '"')
				quoted = !quoted;
			else
				*out++ = *p;
		}
		if (*p)
			p++;
		*out = '\0';
		if (strncmp(tok, "init=", 5) == 0)
			o->init = tok + 5;
		else if (strncmp(tok, "tern.root=", 10) == 0)
			o->root = tok + 10;
		else if (strncmp(tok, "tern.selftest=", 14) == 0)
			o->selftest = tok + 14;
		else if (o->nargs < MAX_ARGS)
			o->args[o->nargs++] = tok;
	}
}

static void run_selftest(const char *name)
{
	if (strcmp(name, "panic") == 0) {
		kprintf("[kernel] selftest: touching an unmapped kernel address\n");
		*(volatile u64 *)0xffff800000000000UL = 1;
	}
	kprintf("[kernel] selftest: unknown test '%s'\n", name);
}

static const char *module_name(const char *path)
{
	return strncmp(path, "rom/", 4) == 0 ? path + 4 : path;
}

/* Load rom/NAME from the archive; prints why not and returns false on failure. */
static bool load_module(const void *archive, size_t len, const char *path, int argc,
			const char *const *argv, struct loaded *out)
{
	struct cpio_file f;
	const char *name = module_name(path);
	enum cpio_status cs = cpio_find(archive, len, name, &f);

	if (cs != CPIO_OK) {
		kprintf("[kernel] cannot find rom/%s in the boot modules: %s\n", name,
			cpio_strerror(cs));
		return false;
	}
	kprintf("[kernel] starting rom/%s (%lu bytes)\n", name, f.size);
	if (f.size == 0) {
		kprintf("[kernel] rom/%s rejected: the file is empty\n", name);
		return false;
	}
	const char *err = loader_load(name, f.data, f.size, argc, argv, out);
	if (err) {
		kprintf("[kernel] rom/%s rejected: %s\n", name, err);
		return false;
	}
	return true;
}

/* The root task alone, with the whole initial object space of docs/abi.md. */
static void start_root(const void *archive, size_t len, const char *path,
		       const struct boot_options *o)
{
	const char *argv[MAX_ARGS + 1] = {path};
	struct loaded l;

	for (int i = 0; i < o->nargs; i++)
		argv[i + 1] = o->args[i];
	if (!load_module(archive, len, path, o->nargs + 1, argv, &l))
		return;
	struct factory *f = factory_create_root();
	struct task *t = l.task;
	t->sigma0 = true;
	if (!f || cap_insert_root(t, L4_BASE_FACTORY_CAP, &f->obj, CAP_ALL) ||
	    cap_insert_root(t, L4_BASE_LOG_CAP, &vcon_object, CAP_R | CAP_W) ||
	    cap_insert_root(t, L4_BASE_ICU_CAP, &icu_object, CAP_R | CAP_W) ||
	    cap_insert_root(t, L4_BASE_SCHEDULER_CAP, &scheduler_object, CAP_R | CAP_W))
		panic("out of memory for the root task's capabilities");
	loader_run(&l, ROOT_PRIO);
}

/* The boot module archive, read-only in moe at MOE_ROM_VA. */
static long map_rom(struct task *moe, paddr_t start, paddr_t end)
{
	for (paddr_t pa = ALIGN_DOWN(start, PAGE_SIZE); pa < end; pa += PAGE_SIZE) {
		long err = mem_insert_root(moe, MOE_ROM_VA + (pa - ALIGN_DOWN(start, PAGE_SIZE)),
					   pa, VSPACE_R, false, false);
		if (err)
			return err;
	}
	return 0;
}

/* Both runtime modules or neither: each one missing is named before anything starts. */
static bool runtime_present(const void *archive, size_t len)
{
	static const char *const names[] = {"sigma0", "moe"};
	struct cpio_file f;
	bool ok = true;

	for (unsigned i = 0; i < ARRAY_SIZE(names); i++) {
		enum cpio_status cs = cpio_find(archive, len, names[i], &f);
		if (cs != CPIO_OK) {
			kprintf("[kernel] cannot find rom/%s in the boot modules: %s\n", names[i],
				cpio_strerror(cs));
			ok = false;
		}
	}
	return ok;
}

static bool start_runtime(const struct platform *p, const void *archive, size_t len,
			  const struct boot_options *o)
{
	static char ram_args[8][40], rom_arg[48];
	const char *argv[MAX_ARGS + 8];
	struct mem_region ram[8];
	struct loaded s0, moe;
	int argc = 0;

	sigma0_mem_init();
	unsigned nram = sigma0_mem_ranges(ram, ARRAY_SIZE(ram));
	argv[argc++] = "rom/sigma0";
	for (unsigned i = 0; i < nram; i++) {
		format_snprintf(ram_args[i], sizeof(ram_args[i]), "ram=0x%lx:0x%lx", ram[i].base,
				ram[i].size);
		argv[argc++] = ram_args[i];
	}
	kprintf("[kernel] sigma0 gets %lu MiB of RAM in %u range(s); the kernel keeps %lu MiB\n",
		(ram[0].size + (nram > 1 ? ram[1].size : 0)) >> 20, nram,
		(kernel_pages.free_pages << PAGE_SHIFT) >> 20);
	if (!runtime_present(archive, len) ||
	    !load_module(archive, len, "rom/sigma0", argc, argv, &s0))
		return false;
	s0.task->sigma0 = true;
	if (cap_insert_root(s0.task, L4_BASE_LOG_CAP, &vcon_object, CAP_R | CAP_W))
		panic("out of memory for sigma0's capabilities");

	/* moe: rom=VA:SIZE, then the init program and its arguments. */
	argc = 0;
	argv[argc++] = "rom/moe";
	format_snprintf(rom_arg, sizeof(rom_arg), "rom=0x%lx:0x%lx",
			MOE_ROM_VA + (p->initrd_start & (PAGE_SIZE - 1)), (u64)len);
	argv[argc++] = rom_arg;
	argv[argc++] = o->init ? o->init : "rom/ned";
	for (int i = 0; i < o->nargs; i++)
		argv[argc++] = o->args[i];
	if (!load_module(archive, len, "rom/moe", argc, argv, &moe))
		return false; /* sigma0 never ran: the machine goes off with it */
	struct factory *f = factory_create_root();
	struct ipc_gate *pager = gate_create_kernel(s0.thread, 0x10);
	if (!f || !pager || map_rom(moe.task, p->initrd_start, p->initrd_end) ||
	    cap_insert_root(moe.task, L4_BASE_FACTORY_CAP, &f->obj, CAP_ALL) ||
	    cap_insert_root(moe.task, L4_BASE_PAGER_CAP, &pager->obj, CAP_R | CAP_W) ||
	    cap_insert_root(moe.task, L4_BASE_LOG_CAP, &vcon_object, CAP_R | CAP_W) ||
	    cap_insert_root(moe.task, L4_BASE_ICU_CAP, &icu_object, CAP_R | CAP_W) ||
	    cap_insert_root(moe.task, L4_BASE_SCHEDULER_CAP, &scheduler_object, CAP_R | CAP_W))
		panic("out of memory for moe's capabilities");
	moe.thread->pager_sel = L4_BASE_PAGER_CAP;
	loader_run(&s0, SIGMA0_PRIO);
	loader_run(&moe, MOE_PRIO);
	return true;
}

void boot_start_tasks(const struct platform *p)
{
	static struct boot_options o;

	parse_bootargs(p->bootargs, &o);
	if (o.selftest)
		run_selftest(o.selftest);
	if (!p->initrd_start) {
		kprintf("[kernel] no boot module archive (initrd): nothing to run\n");
		return;
	}
	const void *archive = pa_to_kva(p->initrd_start);
	size_t len = p->initrd_end - p->initrd_start;

	if (o.root) {
		start_root(archive, len, o.root, &o);
		return;
	}
	if (start_runtime(p, archive, len, &o))
		return;
	/* Not the idle loop's "no threads left": a half-made sigma0 would keep it waiting. */
	kprintf("[kernel] the runtime cannot start (tern.root=rom/NAME runs one program alone); "
		"powering off\n");
	psci_system_off();
	for (;;)
		__asm__ volatile("wfi");
}
