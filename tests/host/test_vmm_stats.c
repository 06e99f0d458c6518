// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the VMM's exit statistics (vmm/stats.c): per-reason and
 * detail aggregation, min/avg/max, merging vCPUs, a full detail table,
 * the table's order, shares, times and line limit.
 */
#include <string.h>

#include "config.h"
#include "stats.h"
#include "sysreg.h"
#include "tap.h"

static char lines[32][160];
static unsigned nlines;

static void collect(void *ctx, const char *line)
{
	(void)ctx;
	if (nlines < 32)
		snprintf(lines[nlines], sizeof(lines[0]), "%s", line);
	nlines++;
}

static void format(const struct exit_stats *s, bool timed, unsigned max)
{
	nlines = 0;
	/* 1 GHz: a tick is a nanosecond. */
	stats_format(s, 1000000000U, timed, max, collect, NULL);
}

/* An exit as the VMM sees it: exit_dispatch counts, the vCPU loop times. */
static void add(struct exit_stats *s, unsigned reason, enum stat_kind kind, uint64_t key,
		const char *name, uint64_t ticks)
{
	s->count[reason]++;
	stats_add(s, reason, kind, key, name, ticks);
}

static bool has(unsigned i, const char *what)
{
	return i < nlines && i < 32 && strstr(lines[i], what) != NULL;
}

int main(void)
{
	static struct exit_stats a, b, m;

	add(&a, L4_VCPU_EXIT_HVC, STAT_FUNC, 0x86000002, NULL, 10);
	add(&a, L4_VCPU_EXIT_HVC, STAT_FUNC, 0x86000002, NULL, 30);
	add(&a, L4_VCPU_EXIT_HVC, STAT_FUNC, 0x84000000, NULL, 5);
	ok(a.count[L4_VCPU_EXIT_HVC] == 3 && a.reason[L4_VCPU_EXIT_HVC].count == 3,
	   "three HVCs counted");
	ok(a.reason[L4_VCPU_EXIT_HVC].min == 5 && a.reason[L4_VCPU_EXIT_HVC].max == 30 &&
		   a.reason[L4_VCPU_EXIT_HVC].sum == 45,
	   "min, max and sum per reason");
	ok(a.ndetail == 2 && a.detail[0].t.count == 2 && a.detail[0].t.min == 10,
	   "one detail line per function id");

	add(&b, L4_VCPU_EXIT_MMIO, STAT_DEVICE, 0, "pl011", 70);
	add(&b, L4_VCPU_EXIT_MMIO, STAT_DEVICE, 0, "pl011", 50);
	add(&b, L4_VCPU_EXIT_MMIO, STAT_DEVICE, 0, "pl011", 90);
	add(&b, L4_VCPU_EXIT_MMIO, STAT_DEVICE, 0, "pl011", 70);
	add(&b, L4_VCPU_EXIT_MMIO, STAT_DEVICE, 0, NULL, 1000);
	add(&b, L4_VCPU_EXIT_SYSREG, STAT_SYSREG, SYSREG_ICC_SGI1R_EL1, NULL, 40);
	add(&b, L4_VCPU_EXIT_SYSREG, STAT_SYSREG, L4_VCPU_SYSREG(3, 0, 12, 12, 5), NULL, 40);
	add(&b, L4_VCPU_EXIT_HVC, STAT_FUNC, 0x86000002, NULL, 2);
	add(&b, L4_VCPU_EXIT_KICK, STAT_NONE, 0, NULL, 3);

	stats_merge(&m, &a);
	stats_merge(&m, &b);
	ok(m.count[L4_VCPU_EXIT_HVC] == 4 && m.reason[L4_VCPU_EXIT_HVC].min == 2 &&
		   m.reason[L4_VCPU_EXIT_HVC].max == 30,
	   "merged reasons: counts, min, max");
	ok(m.ndetail == 6, "merged detail lines: same keys joined (%u)", m.ndetail);

	format(&m, true, 20);
	ok(nlines == 1 + 4 + 6, "header, 4 reasons, 6 details (%u lines)", nlines);
	ok(has(0, "min ns") && has(0, "make bench"), "the header says what the times are");
	ok(has(1, "MMIO") && has(1, " 5 ") && has(1, "41.7%"), "MMIO first, 5 of 12: %s", lines[1]);
	ok(has(2, "  pl011") && has(2, "50") && has(2, "70") && has(2, "90"),
	   "pl011 below it with min/avg/max: %s", lines[2]);
	ok(has(3, "  RAM faults"), "then the RAM faults: %s", lines[3]);
	ok(has(4, "HVC") && has(5, "  TERN_NOP") && has(6, "  PSCI_VERSION"),
	   "HVC and its function ids by count");
	ok(has(7, "SYSREG") && has(8, "ICC_SGI1R_EL1") && has(9, "S3_0_C12_C12_5"),
	   "registers by name, else by encoding: %s", lines[9]);
	ok(has(10, "KICK") && has(10, " 8.3%"), "KICK last: %s", lines[10]);
	ok(strlen(lines[1]) == strlen(lines[10]) && strlen(lines[2]) == strlen(lines[5]),
	   "aligned columns");

	format(&m, false, 20);
	ok(!has(0, "min ns") && !has(2, " 50 "), "untimed: counts and shares only");
	format(&m, true, 5);
	ok(nlines == 5, "at most the given number of lines (%u)", nlines);

	static struct exit_stats full;
	for (unsigned i = 0; i < STATS_DETAILS + 3; i++)
		add(&full, L4_VCPU_EXIT_HVC, STAT_FUNC, i, NULL, 1);
	ok(full.ndetail == STATS_DETAILS && full.lost == 3 &&
		   full.count[L4_VCPU_EXIT_HVC] == STATS_DETAILS + 3,
	   "a full detail table still counts the reason, and the lost ones");
	static struct exit_stats empty;
	format(&empty, true, 20);
	ok(nlines == 1, "no exits: the header only");
	add(&empty, L4_VCPU_EXIT_SMC, STAT_FUNC, 0xc2000001, NULL, 1);
	format(&empty, true, 20);
	ok(has(2, "  0xc2000001"), "an unknown function id as a number: %s", lines[2]);

	struct vmm_config c;
	char err[160];
	char *argv[] = {"vmm", "-k", "g", "--stats", "--stats-every", "5"};
	ok(config_parse(&c, 6, argv, err, sizeof(err)) == 0 && c.stats && c.stats_every == 5,
	   "--stats and --stats-every 5");
	char *bad[] = {"vmm", "-k", "g", "--stats-every=0"};
	ok(config_parse(&c, 4, bad, err, sizeof(err)) == -1 && strstr(err, "1..3600"),
	   "--stats-every 0 refused: %s", err);
	char *none[] = {"vmm", "-k", "g"};
	ok(config_parse(&c, 3, none, err, sizeof(err)) == 0 && !c.stats && !c.stats_every,
	   "no statistics options: counts only, at the end");
	return tap_done();
}
