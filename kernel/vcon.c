// SPDX-License-Identifier: BSD-2-Clause
/* Vcon: the kernel debug console as an object (L4_PROTO_LOG). */
#include "console.h"
#include "syscall.h"
#include "task.h"
#include "tern/syscall.h"
#include "thread.h"

struct kobject vcon_object = {.type = KOBJ_VCON, .refs = 1};

u64 vcon_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	struct l4_utcb *u = thread_utcb(caller);
	unsigned words = L4_MSGTAG_WORDS(tag);

	(void)obj;
	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_LOG)
		return L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
	if (words < 1)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	switch (u->mr[0]) {
	case L4_VCON_WRITE_OP: {
		if (!(rights & CAP_W))
			return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
		if (words < 2)
			return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		u64 len = u->mr[1];
		if (len > (u64)(words - 2) * sizeof(u64))
			return L4_MSGTAG(-L4_ERANGE, 0, 0, 0);
		console_write((const char *)&u->mr[2], len);
		return L4_MSGTAG(L4_EOK, 0, 0, 0);
	}
	default: return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	}
}
