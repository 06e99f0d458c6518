// SPDX-License-Identifier: BSD-2-Clause
/* Vcon: the kernel debug console as an object (L4_PROTO_LOG): output, buffered input. */
#include <string.h>

#include "cap.h"
#include "console.h"
#include "irq.h"
#include "task.h"
#include "thread.h"
#include "vcon.h"

struct kobject vcon_object = {.type = KOBJ_VCON, .refs = 1, .permanent = true};

#define VCON_INPUT_SIZE 256
static char input[VCON_INPUT_SIZE];
static unsigned input_head, input_len;
static struct irq *input_irq; /* a reference */

void vcon_input(char c)
{
	if (input_len < VCON_INPUT_SIZE) {
		input[(input_head + input_len) % VCON_INPUT_SIZE] = c;
		input_len++;
	}
	if (input_irq)
		irq_trigger(input_irq);
}

static u64 vcon_op_write(struct l4_utcb *u, u8 rights, unsigned words)
{
	if (!(rights & CAP_W))
		return kobject_reply(-L4_EPERM, 0);
	if (words < 2)
		return kobject_reply(-L4_EINVAL, 0);
	u64 len = u->mr[1];
	if (len > (u64)(words - 2) * sizeof(u64))
		return kobject_reply(-L4_ERANGE, 0);
	console_write((const char *)&u->mr[2], len);
	return kobject_reply(0, 0);
}

static u64 vcon_op_read(struct l4_utcb *u, u8 rights, unsigned words)
{
	if (!(rights & CAP_R))
		return kobject_reply(-L4_EPERM, 0);
	if (words < 2)
		return kobject_reply(-L4_EINVAL, 0);
	u64 max = MIN(u->mr[1], (u64)(L4_MSG_WORDS_MAX - 1) * sizeof(u64));
	unsigned n = 0;
	char *out = (char *)&u->mr[1];
	while (n < max && input_len) {
		out[n++] = input[input_head];
		input_head = (input_head + 1) % VCON_INPUT_SIZE;
		input_len--;
	}
	u->mr[0] = n;
	return kobject_reply(0, 1 + (n + 7) / 8);
}

static u64 vcon_op_bind_irq(struct thread *caller, u8 rights, unsigned words)
{
	struct l4_utcb *u = caller->utcb;
	struct irq *q = NULL;

	if (!(rights & CAP_W))
		return kobject_reply(-L4_EPERM, 0);
	if (words < 2)
		return kobject_reply(-L4_EINVAL, 0);
	if (u->mr[1] != L4_INVALID_CAP) {
		struct kobject *o = cap_object(caller->task, u->mr[1], NULL);
		if (!o || o->type != KOBJ_IRQ)
			return kobject_reply(-L4_EINVAL, 0);
		q = (struct irq *)o;
		kobject_get(&q->obj);
	}
	if (input_irq)
		kobject_put(&input_irq->obj);
	input_irq = q;
	if (q && input_len)
		irq_trigger(q);
	return kobject_reply(0, 0);
}

u64 vcon_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	struct l4_utcb *u = caller->utcb;
	unsigned words = L4_MSGTAG_WORDS(tag);

	(void)obj;
	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_LOG)
		return kobject_reply(-L4_EBADPROTO, 0);
	if (words < 1)
		return kobject_reply(-L4_EINVAL, 0);
	switch (u->mr[0]) {
	case L4_VCON_WRITE_OP: return vcon_op_write(u, rights, words);
	case L4_VCON_READ_OP: return vcon_op_read(u, rights, words);
	case L4_VCON_BIND_IRQ_OP: return vcon_op_bind_irq(caller, rights, words);
	default: return kobject_reply(-L4_ENOSYS, 0);
	}
}
