/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Arguments of the user-level factory protocol (moe's allocator, servers'
 * factories; docs/runtime.md "Factory arguments"): label L4_PROTO_FACTORY,
 * mr[0] = the protocol of the object asked for, then each argument as a
 * header word (type in bits 0..7, byte length from bit 8) and its data:
 * L4RE_VARG_NIL none, L4RE_VARG_INT one word (a signed 64-bit integer),
 * L4RE_VARG_STR the bytes without a NUL, in (length + 7) / 8 words. An
 * argument the message does not carry reads as nil. Kernel factories keep
 * their own positional protocol (docs/abi.md).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <l4/sys/ipc.h>

#define L4RE_VARG_NIL 0U
#define L4RE_VARG_INT 1U
#define L4RE_VARG_STR 2U

struct l4re_varg {
	unsigned type;
	long value;    /* L4RE_VARG_INT */
	const char *s; /* L4RE_VARG_STR: not NUL-terminated, in the message registers */
	size_t len;
};

/* Start a request for an object of protocol proto; *words counts what is in the registers. */
static inline void l4re_factory_begin(long proto, unsigned *words)
{
	l4_utcb()->mr[0] = (l4_umword_t)proto;
	*words = 1;
}

/* Add an argument; false when the registers are full. */
static inline bool l4re_factory_add(unsigned *words, unsigned type, long value, const char *s,
				    size_t len)
{
	struct l4_utcb *u = l4_utcb();
	size_t data = type == L4RE_VARG_INT ? 1 : type == L4RE_VARG_STR ? (len + 7) / 8 : 0;

	if (type > L4RE_VARG_STR || *words + 1 + data > L4_MSG_WORDS_MAX)
		return false;
	u->mr[*words] = type | (type == L4RE_VARG_STR ? (l4_umword_t)len << 8 : 0);
	if (type == L4RE_VARG_INT)
		u->mr[*words + 1] = (l4_umword_t)value;
	if (type == L4RE_VARG_STR && len) {
		u->mr[*words + data] = 0; /* the last word's tail is zero */
		memcpy(&u->mr[*words + 1], s, len);
	}
	*words += 1 + (unsigned)data;
	return true;
}

/* Send the request; the new object lands in slot dst. 0 or -L4_E*. */
static inline long l4re_factory_send(l4_cap_idx_t factory, unsigned words, l4_cap_idx_t dst)
{
	struct l4_utcb *u = l4_utcb();
	u->br[L4_BR_OBJ] = L4_OBJ_FPAGE(dst, 0, L4_CAP_FPAGE_RWSD);
	l4_msgtag_t t =
		l4_ipc_call(factory, L4_MSGTAG(L4_PROTO_FACTORY, words, 0, 0), L4_IPC_NEVER);
	u->br[L4_BR_OBJ] = L4_FPAGE_NIL;
	long r = l4_result(t);
	if (r == 0 && L4_MSGTAG_ITEMS(t) != 1)
		return -L4_EBADPROTO; /* said yes but sent nothing */
	return r;
}

/*
 * Server side: the argument at *at (start with 1) of a request of words
 * words, *at moved past it. 1: read; 0: no more (v is nil); -1: malformed.
 */
static inline int l4re_factory_arg(const l4_umword_t *mr, unsigned words, unsigned *at,
				   struct l4re_varg *v)
{
	*v = (struct l4re_varg){L4RE_VARG_NIL, 0, NULL, 0};
	if (*at >= words)
		return 0;
	l4_umword_t h = mr[*at];
	unsigned type = (unsigned)(h & 0xff);
	size_t len = (size_t)(h >> 8);
	size_t data = type == L4RE_VARG_INT ? 1 : type == L4RE_VARG_STR ? (len + 7) / 8 : 0;
	if (type > L4RE_VARG_STR || (type != L4RE_VARG_STR && len) || data > words - *at - 1)
		return -1;
	v->type = type;
	if (type == L4RE_VARG_INT)
		v->value = (long)mr[*at + 1];
	if (type == L4RE_VARG_STR) {
		v->s = (const char *)&mr[*at + 1];
		v->len = len;
	}
	*at += 1 + (unsigned)data;
	return 1;
}
