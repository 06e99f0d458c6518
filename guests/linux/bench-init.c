// SPDX-License-Identifier: BSD-2-Clause
/*
 * /init of the boot benchmark's initramfs (guests/linux/README.md): reads the
 * virtual counter as the first thing in user space, prints it and powers
 * off. Static, no C library: nothing runs before the counter is read but the
 * kernel's exec of this file.
 */
#include <stdint.h>

#define SYS_WRITE  64 /* arm64's generic syscall numbers (asm-generic/unistd.h) */
#define SYS_REBOOT 142
/* include/uapi/linux/reboot.h */
#define REBOOT_MAGIC1	 0xfee1deadUL
#define REBOOT_MAGIC2	 672274793UL
#define REBOOT_POWER_OFF 0x4321fedcUL

static long syscall3(long nr, long a, long b, long c)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
}

/* v in decimal, NUL-terminated, ending at end; returns its first character. */
static char *put_u64(char *end, uint64_t v)
{
	*--end = 0;
	do
		*--end = (char)('0' + v % 10);
	while (v /= 10);
	return end;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

void _start(void);
void _start(void)
{
	uint64_t cnt, freq;
	char num[2][24], line[96], *p = line;

	/* The ISB keeps the counter read from being taken early, as the Arm ARM advises. */
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	p = put_str(p, "tern-bench: init counter ");
	p = put_str(p, put_u64(num[0] + sizeof(num[0]), cnt));
	p = put_str(p, " frequency ");
	p = put_str(p, put_u64(num[1] + sizeof(num[1]), freq));
	*p++ = '\n';
	syscall3(SYS_WRITE, 1, (long)line, p - line);
	for (;;)
		syscall3(SYS_REBOOT, (long)REBOOT_MAGIC1, (long)REBOOT_MAGIC2,
			 (long)REBOOT_POWER_OFF);
}
