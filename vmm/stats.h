/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exit statistics, as perf kvm stat's: per exit reason, and below it per
 * MMIO device, trapped system register and SMCCC function id, the count and
 * (with --stats) the VMM's handling time. Each vCPU keeps its own (no
 * atomics on the exit path); they are merged and printed when the VM ends.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The exit reasons, as L4_VCPU_EXIT_*; NONE (0) is counted with KICK's slot 0. */
#define STATS_REASONS 10
/* Detail lines (device, register, function id) a vCPU keeps; more are counted as "other". */
#define STATS_DETAILS 24

/* The VMM's handling time of exits (--stats), in counter ticks. */
struct stat_time {
	uint64_t count, sum, min, max;
};

/* What a detail line is keyed by: an MMIO device's name, a register's encoding, a function id. */
enum stat_kind { STAT_NONE, STAT_DEVICE, STAT_SYSREG, STAT_FUNC };

struct stat_detail {
	uint8_t reason;
	uint8_t kind;	  /* enum stat_kind */
	uint64_t key;	  /* encoding or function id */
	const char *name; /* STAT_DEVICE: the bus region's name (NULL: RAM or nothing) */
	struct stat_time t;
};

struct exit_stats {
	uint64_t count[STATS_REASONS];		/* every exit, by exit_dispatch: one add */
	struct stat_time reason[STATS_REASONS]; /* the timed ones (--stats), by the vCPU loop */
	struct stat_detail detail[STATS_DETAILS];
	unsigned ndetail;
	uint64_t lost; /* exits whose detail found no free line */
};

static inline void stat_time_add(struct stat_time *t, uint64_t ticks)
{
	t->count++;
	t->sum += ticks;
	if (ticks < t->min || t->count == 1)
		t->min = ticks;
	if (ticks > t->max)
		t->max = ticks;
}

/*
 * The time of an exit of reason (< STATS_REASONS), which exit_dispatch has
 * counted, for the reason and its detail line (kind STAT_NONE: none).
 */
void stats_add(struct exit_stats *s, unsigned reason, enum stat_kind kind, uint64_t key,
	       const char *name, uint64_t ticks);
/* Add src into dst (the vCPUs' tables into one). */
void stats_merge(struct exit_stats *dst, const struct exit_stats *src);
/*
 * The table, a line at a time through out (at most max_lines lines: the
 * reasons sorted by count, each with its detail lines sorted by count).
 * freq: counter ticks per second; timed: whether times were taken.
 */
void stats_format(const struct exit_stats *s, uint64_t freq, bool timed, unsigned max_lines,
		  void (*out)(void *ctx, const char *line), void *ctx);
