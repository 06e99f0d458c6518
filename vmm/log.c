// SPDX-License-Identifier: BSD-2-Clause
/*
 * The VMM's lines go to stdout, which moe tags "[vmm]". picolibc's stdio
 * takes its recursive lock per character, so two threads could mix their
 * characters in one line: holding the same lock for the whole line keeps
 * lines whole (stdio_vcon.c sends a line per message at the newline).
 */
#include <stdarg.h>
#include <stdio.h>
#include <sys/lock.h>

#include "log.h"

#define LINE_MAX_CHARS 256

bool vmm_verbose;
/* The guest's partial line (a prompt) is on the console: the VMM's own lines start afresh. */
static bool partial;

static void vmm_vprint(const char *prefix, const char *fmt, va_list ap)
{
	char line[LINE_MAX_CHARS];

	vsnprintf(line, sizeof(line), fmt, ap);
	__LIBC_LOCK();
	if (partial && *prefix)
		fputc('\n', stdout);
	partial = false;
	fputs(prefix, stdout);
	fputs(line, stdout);
	fputc('\n', stdout);
	__LIBC_UNLOCK();
}

void vmm_print(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmm_vprint("", fmt, ap);
	va_end(ap);
}

void vmm_write(const char *s, unsigned n)
{
	__LIBC_LOCK();
	fwrite(s, 1, n, stdout);
	fflush(stdout);
	partial = n && s[n - 1] != '\n';
	__LIBC_UNLOCK();
}

void vmm_log(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmm_vprint("vmm: ", fmt, ap);
	va_end(ap);
}

void vmm_debug(const char *fmt, ...)
{
	va_list ap;
	if (!vmm_verbose)
		return;
	va_start(ap, fmt);
	vmm_vprint("vmm: ", fmt, ap);
	va_end(ap);
}
