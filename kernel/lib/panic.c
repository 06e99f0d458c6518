// SPDX-License-Identifier: BSD-2-Clause
/* Kernel panic: the cause, the exception syndrome, a register dump, then power-off. */
#include <stdarg.h>

#include "arch/frame.h"
#include "arch/psci.h"
#include "arch/sysreg.h"
#include "console.h"
#include "format.h"
#include "panic.h"

static __noreturn void panic_common(const struct trap_frame *f, const char *fmt, va_list ap)
{
	char buf[200];

	__asm__ volatile("msr daifset, #0xf");
	format_vsnprintf(buf, sizeof(buf), fmt, ap);
	kprintf("\n*** KERNEL PANIC: %s\n", buf);
	kprintf("ESR_EL2 %016lx  FAR_EL2 %016lx  ELR_EL2 %016lx\n", sysreg_read(esr_el2),
		sysreg_read(far_el2), sysreg_read(elr_el2));
	if (f) {
		for (int i = 0; i < 31; i++)
			kprintf("x%-2d %016lx%s", i, f->x[i], i % 4 == 3 ? "\n" : "  ");
		kprintf("sp  %016lx\nelr %016lx  spsr %016lx\n", f->sp_el0, f->elr, f->spsr);
	}
	kprintf("*** system halted (powering off)\n");
	psci_system_off();
	for (;;)
		__asm__ volatile("wfi");
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	panic_common(NULL, fmt, ap);
}

void panic_frame(const struct trap_frame *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	panic_common(f, fmt, ap);
}
