// SPDX-License-Identifier: BSD-2-Clause
/*
 * The VMM (vmm/README.md): one process per guest. It makes a Vm, gives it
 * RAM from moe, loads the guest's ELF, registers the emulated devices,
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
#include <l4/sys/vcpu.h>
#include <l4re/cap_alloc.h>
#include <l4re/thread.h>

#include "guest_elf.h"
#include "vmm.h"

static struct vm vm;

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

/* Guest RAM with the guest in it, mapped where the guest will run first. */
static int load_guest(struct guest_elf *elf)
{
	char err[160];
	size_t len;
	long r = ram_setup(&vm.ram, vm.cfg.ram_base, vm.cfg.ram_size);

	if (r) {
		vmm_log("cannot get %" PRIu64 " MiB of guest RAM (error %ld%s)",
			vm.cfg.ram_size >> 20, r,
			r == -L4_ENOMEM ? ": beyond the memory quota, see ned's env.mem" : "");
		return -1;
	}
	void *file = read_file(vm.cfg.kernel, &len);
	if (!file)
		return -1;
	int bad = guest_elf_load(&vm.ram, file, len, elf, err, sizeof(err));
	free(file);
	if (bad) {
		vmm_log("%s: %s", vm.cfg.kernel, err);
		return -1;
	}
	for (unsigned i = 0; i < elf->nsegments; i++) {
		r = ram_map_range(&vm.ram, vm.vm_cap, elf->seg[i].start, elf->seg[i].size);
		if (r) {
			vmm_log("cannot map guest RAM at 0x%" PRIx64 " into the VM (error %ld)",
				elf->seg[i].start, r);
			return -1;
		}
	}
	return 0;
}

static int add_devices(void)
{
	bus_init(&vm.bus);
	if (gic_init(&vm.gic, &vm.bus, VMM_GICD_BASE, VMM_GICR_BASE, vm.ncpus) ||
	    pl011_init(&vm.uart, &vm.bus, VMM_PL011_BASE) ||
	    tdev_init(&vm.tdev, &vm.bus, VMM_TDEV_BASE)) {
		vmm_log("cannot register the devices on the MMIO bus");
		return -1;
	}
	return 0;
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
	    (r = l4_irq_attach(vm.end_irq, l4re_thread_self(), 0)) != 0) {
		vmm_log("cannot create an IRQ (error %ld)", r);
		return -1;
	}
	return 0;
}

/* Until a vCPU ends the VM; partial console lines are printed then. */
static int wait_for_end(void)
{
	/* Only vm_end triggers the IRQ, after it has set the exit code. */
	for (;;) {
		long e = l4_ipc_error(l4_irq_receive(vm.end_irq, L4_IPC_NEVER));
		if (!e)
			break;
		if (e != L4_IPC_RECANCELED) {
			vmm_log("waiting for the VM failed (IPC error %ld)", e);
			return 1;
		}
	}
	/* Racy against vCPUs still running, but bounded: a last line may come out torn. */
	for (unsigned i = 0; i < vm.ncpus; i++)
		if (vm.uart.line[i].len)
			pl011_flush(&vm.uart, i);
	return __atomic_load_n(&vm.exit_code, __ATOMIC_ACQUIRE);
}

int main(int argc, char **argv)
{
	struct guest_elf elf;
	char err[160];

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
	if (make_objects() || load_guest(&elf) || add_devices())
		return 1;
	vmm_log("%s: %u vCPU(s), %" PRIu64 " MiB RAM at 0x%" PRIx64 ", entry 0x%" PRIx64
		", faults: %s",
		vm.cfg.kernel, vm.ncpus, vm.cfg.ram_size >> 20, vm.cfg.ram_base, elf.entry,
		fault_policy_name(vm.cfg.fault));
	long r = vcpu_start_all(&vm, elf.entry, 0);
	if (r) {
		vmm_log("cannot start the vCPU threads (error %ld)", r);
		return 1;
	}
	return wait_for_end();
}
