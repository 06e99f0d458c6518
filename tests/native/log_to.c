// SPDX-License-Identifier: BSD-2-Clause
/*
 * Writes a line to each log capability named in its arguments (and one to
 * its own log): tests that a log made with Proto.Log works as a named cap.
 */
#include <stdio.h>
#include <string.h>

#include <l4/sys/vcon.h>
#include <l4re/env.h>

int main(int argc, char **argv)
{
	char line[96];

	printf("log_to: on my own log\n");
	for (int i = 1; i < argc; i++) {
		l4_cap_idx_t c = l4re_env_get_cap(argv[i]);
		if (c == L4_INVALID_CAP) {
			printf("log_to: no capability '%s'\n", argv[i]);
			return 1;
		}
		snprintf(line, sizeof(line), "log_to: through '%s'\n", argv[i]);
		long r = l4_vcon_write(c, line, strlen(line));
		printf("log_to: wrote to '%s' -> %ld\n", argv[i], r);
	}
	return 0;
}
