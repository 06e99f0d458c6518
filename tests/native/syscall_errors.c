// SPDX-License-Identifier: BSD-2-Clause
/* Bad system-call arguments must come back as error codes (TAP output). */
#include <stdio.h>
#include <string.h>

#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>

static int n, failed;

static void check(int ok, const char *what)
{
	n++;
	if (!ok)
		failed++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", n, what);
}

int main(void)
{
	struct l4_utcb *u = l4_utcb();
	l4_msgtag_t t;

	t = l4_ipc_call(40UL << L4_CAP_SHIFT, L4_MSGTAG(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER);
	check(l4_ipc_error(t) == L4_IPC_ENOT_EXISTENT, "empty capability slot -> ENOT_EXISTENT");
	t = l4_ipc_call(100000UL << L4_CAP_SHIFT, L4_MSGTAG(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER);
	check(l4_ipc_error(t) == L4_IPC_ENOT_EXISTENT,
	      "selector beyond the table -> ENOT_EXISTENT");
	t = l4_ipc_call(L4_INVALID_CAP, 0, L4_IPC_NEVER);
	check(l4_ipc_error(t) == L4_IPC_ENOT_EXISTENT, "invalid selector -> ENOT_EXISTENT");

	u->mr[0] = L4_VCON_WRITE_OP;
	u->mr[1] = 0;
	t = l4_ipc_call(L4_BASE_LOG_CAP, L4_MSGTAG(L4_PROTO_LOG, 63, 0, 0), L4_IPC_NEVER);
	check(l4_result(t) == 0, "a 63-word message is accepted");
	t = l4_ipc_call(L4_BASE_LOG_CAP, L4_MSGTAG(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
	check(l4_result(t) == -L4_EBADPROTO, "wrong protocol -> EBADPROTO");
	u->mr[0] = 77;
	t = l4_ipc_call(L4_BASE_LOG_CAP, L4_MSGTAG(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER);
	check(l4_result(t) == -L4_ENOSYS, "unknown opcode -> ENOSYS");
	u->mr[0] = L4_VCON_WRITE_OP;
	u->mr[1] = 1000;
	t = l4_ipc_call(L4_BASE_LOG_CAP, L4_MSGTAG(L4_PROTO_LOG, 3, 0, 0), L4_IPC_NEVER);
	check(l4_result(t) == -L4_ERANGE, "write length beyond the message -> ERANGE");
	u->mr[1] = ~0UL;
	t = l4_ipc_call(L4_BASE_LOG_CAP, L4_MSGTAG(L4_PROTO_LOG, 63, 0, 0), L4_IPC_NEVER);
	check(l4_result(t) == -L4_ERANGE, "huge write length -> ERANGE");
	t = l4_ipc_call(L4_BASE_LOG_CAP, L4_MSGTAG(L4_PROTO_LOG, 0, 0, 0), L4_IPC_NEVER);
	check(l4_result(t) == -L4_EINVAL, "empty message -> EINVAL");
	t = l4_invoke(L4_BASE_LOG_CAP, L4_SYSF_SEND, L4_MSGTAG(L4_PROTO_LOG, 1, 0, 0));
	check(l4_ipc_error(t) == L4_IPC_EBADFLAGS, "send-only to a kernel object -> EBADFLAGS");
	u->mr[0] = 99;
	t = l4_ipc_call(L4_BASE_THREAD_CAP, L4_MSGTAG(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER);
	check(l4_result(t) == -L4_ENOSYS, "unknown thread opcode -> ENOSYS");
	u->mr[0] = 5;
	t = l4_ipc_call(L4_BASE_TASK_CAP, L4_MSGTAG(L4_PROTO_TASK, 1, 0, 0), L4_IPC_NEVER);
	check(l4_result(t) == -L4_ENOSYS, "unknown task opcode -> ENOSYS");
	check(l4_vcon_write(L4_BASE_LOG_CAP, "vcon write works\n", 17) == 0, "vcon write -> EOK");

	printf("syscall_errors: %d passed, %d failed\n", n - failed, failed);
	return failed ? 1 : 0;
}
