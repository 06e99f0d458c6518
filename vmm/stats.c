// SPDX-License-Identifier: BSD-2-Clause
/*
 * Exit statistics (stats.h): aggregation and the table. Pure C, tested on
 * the host (tests/host/test_vmm_stats.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "smccc.h"
#include "stats.h"
#include "sysreg.h"

static const char *const reason_names[STATS_REASONS] = {
	"NONE", "HVC", "SMC", "MMIO", "PF", "SYSREG", "IRQ", "KICK", "EOI", "UNKNOWN",
};

/* The calls of smccc.h by name; other ids are shown as numbers. */
static const struct {
	uint32_t id;
	const char *name;
} func_names[] = {
	{PSCI_FN_VERSION, "PSCI_VERSION"},   {PSCI_FN_CPU_OFF, "CPU_OFF"},
	{PSCI_FN_CPU_ON, "CPU_ON"},	     {PSCI_FN_AFFINITY_INFO, "AFFINITY_INFO"},
	{PSCI_FN_SYSTEM_OFF, "SYSTEM_OFF"},  {PSCI_FN_SYSTEM_RESET, "SYSTEM_RESET"},
	{PSCI_FN_FEATURES, "PSCI_FEATURES"}, {TERN_HVC_ECHO, "TERN_ECHO"},
	{TERN_HVC_NOP, "TERN_NOP"},	     {TERN_HVC_BENCH, "TERN_BENCH"},
};

static bool detail_same(const struct stat_detail *d, unsigned reason, enum stat_kind kind,
			uint64_t key, const char *name)
{
	return d->reason == reason && d->kind == kind && d->key == key && d->name == name;
}

void stats_add(struct exit_stats *s, unsigned reason, enum stat_kind kind, uint64_t key,
	       const char *name, uint64_t ticks)
{
	stat_time_add(&s->reason[reason], ticks);
	if (kind == STAT_NONE)
		return;
	for (unsigned i = 0; i < s->ndetail; i++) {
		if (detail_same(&s->detail[i], reason, kind, key, name)) {
			stat_time_add(&s->detail[i].t, ticks);
			return;
		}
	}
	if (s->ndetail == STATS_DETAILS) {
		s->lost++;
		return;
	}
	struct stat_detail *d = &s->detail[s->ndetail++];
	*d = (struct stat_detail){
		.reason = (uint8_t)reason, .kind = (uint8_t)kind, .key = key, .name = name};
	stat_time_add(&d->t, ticks);
}

static void stat_time_merge(struct stat_time *dst, const struct stat_time *src)
{
	if (!src->count)
		return;
	if (!dst->count || src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	dst->count += src->count;
	dst->sum += src->sum;
}

void stats_merge(struct exit_stats *dst, const struct exit_stats *src)
{
	for (unsigned r = 0; r < STATS_REASONS; r++) {
		dst->count[r] += src->count[r];
		stat_time_merge(&dst->reason[r], &src->reason[r]);
	}
	for (unsigned i = 0; i < src->ndetail && i < STATS_DETAILS; i++) {
		const struct stat_detail *d = &src->detail[i];
		unsigned j;
		for (j = 0; j < dst->ndetail; j++)
			if (detail_same(&dst->detail[j], d->reason, d->kind, d->key, d->name))
				break;
		if (j == dst->ndetail) {
			if (dst->ndetail == STATS_DETAILS) {
				dst->lost += d->t.count;
				continue;
			}
			dst->detail[dst->ndetail++] = (struct stat_detail){.reason = d->reason,
									   .kind = d->kind,
									   .key = d->key,
									   .name = d->name};
		}
		stat_time_merge(&dst->detail[j].t, &d->t);
	}
	dst->lost += src->lost;
}

/* A detail line's label: the device, the register (by name if known), the function id. */
static void detail_label(const struct stat_detail *d, char *buf, size_t len)
{
	switch (d->kind) {
	case STAT_DEVICE: snprintf(buf, len, "%s", d->name ? d->name : "RAM faults"); return;
	case STAT_SYSREG: {
		const char *n = sysreg_name((uint32_t)d->key);
		if (n)
			snprintf(buf, len, "%s", n);
		else
			snprintf(buf, len,
				 "S%" PRIu64 "_%" PRIu64 "_C%" PRIu64 "_C%" PRIu64 "_%" PRIu64,
				 SYSREG_OP0(d->key), SYSREG_OP1(d->key), SYSREG_CRN(d->key),
				 SYSREG_CRM(d->key), SYSREG_OP2(d->key));
		return;
	}
	default:
		for (size_t i = 0; i < sizeof(func_names) / sizeof(func_names[0]); i++) {
			if (func_names[i].id == d->key) {
				snprintf(buf, len, "%s", func_names[i].name);
				return;
			}
		}
		snprintf(buf, len, "0x%08" PRIx64, d->key);
		return;
	}
}

static uint64_t ticks_ns(uint64_t ticks, uint64_t freq)
{
	return freq ? (uint64_t)((unsigned __int128)ticks * 1000000000U / freq) : 0;
}

/*
 * One line: label, count, share of all exits in tenths of a percent, and
 * min/avg/max in ns of the timed ones (t).
 */
static void format_line(uint64_t count, const struct stat_time *t, const char *label,
			uint64_t total, uint64_t freq, bool timed,
			void (*out)(void *, const char *), void *ctx)
{
	char line[128];
	uint64_t permille = total ? (count * 1000 + total / 2) / total : 0;
	int n = snprintf(line, sizeof(line), "%-18s %10" PRIu64 " %5" PRIu64 ".%" PRIu64 "%%",
			 label, count, permille / 10, permille % 10);

	if (timed && n > 0 && (size_t)n < sizeof(line))
		snprintf(line + n, sizeof(line) - (size_t)n, " %8" PRIu64 " %8" PRIu64 " %8" PRIu64,
			 ticks_ns(t->min, freq), ticks_ns(t->count ? t->sum / t->count : 0, freq),
			 ticks_ns(t->max, freq));
	out(ctx, line);
}

/* Indices of the nonzero entries of counts[0..n), by count, largest first (stable). */
static unsigned sort_by_count(const uint64_t *counts, unsigned n, unsigned *idx)
{
	unsigned m = 0;

	for (unsigned i = 0; i < n; i++) {
		if (!counts[i])
			continue;
		unsigned j = m++;
		for (; j > 0 && counts[idx[j - 1]] < counts[i]; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
	}
	return m;
}

void stats_format(const struct exit_stats *s, uint64_t freq, bool timed, unsigned max_lines,
		  void (*out)(void *ctx, const char *line), void *ctx)
{
	uint64_t counts[STATS_DETAILS > STATS_REASONS ? STATS_DETAILS : STATS_REASONS];
	unsigned order[STATS_REASONS], dorder[STATS_DETAILS];
	uint64_t total = 0;
	unsigned lines = 0;
	char label[40];

	for (unsigned r = 0; r < STATS_REASONS; r++)
		total += counts[r] = s->count[r];
	if (max_lines < 2)
		return;
	out(ctx, timed ? "exits              count      share   min ns   avg ns   max ns"
			 " (VMM handling time; the kernel's is in make bench)"
		       : "exits              count      share (times with --stats)");
	lines++;
	unsigned nr = sort_by_count(counts, STATS_REASONS, order);
	for (unsigned i = 0; i < nr && lines < max_lines; i++) {
		unsigned r = order[i];
		format_line(s->count[r], &s->reason[r], reason_names[r], total, freq, timed, out,
			    ctx);
		lines++;
		unsigned nd = s->ndetail < STATS_DETAILS ? s->ndetail : STATS_DETAILS;
		for (unsigned j = 0; j < nd; j++)
			counts[j] = s->detail[j].reason == r ? s->detail[j].t.count : 0;
		nd = sort_by_count(counts, nd, dorder);
		for (unsigned j = 0; j < nd && lines < max_lines; j++) {
			const struct stat_detail *d = &s->detail[dorder[j]];
			label[0] = ' ';
			label[1] = ' ';
			detail_label(d, label + 2, sizeof(label) - 2);
			format_line(d->t.count, &d->t, label, total, freq, timed, out, ctx);
			lines++;
		}
	}
}
