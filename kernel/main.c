// SPDX-License-Identifier: BSD-2-Clause
/* kernel_main: from the device tree to the first user program. */
#include <libfdt.h>
#include <string.h>

#include "arch/gic.h"
#include "arch/memlayout.h"
#include "arch/psci.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "console.h"
#include "boot_tasks.h"
#include "exception.h"
#include "fault.h"
#include "irq.h"
#include "memory.h"
#include "page_alloc.h"
#include "panic.h"
#include "platform.h"
#include "sched.h"
#include "vcpu.h"
#include "version.h"
#include "arch/vcpu.h"

void kernel_main(paddr_t dtb_pa, paddr_t image_pa);
void mmu_harden_physmap(void);
void pmu_init(void);

extern char __image_start[], __image_end[];

static void print_banner(const struct platform *p, paddr_t image_pa, paddr_t dtb_pa)
{
	u64 image_size = (u64)(__image_end - __image_start);

	kprintf("\n" KERNEL_VERSION "\n");
	kprintf("cpu:     MIDR %08lx, %u CPU(s) in the device tree\n", sysreg_read(midr_el1),
		p->ncpus);
	for (unsigned i = 0; i < p->nmemory; i++)
		kprintf("memory:  %016lx-%016lx (%lu MiB)\n", p->memory[i].base,
			p->memory[i].base + p->memory[i].size, p->memory[i].size >> 20);
	kprintf("kernel:  %016lx-%016lx at %016lx\n", image_pa, image_pa + image_size,
		(u64)__image_start);
	kprintf("dtb:     %016lx (%u bytes)\n", dtb_pa, fdt_totalsize(pa_to_kva(dtb_pa)));
	for (unsigned i = 0; i < p->nreserved; i++)
		kprintf("reserved: %016lx-%016lx\n", p->reserved[i].base,
			p->reserved[i].base + p->reserved[i].size);
	kprintf("uart:    pl011 at %016lx\n", p->uart_base);
	kprintf("gic:     GICv3 distributor at %016lx, redistributors at %016lx\n", p->gicd_base,
		p->gicr_base);
	kprintf("timer:   EL2 physical timer, INTID %u\n", p->timer_hyp_intid);
	if (p->rtc_base)
		kprintf("rtc:     pl031 at %016lx, %lu s since 1970\n", p->rtc_base,
			(u64) * (volatile u32 *)pa_to_kva(p->rtc_base));
	kprintf("psci:    %s\n", !p->has_psci ? "none" : p->psci_hvc ? "hvc" : "smc");
	kprintf("bootargs: %s\n", p->bootargs);
}

void kernel_main(paddr_t dtb_pa, paddr_t image_pa)
{
	static struct platform plat;
	const void *fdt = pa_to_kva(dtb_pa);

	const char *err = platform_parse(fdt, &plat);
	if (plat.uart_base)
		console_init_pl011(plat.uart_base);
	if (err)
		panic("device tree: %s", err);
	psci_set_conduit(plat.psci_hvc ? PSCI_CONDUIT_HVC : PSCI_CONDUIT_SMC);
	print_banner(&plat, image_pa, dtb_pa);

	struct mem_region resv[] = {
		{image_pa, (u64)(__image_end - __image_start)},
		{dtb_pa, fdt_totalsize(fdt)},
		{plat.initrd_start, plat.initrd_end - plat.initrd_start},
	};
	if ((err = memory_init(&plat, resv, ARRAY_SIZE(resv))))
		panic("memory: %s", err);
	kprintf("pages:   %lu free (%lu MiB)\n", kernel_pages.free_pages,
		kernel_pages.free_pages >> (20 - PAGE_SHIFT));
	mmu_harden_physmap();
	pmu_init();

	gic_init(plat.gicd_base, plat.gicr_base);
	kprintf("gic:     %u SPIs\n", gic_spi_count());
	sched_init();
	exception_set_timer_intid(plat.timer_hyp_intid);
	gic_enable_ppi(plat.timer_hyp_intid);
	if (plat.uart_intid) {
		/* Console input for the Vcon object. */
		irq_reserve_line(plat.uart_intid);
		exception_set_uart_intid(plat.uart_intid);
		gic_configure_spi(plat.uart_intid);
		gic_unmask(plat.uart_intid);
		console_enable_rx();
	}
	/*
	 * The root task may map device MMIO 1:1: from the GIC (the lowest device
	 * on virt, above the flash) up to RAM, except what the kernel drives.
	 * Lower addresses stay unmapped so that null pointers still fault.
	 */
	fault_set_device_window(plat.gicd_base, plat.memory[0].base);
	fault_reserve_device(plat.gicd_base, 0x10000);
	fault_reserve_device(plat.gicr_base, plat.gicr_size);
	fault_reserve_device(plat.uart_base, PAGE_SIZE);
	if (plat.rtc_base) {
		/* The wall clock for the Scheduler's clock op: read once, the counter counts on. */
		u64 now = *(volatile u32 *)pa_to_kva(plat.rtc_base);
		u64 up = timer_count() / timer_frequency();
		sched_epoch = now > up ? now - up : 0;
	}
	vcpu_init();
	if (vcpu_supported()) {
		/* The guests' virtual timer and the virtual GIC's maintenance interrupt. */
		gic_enable_ppi(VTIMER_INTID);
		gic_enable_ppi(VGIC_MAINT_INTID);
		kprintf("virt:    stage 2 and GICv3 virtual interface for guests\n");
	} else {
		kprintf("virt:    not supported by this CPU: Vm objects cannot be made\n");
	}
	timer_init();
	kprintf("timer:   %lu Hz counter, %u Hz tick\n", timer_frequency(), TIMER_HZ);

	boot_start_tasks(&plat);
	sched_run_idle();
}
