// SPDX-License-Identifier: BSD-2-Clause
/*
 * Logs: the Vcon protocol served by moe, one object per program and one per
 * log an allocator made (Proto.Log). Output goes to the console as
 * "[tag] line", in the log's colour (an ANSI escape before the tag, a reset
 * at the line's end). Input from the console goes to one log at a time, the
 * focus: the one that most recently had an IRQ bound (a VMM's PL011 does
 * so). The focus's partial lines (a shell's prompt) are shown at once;
 * other logs print whole lines, and a line of theirs first ends the partial
 * one on the screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>
#include <l4re/env.h>

#include "moe.h"

static struct log *shown;	      /* whose partial line ends the console's output now */
static uint64_t focus_seq;	      /* bind counter: the latest binder has the focus */
static struct log *focus;	      /* NULL: input is dropped */
static struct log *all[MOE_MAX_APPS]; /* logs with an IRQ bound, for a new focus */
static l4_cap_idx_t input_irq;	      /* the kernel console's, attached to moe's thread */

void log_break_line(void)
{
	if (shown)
		fputc('\n', stdout);
	shown = NULL;
}

/* ESC[...m for L4Re's colour value c (1..15); its length. */
static size_t color_escape(char *out, unsigned c)
{
	size_t n = 0;
	out[n++] = '\033';
	out[n++] = '[';
	if (c & 8) {
		memcpy(out + n, "01;", 3);
		n += 3;
	}
	out[n++] = '3';
	out[n++] = (char)('0' + (c & 7));
	out[n++] = 'm';
	return n;
}

/*
 * n bytes of l's output; newline: the line ends here. Put together by hand:
 * snprintf was a third of a log line's cost. As its "%.*s" did, a NUL byte
 * ends what is shown of the line. A coloured log's bytes are framed by its
 * colour and a reset, so a partial line leaves the console uncoloured.
 */
static void log_emit(struct log *l, const char *s, unsigned n, bool newline)
{
	char out[sizeof(l->tag) + sizeof(l->line) + 24];
	size_t len = 0;

	if (l->color)
		len += color_escape(out, l->color);
	if (shown != l) {
		log_break_line();
		size_t tag = strlen(l->tag);
		out[len++] = '[';
		memcpy(out + len, l->tag, tag);
		len += tag;
		out[len++] = ']';
		out[len++] = ' ';
	}
	const char *nul = memchr(s, '\0', n);
	if (nul)
		n = (unsigned)(nul - s);
	memcpy(out + len, s, n);
	len += n;
	if (l->color) {
		memcpy(out + len, "\033[0m", 4);
		len += 4;
	}
	if (newline)
		out[len++] = '\n';
	/* moe's own unfinished output first, then the line straight to the console. */
	fflush(stdout);
	for (size_t at = 0; at < len; at += L4_VCON_WRITE_SIZE)
		l4_vcon_write(L4_BASE_LOG_CAP, out + at,
			      len - at < L4_VCON_WRITE_SIZE ? len - at : L4_VCON_WRITE_SIZE);
	shown = newline ? NULL : l;
}

static l4_msgtag_t log_write(struct log *l, unsigned words)
{
	struct l4_utcb *u = l4_utcb();

	if (words < 2 || u->mr[1] > (words - 2) * 8UL)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	/* Copy first: printing below uses moe's own message registers. */
	char s[L4_UTCB_MRS * 8];
	uint64_t len = u->mr[1];
	memcpy(s, &u->mr[2], len);
	for (uint64_t i = 0; i < len;) {
		/* Up to a newline or until the buffer is full: a whole line, out with the tag. */
		size_t room = sizeof(l->line) - 1 - l->line_len;
		size_t take = len - i < room ? len - i : room;
		const char *nl = memchr(s + i, '\n', take);
		if (nl)
			take = (size_t)(nl - (s + i));
		memcpy(l->line + l->line_len, s + i, take);
		l->line_len += take;
		i += take + (nl != NULL);
		if (nl || l->line_len == sizeof(l->line) - 1) {
			log_emit(l, l->line, l->line_len, true);
			l->line_len = 0;
		}
	}
	if (l == focus && l->line_len) {
		log_emit(l, l->line, l->line_len, false);
		l->line_len = 0;
	}
	return L4_MSGTAG(0, 0, 0, 0);
}

static l4_msgtag_t log_read(struct log *l, unsigned words)
{
	struct l4_utcb *u = l4_utcb();

	if (words < 2)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	uint64_t max = u->mr[1] < L4_VCON_READ_SIZE ? u->mr[1] : L4_VCON_READ_SIZE;
	char *out = (char *)&u->mr[1];
	unsigned n = 0;
	while (n < max && l->in_len) {
		out[n++] = l->in[l->in_head];
		l->in_head = (l->in_head + 1) % sizeof(l->in);
		l->in_len--;
	}
	u->mr[0] = n;
	return L4_MSGTAG(0, 1 + (n + 7) / 8, 0, 0);
}

/* The bound log with the latest bind, or NULL. */
static struct log *latest_binder(void)
{
	struct log *best = NULL;

	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i] && (!best || all[i]->input_seq > best->input_seq))
			best = all[i];
	return best;
}

static void log_unbind(struct log *l)
{
	if (l->input_irq == L4_INVALID_CAP)
		return;
	l4_task_unmap(L4_BASE_TASK_CAP, L4_OBJ_FPAGE(l->input_irq, 0, L4_CAP_FPAGE_RWSD),
		      L4_FP_ALL_SPACES);
	moe_slot_free(l->input_irq);
	l->input_irq = L4_INVALID_CAP;
	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i] == l)
			all[i] = NULL;
	if (focus == l)
		focus = latest_binder();
}

/* The IRQ comes as a capability item (the kernel's Vcon reads mr[1] instead). */
static l4_msgtag_t log_bind_irq(struct log *l, l4_msgtag_t tag, unsigned words)
{
	struct l4_utcb *u = l4_utcb();

	if (words < 2)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	if (u->mr[1] == L4_INVALID_CAP) {
		log_unbind(l);
		return L4_MSGTAG(0, 0, 0, 0);
	}
	if (L4_MSGTAG_ITEMS(tag) != 1 || (u->mr[words] & L4_ITEM_LOCAL_ID))
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	unsigned free_i = sizeof(all) / sizeof(all[0]);
	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!all[i] || all[i] == l)
			free_i = i;
	l4_cap_idx_t slot = moe_slot();
	if (free_i == sizeof(all) / sizeof(all[0]) || slot == L4_INVALID_CAP)
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	if (l4_task_grant(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
			  L4_OBJ_FPAGE(MOE_RECV_WINDOW, 0, L4_CAP_FPAGE_RWSD), slot) != 0) {
		moe_slot_free(slot);
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	}
	log_unbind(l);
	l->input_irq = slot;
	l->input_seq = ++focus_seq;
	all[free_i] = l;
	focus = l;
	if (l->in_len)
		l4_irq_trigger(slot);
	return L4_MSGTAG(0, 0, 0, 0);
}

l4_msgtag_t log_request(struct log *l, l4_msgtag_t tag)
{
	struct l4_utcb *u = l4_utcb();
	unsigned words = L4_MSGTAG_WORDS(tag);

	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_LOG || words < 1)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	switch (u->mr[0]) {
	case L4_VCON_WRITE_OP: return log_write(l, words);
	case L4_VCON_READ_OP: return log_read(l, words);
	case L4_VCON_BIND_IRQ_OP: return log_bind_irq(l, tag, words);
	default: return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	}
}

void log_console_input(void)
{
	char buf[L4_VCON_READ_SIZE];
	long n;

	while ((n = l4_vcon_read(L4_BASE_LOG_CAP, buf, sizeof(buf))) > 0) {
		if (!focus)
			continue; /* nobody reads the console: dropped */
		for (long i = 0; i < n && focus->in_len < sizeof(focus->in); i++) {
			focus->in[(focus->in_head + focus->in_len) % sizeof(focus->in)] = buf[i];
			focus->in_len++;
		}
		l4_irq_trigger(focus->input_irq);
	}
}

void log_end(struct log *l)
{
	if (l->line_len)
		log_emit(l, l->line, l->line_len, true);
	if (shown == l)
		log_break_line();
	log_unbind(l);
}

bool log_init(void)
{
	input_irq = moe_slot();
	return input_irq != L4_INVALID_CAP &&
	       l4_factory_create_irq(L4_BASE_FACTORY_CAP, input_irq) == 0 &&
	       l4_irq_attach(input_irq, moe_server_thread, MOE_CONSOLE_LABEL) == 0 &&
	       l4_vcon_bind_irq(L4_BASE_LOG_CAP, input_irq) == 0;
}

void log_init_obj(struct log *l, const char *tag)
{
	memset(l, 0, sizeof(*l));
	snprintf(l->tag, sizeof(l->tag), "%s", tag);
	l->input_irq = L4_INVALID_CAP;
	l->gate = L4_INVALID_CAP;
}

bool log_add_flag(struct log *l, const char *flag, size_t len)
{
	if (len + 1 > sizeof(l->flags) - l->flags_len)
		return false;
	memcpy(l->flags + l->flags_len, flag, len);
	l->flags[l->flags_len + len] = '\0';
	l->flags_len += (unsigned)len + 1;
	return true;
}

struct log *log_new(struct app *a, const char *tag, l4_cap_idx_t *gate)
{
	struct log *l = malloc(sizeof(*l));
	if (!l)
		return NULL;
	log_init_obj(l, tag);
	l->gate = obj_gate(OBJ_LOG, a, l);
	if (l->gate == L4_INVALID_CAP) {
		free(l);
		return NULL;
	}
	l->next = a->logs;
	a->logs = l;
	a->alloc_objs++; /* it goes when its maker does */
	*gate = l->gate;
	return l;
}

void log_free_all(struct app *a)
{
	for (struct log *l = a->logs, *next; l; l = next) {
		next = l->next;
		log_end(l);
		obj_drop(l->gate);
		free(l);
	}
	a->logs = NULL;
}
