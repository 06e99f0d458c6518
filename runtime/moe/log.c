// SPDX-License-Identifier: BSD-2-Clause
/*
 * Programs' logs: the Vcon protocol served by moe, one object per program.
 * Output goes to the console as "[tag] line". Input from the console goes
 * to one program at a time, the focus: the one that most recently bound an
 * IRQ to its log (a VMM's PL011 does so). The focus's partial lines (a
 * shell's prompt) are shown at once; other programs print whole lines, and
 * a line of theirs first ends the partial one on the screen.
 */
#include <stdio.h>
#include <string.h>

#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>
#include <l4re/env.h>

#include "moe.h"

static struct app *shown;	      /* whose partial line ends the console's output now */
static uint64_t focus_seq;	      /* bind counter: the latest binder has the focus */
static struct app *focus;	      /* NULL: input is dropped */
static struct app *all[MOE_MAX_APPS]; /* programs with an IRQ bound, for a new focus */
static l4_cap_idx_t input_irq;	      /* the kernel console's, attached to moe's thread */

void log_break_line(void)
{
	if (shown)
		fputc('\n', stdout);
	shown = NULL;
}

/*
 * n bytes of a's output; newline: the line ends here. Put together by hand:
 * snprintf was a third of a log line's cost. As its "%.*s" did, a NUL byte
 * ends what is shown of the line.
 */
static void log_emit(struct app *a, const char *s, unsigned n, bool newline)
{
	char out[sizeof(a->name) + sizeof(a->line) + 4];
	size_t len = 0;

	if (shown != a) {
		log_break_line();
		size_t tag = strlen(a->name);
		out[len++] = '[';
		memcpy(out + len, a->name, tag);
		len += tag;
		out[len++] = ']';
		out[len++] = ' ';
	}
	const char *nul = memchr(s, '\0', n);
	if (nul)
		n = (unsigned)(nul - s);
	memcpy(out + len, s, n);
	len += n;
	if (newline)
		out[len++] = '\n';
	/* moe's own unfinished output first, then the line straight to the console. */
	fflush(stdout);
	for (size_t at = 0; at < len; at += L4_VCON_WRITE_SIZE)
		l4_vcon_write(L4_BASE_LOG_CAP, out + at,
			      len - at < L4_VCON_WRITE_SIZE ? len - at : L4_VCON_WRITE_SIZE);
	shown = newline ? NULL : a;
}

static l4_msgtag_t log_write(struct app *a, unsigned words)
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
		size_t room = sizeof(a->line) - 1 - a->line_len;
		size_t take = len - i < room ? len - i : room;
		const char *nl = memchr(s + i, '\n', take);
		if (nl)
			take = (size_t)(nl - (s + i));
		memcpy(a->line + a->line_len, s + i, take);
		a->line_len += take;
		i += take + (nl != NULL);
		if (nl || a->line_len == sizeof(a->line) - 1) {
			log_emit(a, a->line, a->line_len, true);
			a->line_len = 0;
		}
	}
	if (a == focus && a->line_len) {
		log_emit(a, a->line, a->line_len, false);
		a->line_len = 0;
	}
	return L4_MSGTAG(0, 0, 0, 0);
}

static l4_msgtag_t log_read(struct app *a, unsigned words)
{
	struct l4_utcb *u = l4_utcb();

	if (words < 2)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	uint64_t max = u->mr[1] < L4_VCON_READ_SIZE ? u->mr[1] : L4_VCON_READ_SIZE;
	char *out = (char *)&u->mr[1];
	unsigned n = 0;
	while (n < max && a->in_len) {
		out[n++] = a->in[a->in_head];
		a->in_head = (a->in_head + 1) % sizeof(a->in);
		a->in_len--;
	}
	u->mr[0] = n;
	return L4_MSGTAG(0, 1 + (n + 7) / 8, 0, 0);
}

/* The bound program with the latest bind, or NULL. */
static struct app *latest_binder(void)
{
	struct app *best = NULL;

	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i] && (!best || all[i]->input_seq > best->input_seq))
			best = all[i];
	return best;
}

static void log_unbind(struct app *a)
{
	if (a->input_irq == L4_INVALID_CAP)
		return;
	l4_task_unmap(L4_BASE_TASK_CAP, L4_OBJ_FPAGE(a->input_irq, 0, L4_CAP_FPAGE_RWSD),
		      L4_FP_ALL_SPACES);
	moe_slot_free(a->input_irq);
	a->input_irq = L4_INVALID_CAP;
	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i] == a)
			all[i] = NULL;
	if (focus == a)
		focus = latest_binder();
}

/* The IRQ comes as a capability item (the kernel's Vcon reads mr[1] instead). */
static l4_msgtag_t log_bind_irq(struct app *a, l4_msgtag_t tag, unsigned words)
{
	struct l4_utcb *u = l4_utcb();

	if (words < 2)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	if (u->mr[1] == L4_INVALID_CAP) {
		log_unbind(a);
		return L4_MSGTAG(0, 0, 0, 0);
	}
	if (L4_MSGTAG_ITEMS(tag) != 1 || (u->mr[words] & L4_ITEM_LOCAL_ID))
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	unsigned free_i = sizeof(all) / sizeof(all[0]);
	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!all[i] || all[i] == a)
			free_i = i;
	l4_cap_idx_t slot = moe_slot();
	if (free_i == sizeof(all) / sizeof(all[0]) || slot == L4_INVALID_CAP)
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	if (l4_task_grant(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
			  L4_OBJ_FPAGE(MOE_RECV_WINDOW, 0, L4_CAP_FPAGE_RWSD), slot) != 0) {
		moe_slot_free(slot);
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	}
	log_unbind(a);
	a->input_irq = slot;
	a->input_seq = ++focus_seq;
	all[free_i] = a;
	focus = a;
	if (a->in_len)
		l4_irq_trigger(slot);
	return L4_MSGTAG(0, 0, 0, 0);
}

l4_msgtag_t log_request(struct app *a, l4_msgtag_t tag)
{
	struct l4_utcb *u = l4_utcb();
	unsigned words = L4_MSGTAG_WORDS(tag);

	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_LOG || words < 1)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	switch (u->mr[0]) {
	case L4_VCON_WRITE_OP: return log_write(a, words);
	case L4_VCON_READ_OP: return log_read(a, words);
	case L4_VCON_BIND_IRQ_OP: return log_bind_irq(a, tag, words);
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

void log_end(struct app *a)
{
	if (a->line_len)
		log_emit(a, a->line, a->line_len, true);
	if (shown == a)
		log_break_line();
	log_unbind(a);
}

bool log_init(void)
{
	input_irq = moe_slot();
	return input_irq != L4_INVALID_CAP &&
	       l4_factory_create_irq(L4_BASE_FACTORY_CAP, input_irq) == 0 &&
	       l4_irq_attach(input_irq, moe_server_thread, MOE_CONSOLE_LABEL) == 0 &&
	       l4_vcon_bind_irq(L4_BASE_LOG_CAP, input_irq) == 0;
}
