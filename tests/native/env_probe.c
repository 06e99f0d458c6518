// SPDX-License-Identifier: BSD-2-Clause
/*
 * Prints what a program finds in its initial environment, for ned scripts
 * to check: its scheduler's priority range and its own priority, and for
 * each argument "cap:path/to/name" whether that name resolves, following
 * namespaces one path component at a time from the named capability cap.
 */
#include <stdio.h>
#include <string.h>

#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4re/client.h>

#define SLOT(n) (L4RE_FIRST_FREE_CAP + ((l4_cap_idx_t)(32 + (n)) << L4_CAP_SHIFT))

static void lookup(const char *spec, unsigned n)
{
	char buf[128], *path;

	snprintf(buf, sizeof(buf), "%s", spec);
	path = strchr(buf, ':');
	if (!path) {
		printf("env_probe: bad argument %s\n", spec);
		return;
	}
	*path++ = '\0';
	l4_cap_idx_t at = l4re_env_get_cap(buf);
	if (at == L4_INVALID_CAP) {
		printf("env_probe: %s: no capability named %s\n", spec, buf);
		return;
	}
	unsigned step = 0;
	for (char *name = strtok(path, "/"); name; name = strtok(NULL, "/"), step++) {
		l4_cap_idx_t next = SLOT(4 * n + step);
		long r = l4re_ns_query(at, name, next);
		if (r != 0) {
			printf("env_probe: %s: missing (%ld at %s)\n", spec, r, name);
			return;
		}
		at = next;
	}
	unsigned rights = 0;
	long type = l4_task_cap_info(L4_BASE_TASK_CAP, at, &rights);
	printf("env_probe: %s: found (type %ld, rights %s%s)\n", spec, type,
	       rights & L4_CAP_FPAGE_R ? "r" : "", rights & L4_CAP_FPAGE_W ? "w" : "");
}

int main(int argc, char **argv)
{
	unsigned base = 0, limit = 0;
	struct l4_thread_stats st = {0};

	l4_scheduler_range(L4_BASE_SCHEDULER_CAP, &base, &limit);
	l4_thread_stats(L4_BASE_THREAD_CAP, &st);
	printf("env_probe: scheduler range %u..%u, running at %lu\n", base, limit, st.prio);
	for (int i = 1; i < argc; i++)
		lookup(argv[i], (unsigned)i);
	return 0;
}
