// SPDX-License-Identifier: BSD-2-Clause
/*
 * The VMM (vmm/README.md): one process per guest. It makes a Vm, gives it
 * RAM from moe, loads the guest (a bare-metal ELF, or an arm64 Linux Image
 * with its initrd and a device tree), registers the emulated devices,
 * starts a thread per vCPU and waits until the VM ends: exit code 0 when the
 * guest powered off, 1 when the VM halted or could not start, 2 for a bad
 * command line.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/vcon.h>
#include <l4/sys/vcpu.h>
#include <l4re/cap_alloc.h>
#include <l4re/thread.h>

#include "console_key.h"
#include "fdt_build.h"
#include "fdt_virt.h"
#include "fdt_patch.h"
#include "guest_elf.h"
#include "linux_image.h"
#include "vmm.h"

static struct vm vm;

/* Where vCPU 0 starts. */
struct guest_entry {
	uint64_t pc, x0;
};

/* The whole file, from rom/ (read-only dataspaces through the C library). */
static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	void *buf = NULL;
	long size;

	if (!f) {
		vmm_log("cannot open the guest %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0) {
		vmm_log("cannot read the guest %s: empty or unreadable", path);
	} else if (!(buf = malloc((size_t)size))) {
		vmm_log("no memory for the guest %s (%ld bytes)", path, size);
	} else if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		vmm_log("cannot read the guest %s", path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)size;
	return buf;
}

/* The ELF guest in RAM, its segments mapped where the guest will run first. */
static int load_elf(struct guest_entry *entry)
{
	struct guest_elf elf;
	char err[160];
	size_t len;
	void *file = read_file(vm.cfg.kernel, &len);

	if (!file)
		return -1;
	int bad = guest_elf_load(&vm.ram, file, len, &elf, err, sizeof(err));
	free(file);
	if (bad) {
		vmm_log("%s: %s", vm.cfg.kernel, err);
		return -1;
	}
	for (unsigned i = 0; i < elf.nsegments; i++) {
		long r = ram_map_range(&vm.ram, vm.vm_cap, elf.seg[i].start, elf.seg[i].size);
		if (r) {
			vmm_log("cannot map guest RAM at 0x%" PRIx64 " into the VM (error %ld)",
				elf.seg[i].start, r);
			return -1;
		}
	}
	*entry = (struct guest_entry){.pc = elf.entry};
	return 0;
}

/* The size of an open file, or -1. */
static long file_size(FILE *f)
{
	long size;

	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		return -1;
	return size;
}

/*
 * The whole file f, len bytes, straight into guest RAM at ipa (inside RAM:
 * placed before). Through its descriptor, whose read() is one memcpy from
 * the rom dataspace: picolibc's fread takes a byte at a time (fgetc), about
 * 4 G instructions for a 32 MiB Image.
 */
static int read_into_ram(FILE *f, const char *path, uint64_t ipa, size_t len)
{
	void *p = ram_ptr(&vm.ram, ipa, len);

	/* The C library's fread of a rom file copies in bulk (runtime/lib/libc/rom_files.c). */
	if (!p || fseek(f, 0, SEEK_SET) != 0 || fread(p, 1, len, f) != len) {
		vmm_log("cannot read %s into guest RAM at 0x%" PRIx64, path, ipa);
		return -1;
	}
	return 0;
}

/*
 * The guest's device tree: the devices the bus has, as QEMU virt describes
 * them. vmm/tools/vmm_dtb.c builds the same for plain QEMU (make bench).
 */
static int build_dtb(const struct linux_layout *l)
{
	char err[160];
	const struct fdt_build_cfg c = fdt_virt_cfg(&vm.cfg, vm.ncpus, l);
	long n = fdt_build(&c, ram_ptr(&vm.ram, l->dtb, LINUX_DTB_MAX), LINUX_DTB_MAX, err,
			   sizeof(err));
	if (n < 0) {
		vmm_log("cannot build the device tree: %s", err);
		return -1;
	}
	if (vmm_verbose)
		(void)fdt_build_dump(ram_ptr(&vm.ram, l->dtb, LINUX_DTB_MAX), vmm_debug);
	return 0;
}

/*
 * An arm64 Linux Image (its header already in hdr) from the open file k:
 * placed with the initrd and the device tree (linux_image.h), each read
 * straight into guest RAM, without a copy in between.
 */
static int load_linux(FILE *k, const uint8_t *hdr, size_t hdr_len, struct guest_entry *entry)
{
	struct linux_image img;
	struct linux_layout l;
	struct linux_boot_regs regs;
	char err[160];
	FILE *rd = NULL;
	long klen = file_size(k), rlen = 0;
	int ret = -1;

	if (linux_image_parse(hdr, hdr_len, &img, err, sizeof(err)) != 0) {
		vmm_log("%s: neither an ELF nor an arm64 Image: %s", vm.cfg.kernel, err);
		return -1;
	}
	if (klen < 0 || (uint64_t)klen > img.image_size) {
		vmm_log("%s: unreadable, or larger than its image_size", vm.cfg.kernel);
		return -1;
	}
	if (vm.cfg.initrd) {
		if (!(rd = fopen(vm.cfg.initrd, "r")) || (rlen = file_size(rd)) <= 0) {
			vmm_log("cannot read the initrd %s", vm.cfg.initrd);
			goto out;
		}
	}
	if (linux_image_place(&img, vm.cfg.ram_base, vm.cfg.ram_size, (uint64_t)rlen, &l, err,
			      sizeof(err)) != 0) {
		vmm_log("%s: %s", vm.cfg.kernel, err);
		goto out;
	}
	if (read_into_ram(k, vm.cfg.kernel, l.kernel, (size_t)klen) ||
	    (rd && read_into_ram(rd, vm.cfg.initrd, l.initrd, (size_t)rlen)) ||
	    (vm.cfg.dtb ? fdt_given_load(&vm, &l) : build_dtb(&l)))
		goto out;
	/*
	 * What the VMM wrote is in its memory already: into the Vm with it now,
	 * rather than a stage-2 fault per chunk while the kernel boots.
	 */
	long r = ram_map_range(&vm.ram, vm.vm_cap, l.kernel, (uint64_t)klen);
	if (!r && rd)
		r = ram_map_range(&vm.ram, vm.vm_cap, l.initrd, (uint64_t)rlen);
	if (!r)
		r = ram_map_range(&vm.ram, vm.vm_cap, l.dtb, RAM_CHUNK);
	if (r) {
		vmm_log("cannot map the Linux images into the VM (error %ld)", r);
		goto out;
	}
	linux_boot_regs(&l, &regs);
	*entry = (struct guest_entry){.pc = regs.pc, .x0 = regs.x[0]};
	vmm_log("Linux: kernel 0x%" PRIx64 "-0x%" PRIx64 ", initrd 0x%" PRIx64 "-0x%" PRIx64
		", DTB 0x%" PRIx64,
		l.kernel, l.kernel_end, l.initrd, l.initrd_end, l.dtb);
	ret = 0;
out:
	if (rd)
		fclose(rd);
	return ret;
}

static int setup_ram(void)
{
	char err[160];

	if (ram_setup(&vm.ram, &vm.cfg, err, sizeof(err))) {
		vmm_log("%s", err);
		return -1;
	}
	return 0;
}

/* The guest into its RAM, at start and at each reset: an ELF, or else an arm64 Linux Image. */
static int load_guest(struct guest_entry *entry)
{
	uint8_t hdr[LINUX_HDR_SIZE];
	FILE *f = fopen(vm.cfg.kernel, "r");
	if (!f) {
		vmm_log("cannot open the guest %s: %s", vm.cfg.kernel, strerror(errno));
		return -1;
	}
	size_t n = fread(hdr, 1, sizeof(hdr), f);
	if (n >= 4 && memcmp(hdr, "\177ELF", 4) == 0) {
		fclose(f);
		if (vm.cfg.dtb) {
			vmm_log("%s: -d is for a Linux kernel, not an ELF guest", vm.cfg.kernel);
			return -1;
		}
		return load_elf(entry);
	}
	int ret = load_linux(f, hdr, n, entry);
	fclose(f);
	return ret;
}

/* The RTC's clock: seconds of the counter. */
static uint64_t counter_seconds(void)
{
	uint64_t cnt, freq;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
	__asm__("mrs %0, cntfrq_el0" : "=r"(freq));
	return freq ? cnt / freq : 0;
}

/* The RTC's date when the counter read 0: from --date, or the system's clock (kernel). */
static uint64_t rtc_epoch;

static void setup_clock(void)
{
	unsigned long epoch = 0;

	if (vm.cfg.date_set)
		rtc_epoch = vm.cfg.date - counter_seconds();
	else if (l4_scheduler_clock(L4_BASE_SCHEDULER_CAP, &epoch) == 0)
		rtc_epoch = epoch;
}

static int add_devices(void)
{
	const struct gic_params gp = {
		.ncpus = vm.ncpus,
		.nspis = GIC_SPIS_DEFAULT,
		.inject = vcpu_gic_inject,
		.ctx = &vm,
	};

	bus_init(&vm.bus);
	if (gic_setup(&vm.gic, &gp) ||
	    gic_register(&vm.gic, &vm.bus, VMM_GICD_BASE, VMM_GICR_BASE) ||
	    pl011_init(&vm.uart, &vm.bus, VMM_PL011_BASE, &vm.gic,
		       GIC_INTID_SPI_BASE + VMM_PL011_SPI) ||
	    pl031_init(&vm.rtc, &vm.bus, VMM_PL031_BASE, rtc_epoch + counter_seconds(),
		       counter_seconds) ||
	    tdev_init(&vm.tdev, &vm.bus, VMM_TDEV_BASE)) {
		vmm_log("cannot register the devices on the MMIO bus");
		return -1;
	}
	return 0;
}

/* Labels of the main thread's IRQs. */
#define MAIN_END_LABEL	 0x10UL
#define MAIN_INPUT_LABEL 0x20UL

/*
 * Console input: an IRQ bound to the VMM's log (moe then gives it the input
 * focus). Without it (a log that has no input) the guest has none either.
 */
static uint64_t input_irq = L4_INVALID_CAP;
static struct console_filter input_filter;

static void setup_input(void)
{
	l4_cap_idx_t irq = l4re_cap_alloc();
	long r = irq == L4_INVALID_CAP ? -L4_ENOMEM
				       : l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq);
	if (!r)
		r = l4_irq_attach(irq, l4re_thread_self(), MAIN_INPUT_LABEL);
	if (!r)
		r = l4_vcon_bind_irq(L4_BASE_LOG_CAP, irq);
	if (r) {
		vmm_debug("no console input for the guest (error %ld)", r);
		return;
	}
	input_irq = irq;
}

/* Capabilities the VM needs: the Vm object, and an IRQ for the main thread to wait on. */
static int make_objects(void)
{
	long r;

	vm.vm_cap = l4re_cap_alloc();
	vm.end_irq = l4re_cap_alloc();
	if (vm.vm_cap == L4_INVALID_CAP || vm.end_irq == L4_INVALID_CAP) {
		vmm_log("out of capability slots");
		return -1;
	}
	if ((r = l4_factory_create_vm(L4_BASE_FACTORY_CAP, vm.vm_cap)) != 0) {
		vmm_log("cannot create a Vm (error %ld): does this kernel run VMs?", r);
		return -1;
	}
	if ((r = l4_factory_create_irq(L4_BASE_FACTORY_CAP, vm.end_irq)) != 0 ||
	    (r = l4_irq_attach(vm.end_irq, l4re_thread_self(), MAIN_END_LABEL)) != 0) {
		vmm_log("cannot create an IRQ (error %ld)", r);
		return -1;
	}
	return 0;
}

static void print_stats_line(void *ctx, const char *line)
{
	(void)ctx;
	vmm_log("%s", line);
}

/*
 * The exit table (stats.h) of all vCPUs, at most STATS_LINES lines. Racy
 * against vCPUs still running (each writes its own without atomics): a
 * count may be one exit behind.
 */
#define STATS_LINES 20
static void print_stats(void)
{
	static struct exit_stats all; /* too big for the main thread's stack */
	uint64_t freq;

	all = (struct exit_stats){0};
	for (unsigned i = 0; i < vm.ncpus; i++)
		stats_merge(&all, &vm.vcpu[i].stats);
	__asm__("mrs %0, cntfrq_el0" : "=r"(freq));
	stats_format(&all, freq, vm.cfg.stats, STATS_LINES, print_stats_line, NULL);
}

/* Console input to the guest's UART, and the VMM's console key (console_key.h). */
static void take_input(void)
{
	char buf[L4_VCON_READ_SIZE], out[L4_VCON_READ_SIZE];
	long n;

	while ((n = l4_vcon_read(L4_BASE_LOG_CAP, buf, sizeof(buf))) > 0) {
		enum console_request req = CONSOLE_NONE;
		unsigned len = console_filter(&input_filter, buf, (unsigned)n, out, &req);
		pl011_input(&vm.uart, out, len);
		if (req == CONSOLE_STATS)
			print_stats();
	}
}

/*
 * Until a vCPU ends the VM, serving console input meanwhile; partial
 * console lines are printed then, and the exit table at the very end (and
 * every --stats-every seconds before).
 */
static int wait_for_end(void)
{
	/* With --stats-every, the wait times out to print the table so far. */
	l4_timeout_t to = vm.cfg.stats_every
				  ? L4_TIMEOUTS(L4_TIMEOUT_NEVER, vm.cfg.stats_every * 1000000U)
				  : L4_IPC_NEVER;
	l4_umword_t label;

	/* Only vm_end triggers the end IRQ, after it has set the exit code. */
	for (;;) {
		long e = l4_ipc_error(l4_ipc_wait(&label, to));
		if (!e && label == MAIN_END_LABEL)
			break;
		if (!e && label == MAIN_INPUT_LABEL)
			take_input();
		else if (e == L4_IPC_RETIMEOUT)
			print_stats();
		else if (e && e != L4_IPC_RECANCELED) {
			vmm_log("waiting for the VM failed (IPC error %ld)", e);
			return 1;
		}
	}
	/* Racy against vCPUs still running, but bounded: a last line may come out torn. */
	for (unsigned i = 0; i < vm.ncpus; i++)
		if (vm.uart.line[i].len)
			pl011_flush(&vm.uart, i);
	int code = __atomic_load_n(&vm.exit_code, __ATOMIC_ACQUIRE);
	if (code == VMM_EXIT_RESET)
		return code;
	vmm_log("counter at the VMM's start %" PRIu64 ", at the guest's first entry %" PRIu64,
		vm.start_count, vm.entry_count);
	print_stats();
	return code;
}

/* The guest loaded, its devices out of reset, vCPU 0 started at its entry. */
static int start_guest(void)
{
	struct guest_entry entry;

	if (load_guest(&entry) || add_devices())
		return -1;
	vmm_log("%s: %u vCPU(s), %" PRIu64 " MiB RAM at 0x%" PRIx64 ", entry 0x%" PRIx64
		", faults: %s",
		vm.cfg.kernel, vm.ncpus, vm.cfg.ram_size >> 20, vm.cfg.ram_base, entry.pc,
		fault_policy_name(vm.cfg.fault));
	long r = vcpu_start_all(&vm, entry.pc, entry.x0);
	if (r) {
		vmm_log("cannot start the vCPU threads (error %ld)", r);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char err[160];

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(vm.start_count));
	if (config_parse(&vm.cfg, argc, argv, err, sizeof(err)) != 0) {
		vmm_log("%s", err);
		puts(config_usage); /* longer than a vmm_print line; no other thread yet */
		return 2;
	}
	if (vm.cfg.help) {
		puts(config_usage);
		return 0;
	}
	vmm_verbose = vm.cfg.verbose;
	vm.ncpus = vm.cfg.cpus;
	pmu_init();
	if (make_objects() || setup_ram())
		return 1;
	setup_input();
	setup_clock();
	for (unsigned boots = 1;; boots++) {
		if (start_guest())
			return 1;
		int code = wait_for_end();
		if (code != VMM_EXIT_RESET)
			return code;
		/* A reboot: the same images again, the same RAM, devices and vCPUs afresh. */
		vcpu_stop_all(&vm);
		vmm_log("restarting the guest (boot %u)", boots + 1);
		__atomic_store_n(&vm.exit_code, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&vm.ended, 0, __ATOMIC_RELEASE);
	}
}
