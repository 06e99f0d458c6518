// SPDX-License-Identifier: BSD-2-Clause
/* Faults at EL0 on purpose (argv[1] names which); the kernel must end only this task. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *kind = argc > 1 ? argv[1] : "null";

	printf("fault: about to cause '%s'\n", kind);
	if (strcmp(kind, "null") == 0) {
		int *volatile null = 0; /* volatile: the compiler may not turn this into a trap */
		return *null;
	}
	if (strcmp(kind, "kernel") == 0)
		return *(volatile int *)0xffffff8000000000UL; /* the kernel image */
	if (strcmp(kind, "physmap") == 0)
		return *(volatile int *)0xffff000040000000UL; /* the kernel's RAM window */
	if (strcmp(kind, "undef") == 0)
		__asm__ volatile("udf #0");
	if (strcmp(kind, "write-text") == 0)
		*(volatile int *)(void *)main = 0;
	if (strcmp(kind, "exec-stack") == 0) {
		unsigned int code[1] = {0xd65f03c0}; /* ret */
		((void (*)(void))(void *)code)();
	}
	if (strcmp(kind, "kernel-sysreg") == 0) {
		unsigned long v;
		__asm__ volatile("mrs %0, hcr_el2" : "=r"(v));
		return (int)v;
	}
	printf("fault: still alive, which is wrong\n");
	return 1;
}
