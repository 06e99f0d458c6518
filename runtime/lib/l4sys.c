// SPDX-License-Identifier: BSD-2-Clause
/* Client stubs of the kernel object protocols. */
#include <string.h>

#include <l4/sys/task.h>
#include <l4/sys/vcon.h>

long l4_vcon_write(l4_cap_idx_t vcon, const char *buf, size_t len)
{
	struct l4_utcb *u = l4_utcb();

	if (len > L4_VCON_WRITE_SIZE)
		len = L4_VCON_WRITE_SIZE;
	u->mr[0] = L4_VCON_WRITE_OP;
	u->mr[1] = len;
	memcpy(&u->mr[2], buf, len);
	unsigned words = 2 + (unsigned)((len + 7) / 8);
	return l4_result(l4_ipc_call(vcon, L4_MSGTAG(L4_PROTO_LOG, words, 0, 0)));
}

long l4_task_exit(l4_cap_idx_t task, long code)
{
	struct l4_utcb *u = l4_utcb();

	u->mr[0] = L4_TASK_EXIT_OP;
	u->mr[1] = (uint64_t)code;
	return l4_result(l4_ipc_call(task, L4_MSGTAG(L4_PROTO_TASK, 2, 0, 0)));
}
