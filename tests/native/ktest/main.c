// SPDX-License-Identifier: BSD-2-Clause
/*
 * The kernel test suite (TAP): runs as the root task, optionally fuzzes the
 * system-call interface first (--fuzz N [--seed S]), then runs every group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktest.h"

struct group {
	const char *name;
	void (*run)(void);
	bool maps_into_root; /* changes the root's own mappings: its page tables may grow */
};

static const struct group groups[] = {
	{"caps", caps_tests, false},
	{"caps_map", caps_map_tests, false},
	{"factory", factory_tests, false},
	{"ipc", ipc_tests, false},
	{"timeout", timeout_tests, false},
	{"cancel", cancel_tests, false},
	{"thread", thread_tests, false},
	{"sched", sched_tests, false},
	{"sched_range", sched_range_tests, false},
	{"pager", pager_tests, false},
	{"exception", exception_tests, false},
	{"map", map_tests, false},
	{"items", items_tests, true},
	{"irq", irq_tests, true},
	{"vm", vm_tests, false},
	{"vm_vcpus", vm_vcpus_tests, false},
};

static void run_group(const struct group *g)
{
	long before = kt_quota_left(L4_BASE_FACTORY_CAP);

	printf("# %s\n", g->name);
	g->run();
	long after = kt_quota_left(L4_BASE_FACTORY_CAP);
	if (!g->maps_into_root)
		ok(after == before, "%s: every object made by the group is gone (quota %ld -> %ld)",
		   g->name, before, after);
}

int main(int argc, char **argv)
{
	unsigned long fuzz_n = 0;
	uint64_t seed = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--fuzz") == 0 && i + 1 < argc)
			fuzz_n = strtoul(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
	}

	printf("TAP version 13\n# ktest: Tern kernel tests\n");
	ok(kt_init(), "set-up: main's gates and sleep IRQ created");
	ok(kt_text_end() > KT_TEXT_START && kt_text_end() <= (uintptr_t)&kt,
	   "set-up: text segment %#lx-%#lx lies below the data", KT_TEXT_START,
	   (unsigned long)kt_text_end());

	if (fuzz_n)
		fuzz_run(fuzz_n, seed);

	for (unsigned i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		run_group(&groups[i]);

	printf("ktest: %d passed, %d failed\n", kt_passed, kt_failed);
	printf("1..%d\n", kt_passed + kt_failed);
	return kt_failed ? 1 : 0;
}
