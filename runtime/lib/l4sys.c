// SPDX-License-Identifier: BSD-2-Clause
/* Client stubs of the kernel console protocol (the rest are inline in l4/sys/). */
#include <string.h>

#include <l4/sys/vcon.h>

long l4_vcon_write(l4_cap_idx_t vcon, const char *buf, size_t len)
{
	struct l4_utcb *u = l4_utcb();

	if (len > L4_VCON_WRITE_SIZE)
		len = L4_VCON_WRITE_SIZE;
	u->mr[0] = L4_VCON_WRITE_OP;
	u->mr[1] = len;
	memcpy(&u->mr[2], buf, len);
	return l4_result(l4_kcall(vcon, L4_PROTO_LOG, 2 + (unsigned)((len + 7) / 8)));
}

long l4_vcon_read(l4_cap_idx_t vcon, char *buf, size_t max)
{
	struct l4_utcb *u = l4_utcb();

	if (max > L4_VCON_READ_SIZE)
		max = L4_VCON_READ_SIZE;
	u->mr[0] = L4_VCON_READ_OP;
	u->mr[1] = max;
	long r = l4_result(l4_kcall(vcon, L4_PROTO_LOG, 2));
	if (r < 0)
		return r;
	size_t n = u->mr[0] < max ? u->mr[0] : max;
	memcpy(buf, &u->mr[1], n);
	return (long)n;
}

long l4_vcon_bind_irq(l4_cap_idx_t vcon, l4_cap_idx_t irq)
{
	struct l4_utcb *u = l4_utcb();

	u->mr[0] = L4_VCON_BIND_IRQ_OP;
	u->mr[1] = irq;
	if (irq == L4_INVALID_CAP)
		return l4_result(l4_kcall(vcon, L4_PROTO_LOG, 2));
	/* The kernel's Vcon reads mr[1]; a log served at user level (moe) takes the item. */
	u->mr[2] = L4_ITEM_MAP;
	u->mr[3] = L4_OBJ_FPAGE(irq, 0, L4_CAP_FPAGE_RWS);
	return l4_result(l4_ipc_call(vcon, L4_MSGTAG(L4_PROTO_LOG, 2, 1, 0), L4_IPC_NEVER));
}
