// SPDX-License-Identifier: BSD-2-Clause
/*
 * moe, the root task. The kernel starts it with sigma0 as its pager, the boot
 * module archive mapped read-only, and the program to start (init) in its
 * arguments. moe starts init and then serves its objects; when every program
 * has ended, it ends the system (tells sigma0 and exits).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4/sigma0/sigma0.h>
#include <l4/sys/task.h>
#include <l4re/env.h>

#include "moe.h"

#define MOE_HEAP_WARM (6UL << 20) /* of the C library's 8 MiB .bss heap */

void moe_log(const char *fmt, ...)
{
	va_list ap;
	log_break_line();
	printf("[moe] ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static l4_msgtag_t dispatch(l4_umword_t label, l4_msgtag_t tag)
{
	enum obj_type type;
	struct app *a;
	void *ptr;
	struct l4_utcb *u = l4_utcb();

	if (!obj_lookup(label, &type, &a, &ptr))
		return L4_MSGTAG(-L4_ENOENT, 0, 0, 0);
	switch (type) {
	case OBJ_RM:
		if (L4_MSGTAG_LABEL(tag) == L4_PROTO_PF && L4_MSGTAG_WORDS(tag) >= 2)
			return app_page_fault(a, u->mr[0], u->mr[1]);
		if (L4_MSGTAG_LABEL(tag) == L4RE_PROTO_RM)
			return app_rm_request(a, tag);
		return L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
	case OBJ_DS: return ds_request(ptr, tag);
	case OBJ_NS: return ns_request(ptr, tag, (unsigned)(label & 3));
	case OBJ_LOG: return log_request(ptr, tag);
	case OBJ_PARENT: return app_parent(a, tag);
	case OBJ_ALLOC: return alloc_request(a, tag, (unsigned)(label & 3));
	case OBJ_LOADER: return app_loader(a, tag);
	default: return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	}
}

/*
 * Drop moe's capabilities in fp without touching the message registers, which
 * hold a reply about to go or a request just come.
 */
static void drop_caps_keeping_message(l4_fpage_t fp)
{
	l4_umword_t keep[L4_UTCB_MRS];

	memcpy(keep, l4_utcb()->mr, sizeof(keep));
	l4_task_unmap(L4_BASE_TASK_CAP, fp, L4_FP_ALL_SPACES);
	memcpy(l4_utcb()->mr, keep, sizeof(keep));
}

static void shutdown(void)
{
	moe_log("all programs have ended; shutting down");
	l4_utcb()->mr[0] = SIGMA0_OP_SHUTDOWN;
	l4_ipc_call(L4_BASE_PAGER_CAP, L4_MSGTAG(L4_PROTO_SIGMA0, 1, 0, 0), L4_IPC_NEVER);
	l4_task_exit(L4_BASE_TASK_CAP, 0);
}

int main(int argc, char **argv)
{
	const char *why;
	l4_umword_t label;

	/* argv: rom/moe rom=VA:SIZE init [args...] */
	if (argc < 3 || strncmp(argv[1], "rom=", 4) != 0) {
		moe_log("usage: moe rom=ADDR:SIZE PROGRAM [ARGS]");
		return 1;
	}
	char *end;
	uint64_t rom = strtoull(argv[1] + 4, &end, 0);
	rom_init((const void *)rom, *end == ':' ? strtoull(end + 1, NULL, 0) : 0);

	rom_ns_gate = obj_gate(OBJ_NS, NULL, NULL);
	/* Clients pass moe's own objects (dataspaces) back to it: take them as local ids. */
	l4_utcb()->br[L4_BR_FLAGS] = L4_RCV_LOCAL_ID;
	l4_utcb()->br[L4_BR_OBJ] =
		L4_OBJ_FPAGE(MOE_RECV_WINDOW, MOE_RECV_WINDOW_ORDER, L4_CAP_FPAGE_RWSD);
	if (!log_init())
		moe_log("no console input: the kernel console's IRQ cannot be set up");
	moe_log("starting %s", argv[2]);
	/*
	 * moe's heap is in its .bss, whose pages sigma0 maps on a touch: touch
	 * them now, before programs' reservations may take all sigma0 has.
	 */
	void *heap = malloc(MOE_HEAP_WARM);
	if (heap)
		memset(heap, 0, MOE_HEAP_WARM);
	free(heap);
	/*
	 * Then all the rest, as L4Re's moe does: a page from sigma0 costs about
	 * 800 instructions (its fault, then the map to moe); paid once at boot,
	 * not when a program makes a dataspace (a VM's 256 MiB of guest RAM:
	 * 50 M instructions, three times the rest of the VMM's set-up).
	 */
	moe_mem_take_all();
	/* init holds the loader; whom it hands one to may start programs too. */
	struct app_spec spec = {.argc = argc - 2, .argv = argv + 2, .loader = true};
	if (!app_start(&spec, &why)) {
		moe_log("cannot start %s: %s", argv[2], why);
		shutdown();
	}

	l4_msgtag_t t = l4_ipc_wait(&label, L4_IPC_NEVER);
	for (;;) {
		l4_msgtag_t reply = MOE_NO_REPLY;
		if (!l4_ipc_error(t) && label == MOE_CONSOLE_LABEL)
			log_console_input();
		else if (!l4_ipc_error(t))
			reply = dispatch(label, t);
		/*
		 * Capabilities a request brought and its handler did not take must not
		 * stay for the next sender's request to find in the window.
		 */
		if (!l4_ipc_error(t) && L4_MSGTAG_ITEMS(t))
			drop_caps_keeping_message(L4_OBJ_FPAGE(
				MOE_RECV_WINDOW, MOE_RECV_WINDOW_ORDER, L4_CAP_FPAGE_RWSD));
		if (app_count() == 0)
			shutdown();
		if (reply == MOE_NO_REPLY)
			t = l4_ipc_wait(&label, L4_IPC_NEVER);
		else
			t = l4_ipc_reply_and_wait(reply, &label, L4_IPC_NEVER);
		/* The reply has gone (or failed): a slot it granted from is free now. */
		if (moe_after_reply != L4_INVALID_CAP) {
			drop_caps_keeping_message(
				L4_OBJ_FPAGE(moe_after_reply, 0, L4_CAP_FPAGE_RWSD));
			moe_slot_free(moe_after_reply);
			moe_after_reply = L4_INVALID_CAP;
		}
	}
}
