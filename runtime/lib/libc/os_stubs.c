// SPDX-License-Identifier: BSD-2-Clause
/* The OS functions picolibc leaves to the system: time from the counter; no files yet. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

/*
 * Time. There is no wall clock (no RTC driver, no time server): the only time
 * is the architected counter, which starts at 0 when the machine starts. So
 * gettimeofday, and with it time() and Lua's os.time(), gives the time since
 * boot, and dates come out in early 1970.
 */
static uint64_t counter(void)
{
	uint64_t v;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static uint64_t counter_hz(void)
{
	uint64_t v;
	__asm__("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	uint64_t c = counter(), hz = counter_hz();

	if (tz) { /* obsolete; no time zones */
		errno = EINVAL;
		return -1;
	}
	if (tv) {
		tv->tv_sec = (time_t)(c / hz);
		tv->tv_usec = (suseconds_t)(c % hz * 1000000 / hz);
	}
	return 0;
}

/*
 * For clock() (Lua's os.clock()): the kernel does not report a task's CPU
 * time yet, so this is the elapsed time since boot, all counted as user time,
 * in units of CLOCKS_PER_SEC. For a program that runs alone it is close.
 */
clock_t times(struct tms *t)
{
	uint64_t c = counter(), hz = counter_hz();
	clock_t ticks = (clock_t)(c / hz * CLOCKS_PER_SEC + c % hz * CLOCKS_PER_SEC / hz);

	if (t) {
		t->tms_utime = ticks;
		t->tms_stime = 0;
		t->tms_cutime = 0;
		t->tms_cstime = 0;
	}
	return ticks;
}

/*
 * Files: reading rom/ files is rom_files.c's (through moe); nothing can be
 * written, removed or renamed, as there is no writable file system.
 */
int unlink(const char *path)
{
	errno = ENOSYS;
	return -1;
}

int rename(const char *from, const char *to)
{
	errno = ENOSYS;
	return -1;
}

/*
 * There are no signals. picolibc's abort() raises SIGABRT through raise(),
 * whose per-thread handler table (256 bytes of TLS) does not fit the initial
 * TLS block of start.c; this one ends the task at once with the status a
 * shell reports for SIGABRT (128 + 6).
 */
void abort(void)
{
	fputs("abort() called: ending the task\n", stderr);
	_exit(134);
}
