// SPDX-License-Identifier: BSD-2-Clause
/*
 * picolibc's stdio back end: stdout and stderr go to the log capability
 * (L4_BASE_LOG_CAP), a line at a time; stdin has no source yet.
 *
 * fputs, puts and fwrite are our own: picolibc's hand every byte to the
 * stream's put function, which for the console takes the C library's lock
 * each time (about 60 instructions a byte). Ours copy whole pieces into the
 * line under one lock; other streams still get their bytes through put.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/lock.h>
#include <unistd.h>

#include <l4/sys/task.h>
#include <l4/sys/vcon.h>
#include <l4re/env.h>

static char line[L4_VCON_WRITE_SIZE];
static size_t line_len;

/* Threads share the line: libc's (recursive) lock keeps it whole (malloc_lock.c). */
static int vcon_flush(FILE *f)
{
	(void)f;
	__LIBC_LOCK();
	if (line_len)
		l4_vcon_write(L4_BASE_LOG_CAP, line, line_len);
	line_len = 0;
	__LIBC_UNLOCK();
	return 0;
}

static int vcon_putc(char c, FILE *f)
{
	__LIBC_LOCK();
	line[line_len++] = c;
	if (c == '\n' || line_len == sizeof(line))
		vcon_flush(f);
	__LIBC_UNLOCK();
	return (unsigned char)c;
}

/* n bytes into the line, each whole line (or full buffer) out in one write. */
static void vcon_put_bytes(const char *s, size_t n)
{
	__LIBC_LOCK();
	while (n) {
		size_t room = sizeof(line) - line_len, take = n < room ? n : room;
		const char *nl = memchr(s, '\n', take);
		if (nl)
			take = (size_t)(nl - s) + 1;
		memcpy(line + line_len, s, take);
		line_len += take;
		s += take;
		n -= take;
		if (nl || line_len == sizeof(line))
			vcon_flush(NULL);
	}
	__LIBC_UNLOCK();
}

static FILE vcon_stdio;

/* The bytes of s through stream f: the number written (fewer: an error). */
static size_t stream_write(FILE *f, const char *s, size_t n)
{
	if (f == &vcon_stdio) {
		vcon_put_bytes(s, n);
		return n;
	}
	if (!(f->flags & __SWR))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (f->put(s[i], f) < 0) {
			f->flags |= __SERR;
			return i;
		}
	return n;
}

int fputs(const char *s, FILE *f)
{
	size_t n = strlen(s);

	return stream_write(f, s, n) == n ? 0 : EOF;
}

int puts(const char *s)
{
	size_t n = strlen(s);

	return stream_write(stdout, s, n) == n && stream_write(stdout, "\n", 1) == 1 ? 0 : EOF;
}

size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *f)
{
	if (size == 0 || nmemb == 0)
		return 0;
	if (nmemb > SIZE_MAX / size)
		nmemb = SIZE_MAX / size;
	return stream_write(f, ptr, size * nmemb) / size;
}

static int vcon_getc(FILE *f)
{
	(void)f;
	return _FDEV_EOF; /* no input source yet: end of file, not an error */
}

static FILE vcon_stdio = FDEV_SETUP_STREAM(vcon_putc, vcon_getc, vcon_flush, _FDEV_SETUP_RW);

FILE *const stdin = &vcon_stdio;
FILE *const stdout = &vcon_stdio;
FILE *const stderr = &vcon_stdio;

void _exit(int code)
{
	vcon_flush(stdout);
	/* A program moe started tells its parent, which ends it; the call does not return. */
	if (getenv("L4RE_PARENT")) {
		struct l4_utcb *u = l4_utcb();
		u->mr[0] = L4RE_PARENT_EXIT_OP;
		u->mr[1] = (uint64_t)code;
		l4_ipc_call(L4RE_PARENT_CAP, L4_MSGTAG(L4RE_PROTO_PARENT, 2, 0, 0), L4_IPC_NEVER);
	}
	/* No parent (a task the kernel started): it ends itself. */
	l4_task_exit(L4_BASE_TASK_CAP, code);
	for (;;)
		;
}
