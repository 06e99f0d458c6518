/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Console input on its way to the guest's UART. One key is the VMM's own:
 * Ctrl-] (0x1d, telnet's escape) followed by 's' prints the exit statistics
 * while the VM runs; Ctrl-] twice sends one Ctrl-] to the guest; Ctrl-]
 * followed by anything else is dropped with that byte. Pure C (host-tested).
 */
#pragma once

#include <stdbool.h>

#define CONSOLE_ESCAPE 0x1d

struct console_filter {
	bool escaped; /* the last byte was the escape */
};

/* What a filtered input asks the VMM for, besides bytes for the guest. */
enum console_request { CONSOLE_NONE, CONSOLE_STATS };

/*
 * Filter n bytes of in into out (at least n bytes); returns how many are for
 * the guest. *req is set when a request came (the last one wins).
 */
unsigned console_filter(struct console_filter *f, const char *in, unsigned n, char *out,
			enum console_request *req);
