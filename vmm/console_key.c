// SPDX-License-Identifier: BSD-2-Clause
/* The VMM's console key between the console and the guest (console_key.h). */
#include "console_key.h"

unsigned console_filter(struct console_filter *f, const char *in, unsigned n, char *out,
			enum console_request *req)
{
	unsigned len = 0;

	for (unsigned i = 0; i < n; i++) {
		char c = in[i];
		if (!f->escaped && c == CONSOLE_ESCAPE) {
			f->escaped = true;
			continue;
		}
		if (f->escaped) {
			f->escaped = false;
			if (c == 's')
				*req = CONSOLE_STATS;
			if (c != CONSOLE_ESCAPE)
				continue;
		}
		out[len++] = c;
	}
	return len;
}
