# SPDX-License-Identifier: BSD-2-Clause
# The VMM (vmm/README.md): rom/vmm, and host unit tests of its pure modules.
# Included by the Makefile after UCFLAGS, WARN, ULIB_OBJ and ROM are defined.

VMM_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard vmm/*.c))

# Armv8.1 as the kernel's (VHE needs it): atomics are single LSE instructions
# in line, not calls to libgcc's run-time dispatch on every MMIO exit. LTO
# puts exit_dispatch and the common handlers' helpers into the vCPU loop
# (the link step compiles again, so it takes the compile flags too).
VMM_CFLAGS := -march=armv8.1-a -flto

$(B)/vmm/%.o: vmm/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CROSS)gcc $(UCFLAGS) $(VMM_CFLAGS) $(WARN) -iquote kernel/include -iquote vmm -MMD -c $< -o $@

# libfdt for the guest's device tree (fdt_build.c), compiled for user level
# like the kernel's copy: third-party code, so without $(WARN). An archive, so
# that only the parts the VMM calls are linked.
VMM_FDT_OBJ := $(FDT_SRC:%.c=$(B)/vmm/libfdt/%.o)
$(B)/vmm/libfdt/%.o: $(LIBFDT)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      libfdt/$(notdir $<) (user level)"
	@$(CROSS)gcc $(UCFLAGS) -I$(LIBFDT) -MMD -c $< -o $@
$(B)/vmm/libfdt.a: $(VMM_FDT_OBJ)
	@rm -f $@
	@$(CROSS)ar rcs $@ $^
$(B)/vmm/fdt_build.o $(B)/vmm/fdt_patch.o: UCFLAGS += -I$(LIBFDT)

# The kernel's ELF reader, compiled for user level as moe's is ($(B)/shared/%.o).
$(B)/rom/vmm: $(VMM_OBJ) $(B)/shared/elf.o $(ULIB_OBJ) runtime/lib/tern-user.ld $(B)/vmm/libfdt.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CROSS)gcc $(ULDFLAGS) $(filter-out --specs=%,$(UCFLAGS)) $(VMM_CFLAGS) $(filter %.o %.a,$^) -o $@
ROM += $(B)/rom/vmm

# Host unit tests: the modules without L4 calls, with vmm/fake/ standing in for
# the L4 side (vm_end, vcpu_wake, vcpu_send_virq, ram_map_chunk, pmu_read, log).
VMM_HOST_SRC := vmm/bus.c vmm/config.c vmm/pl011.c vmm/pl031.c vmm/tdev.c vmm/gic_dist.c vmm/gic_redist.c \
	vmm/smccc.c vmm/psci.c vmm/bench.c vmm/sysreg.c vmm/exit.c vmm/vcpu_state.c vmm/stats.c \
	vmm/guest_elf.c vmm/console_key.c kernel/elf.c vmm/fake/fake.c
VMM_HOST_TESTS := vmm_bus vmm_config vmm_devices vmm_psci vmm_exit vmm_elf vmm_gic vmm_stats
# The Linux guest's Image placement and device tree (read back with the host's libfdt).
VMM_HOST_TESTS += vmm_image vmm_fdt vmm_fdt_patch
HOST_DEPS_vmm_image := vmm/linux_image.c
HOST_DEPS_vmm_fdt := vmm/fdt_build.c $(B)/host/libfdt.a
HOST_DEPS_vmm_fdt_patch := vmm/fdt_patch.c vmm/fdt_build.c $(B)/host/libfdt.a
HOST_TESTS += $(VMM_HOST_TESTS)
HOST_DEPS_vmm_bus := $(VMM_HOST_SRC)
HOST_DEPS_vmm_config := $(VMM_HOST_SRC)
HOST_DEPS_vmm_devices := $(VMM_HOST_SRC)
HOST_DEPS_vmm_psci := $(VMM_HOST_SRC)
HOST_DEPS_vmm_exit := $(VMM_HOST_SRC)
HOST_DEPS_vmm_elf := $(VMM_HOST_SRC)
HOST_DEPS_vmm_gic := $(VMM_HOST_SRC)
HOST_DEPS_vmm_stats := $(VMM_HOST_SRC)
$(B)/host/test_vmm_%: HOST_CFLAGS += -iquote vmm
$(VMM_HOST_TESTS:%=$(B)/host/test_%): $(wildcard vmm/*.h vmm/fake/*.h)

# vmm-dtb (host): the VMM's guest device tree for plain QEMU's -dtb (make
# bench) and for the -d scenarios (tests/lua/vm_linux_dtb.lua), never
# committed: 4 CPUs (the VMM trims them), 1 CPU (too few for 2 vCPUs), and a
# truncated copy.
VMM_DTB_SRC := vmm/tools/vmm_dtb.c vmm/config.c vmm/linux_image.c vmm/fdt_build.c vmm/fdt_virt.c
$(B)/host/vmm-dtb: $(VMM_DTB_SRC) $(B)/host/libfdt.a $(wildcard vmm/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC_HOST) $(HOST_CFLAGS) -iquote vmm $(VMM_DTB_SRC) $(B)/host/libfdt.a -o $@
$(B)/rom/test-4cpu.dtb: $(B)/host/vmm-dtb
	@mkdir -p $(dir $@)
	@$< $@ --model "Tern test DTB" -k none -c "console=ttyAMA0 from-the-dtb" --cpus 4 --mem 64
$(B)/rom/test-1cpu.dtb: $(B)/host/vmm-dtb
	@mkdir -p $(dir $@)
	@$< $@ -k none --cpus 1 --mem 64
$(B)/rom/test-truncated.dtb: $(B)/rom/test-4cpu.dtb
	@head -c 200 $< > $@
ROM += $(B)/rom/test-4cpu.dtb $(B)/rom/test-1cpu.dtb $(B)/rom/test-truncated.dtb
