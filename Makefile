# SPDX-License-Identifier: BSD-2-Clause
# Tern: build the kernel, the user programs and the boot module archive;
# run, test and debug in QEMU. See README.md and docs/building.md.

CROSS    ?= aarch64-linux-gnu-
CC_HOST  ?= gcc
TERN_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/tern
export TERN_CACHE
LIBFDT   := $(TERN_CACHE)/libfdt
B        := build

# QEMU: the reference board of DESIGN.md section 1.
QEMU      ?= qemu-system-aarch64
QEMU_MACHINE := -M virt,virtualization=on,gic-version=3 -cpu max,pauth=off,sve=off -m 512M -smp 1 -nic none
QEMU_ARGS := $(QEMU_MACHINE) -nographic -no-reboot -kernel $(B)/tern.img -initrd $(B)/modules.cpio
# The default: Debian's Linux in a VM beside a native program (ned-configs/linux-vm.lua).
BOOTARGS  ?= init=rom/ned rom/linux-vm.lua

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wundef \
	-Wpointer-arith -Wvla -Wno-unused-parameter

# ---- kernel -----------------------------------------------------------------
KCFLAGS := -std=gnu11 -O2 -g -march=armv8.1-a -ffreestanding -fno-pic -fno-pie -mcmodel=small \
	-mgeneral-regs-only -fno-stack-protector -fno-omit-frame-pointer \
	-fno-tree-loop-distribute-patterns -fno-common \
	-Ikernel/include -Ikernel/arch/arm64/include -Ikernel/include/libc -Ikernel/abi -I$(LIBFDT)
KSRC := kernel/main.c kernel/memory.c kernel/page_alloc.c kernel/platform.c kernel/cpio.c \
	kernel/elf.c kernel/loader.c kernel/task.c kernel/thread.c kernel/sched.c kernel/sched_obj.c \
	kernel/ipc.c kernel/fault.c kernel/kobject.c kernel/cap.c kernel/mapdb.c kernel/mem_space.c \
	kernel/slab.c kernel/factory.c kernel/gate.c kernel/irq.c kernel/boot_tasks.c kernel/sigma0_mem.c \
	kernel/vcon.c kernel/drivers/pl011.c \
	kernel/lib/string.c kernel/lib/format.c kernel/lib/kprintf.c kernel/lib/panic.c \
	kernel/arch/arm64/boot_mmu.c kernel/arch/arm64/mmu.c kernel/arch/arm64/vspace.c \
	kernel/arch/arm64/exception.c kernel/arch/arm64/gic.c kernel/arch/arm64/timer.c \
	kernel/arch/arm64/psci.c kernel/arch/arm64/pmu.c kernel/arch/arm64/fpu.c \
	kernel/arch/arm64/vcpu.c kernel/arch/arm64/vcpu_regs.c kernel/arch/arm64/vgic.c
KASM := kernel/arch/arm64/head.S kernel/arch/arm64/vectors.S kernel/arch/arm64/switch.S \
	kernel/arch/arm64/guest.S
FDT_SRC := fdt.c fdt_ro.c fdt_rw.c fdt_wip.c fdt_sw.c fdt_strerror.c fdt_addresses.c
KOBJ := $(KSRC:%.c=$(B)/%.o) $(KASM:%.S=$(B)/%.o) $(FDT_SRC:%.c=$(B)/libfdt/%.o)

# ---- user programs ----------------------------------------------------------
UCFLAGS := --specs=picolibc.specs -std=gnu11 -O2 -g -fno-stack-protector -Iruntime/include -Ikernel/abi
ULDFLAGS := --specs=picolibc.specs -nostartfiles -static -T runtime/lib/tern-user.ld
ULIB_SRC := runtime/lib/l4sys.c runtime/lib/l4re_env.c runtime/lib/server.c \
	runtime/lib/cap_alloc.c runtime/lib/thread.c \
	runtime/lib/libc/start.c runtime/lib/libc/stdio_vcon.c \
	runtime/lib/libc/heap.c runtime/lib/libc/rom_files.c runtime/lib/libc/malloc_lock.c \
	runtime/lib/libc/scan.c
ULIB_OBJ := $(ULIB_SRC:%.c=$(B)/%.o) $(B)/runtime/lib/crt0.o $(B)/runtime/lib/libc/string.o
UPROGS := hello env_print ned_cmd fault syscall_errors bench vcon_input rom_read file_server file_client \
	ns_server ns_client counter_server counter_client rom_files log_to \
	true rt_bench memops bigmap hog threads mem_alloc env_probe ds_share fp_spin ticker vmm_crash limits moe_fuzz
KTEST_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard tests/native/ktest/*.c))
ROM := $(UPROGS:%=$(B)/rom/%) $(B)/rom/bad_magic $(B)/rom/truncated $(B)/rom/bad_arch $(B)/rom/bad_wx \
	$(B)/rom/sigma0 $(B)/rom/moe \
	$(if $(KTEST_OBJ),$(B)/rom/ktest)

.SECONDARY:
.SECONDEXPANSION:
.PHONY: all setup run test debug bench clean host-tests format fuzz
all: setup
	@$(MAKE) --no-print-directory $(B)/tern.img $(B)/modules.cpio $(TEST_ARCHIVES)

setup:
	@bash scripts/setup.sh

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CROSS)gcc $(KCFLAGS) $(WARN) $(if $(findstring boot_mmu,$<),-mstrict-align) -MMD -c $< -o $@

$(B)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CROSS)gcc $(KCFLAGS) -D__ASSEMBLER__ -MMD -c $< -o $@

# libfdt is third-party code from the cache: its own warnings are not ours to fix.
$(B)/libfdt/%.o: $(LIBFDT)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      libfdt/$(notdir $<)"
	@$(CROSS)gcc $(KCFLAGS) -MMD -c $< -o $@

$(B)/kernel.elf: $(KOBJ) kernel/arch/arm64/kernel.ld
	@echo "  LD      $@"
	@$(CROSS)gcc -nostdlib -static -Wl,--no-warn-rwx-segments,--build-id=none -T kernel/arch/arm64/kernel.ld $(KOBJ) -lgcc -o $@

$(B)/tern.img: $(B)/kernel.elf
	@echo "  IMAGE   $@"
	@$(CROSS)objcopy -O binary $< $@

# The C library's own functions: GCC must not turn their loops back into calls to them.
$(B)/runtime/lib/libc/scan.o: UCFLAGS += -fno-builtin -fno-tree-loop-distribute-patterns
$(B)/runtime/%.o: runtime/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CROSS)gcc $(UCFLAGS) $(WARN) -MMD -c $< -o $@

$(B)/runtime/%.o: runtime/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CROSS)gcc $(UCFLAGS) -c $< -o $@

$(B)/tests/native/%.o: tests/native/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CROSS)gcc $(UCFLAGS) $(WARN) -MMD -c $< -o $@

$(B)/rom/%: $(B)/tests/native/%.o $(ULIB_OBJ) runtime/lib/tern-user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CROSS)gcc $(ULDFLAGS) $< $(ULIB_OBJ) -o $@

# Lua 5.4 (from the cache) and the programs that embed it.
include runtime/lua/lua.mk
include vmm/vmm.mk
include guests/baremetal/baremetal.mk
include guests/linux/linux.mk

# The runtime: sigma0 and moe (runtime/<name>/*.c).
$(B)/rom/sigma0: $(patsubst %.c,$(B)/%.o,$(wildcard runtime/sigma0/*.c)) $(ULIB_OBJ) runtime/lib/tern-user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CROSS)gcc $(ULDFLAGS) $(filter %.o,$^) -o $@

# moe also compiles the kernel's ELF and cpio readers (pure code) for user level.
MOE_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard runtime/moe/*.c)) $(B)/shared/elf.o $(B)/shared/cpio.o
$(B)/runtime/moe/%.o: UCFLAGS += -iquote kernel/include -iquote runtime/moe
$(B)/shared/%.o: kernel/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (user level)"
	@$(CROSS)gcc $(UCFLAGS) $(WARN) -iquote kernel/include -MMD -c $< -o $@
$(B)/rom/moe: $(MOE_OBJ) $(ULIB_OBJ) runtime/lib/tern-user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CROSS)gcc $(ULDFLAGS) $(filter %.o,$^) -o $@

# ned: Lua 5.4 with the L4 package; scripts from ned-configs/ (and tests/lua/) go to rom/.
NED_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard runtime/ned/*.c))
$(NED_OBJ): UCFLAGS += $(LUA_CFLAGS)
$(NED_OBJ): | $(LUA_HDR)
# The loader's Lua prelude is built in (runtime/ned/prelude.S includes it).
NED_PRELUDE := $(B)/runtime/ned/prelude.o
$(NED_PRELUDE): runtime/ned/prelude/loader.lua
$(B)/rom/ned: $(NED_OBJ) $(NED_PRELUDE) $(LUA_LINK) $(ULIB_OBJ) runtime/lib/tern-user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CROSS)gcc $(ULDFLAGS) $(NED_OBJ) $(NED_PRELUDE) $(LUA_LINK) $(ULIB_OBJ) -o $@
# Scripts named .lua or .cfg (L4Re's name for ned scripts) both go to rom/.
$(B)/rom/%.lua: ned-configs/%.lua
	@mkdir -p $(dir $@)
	@cp $< $@
$(B)/rom/%.cfg: ned-configs/%.cfg
	@mkdir -p $(dir $@)
	@cp $< $@
$(B)/rom/%.lua: tests/lua/%.lua
	@mkdir -p $(dir $@)
	@cp $< $@
$(B)/rom/%.cfg: tests/lua/%.cfg
	@mkdir -p $(dir $@)
	@cp $< $@
$(B)/rom/%.lua: runtime/ned/lua/%.lua
	@mkdir -p $(dir $@)
	@cp $< $@
NED_SCRIPTS := $(wildcard ned-configs/*.lua ned-configs/*.cfg tests/lua/*.lua tests/lua/*.cfg)
ROM += $(B)/rom/ned $(addprefix $(B)/rom/,$(notdir $(NED_SCRIPTS))) \
	$(patsubst runtime/ned/lua/%,$(B)/rom/%,$(wildcard runtime/ned/lua/*.lua))

# ned's refusals: an empty script runs as an empty program; a precompiled
# chunk (here a mangled one: Lua's signature, then garbage) is not run or loaded.
$(B)/rom/ned_empty.lua: Makefile
	@mkdir -p $(dir $@)
	@: > $@
$(B)/rom/ned_bytecode.lua: Makefile
	@mkdir -p $(dir $@)
	@printf '\033LuaT\000\031\223\r\n\032\n\004\010\010garbage: no function follows\377\377' > $@
ROM += $(B)/rom/ned_empty.lua $(B)/rom/ned_bytecode.lua

# The kernel test suite: one program from several files.
$(B)/rom/ktest: $(KTEST_OBJ) $(ULIB_OBJ) runtime/lib/tern-user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CROSS)gcc $(ULDFLAGS) $(KTEST_OBJ) $(ULIB_OBJ) -o $@

# Malformed modules, for the loader's rejection tests.
$(B)/rom/bad_magic: Makefile
	@mkdir -p $(dir $@)
	@printf 'this is not an ELF file: it is text, long enough to hold an ELF header, to test the magic check\n' > $@
$(B)/rom/truncated: $(B)/rom/hello
	@head -c 200 $< > $@
$(B)/rom/bad_arch: $(B)/rom/hello
	@cp $< $@
	@printf '\076\000' | dd of=$@ bs=1 seek=18 conv=notrunc status=none  # e_machine = x86-64
# hello with its text segment (the first program header, at e_phoff 64) R W X.
$(B)/rom/bad_wx: $(B)/rom/hello
	@cp $< $@
	@printf '\007' | dd of=$@ bs=1 seek=68 conv=notrunc status=none  # p_flags = PF_R|PF_W|PF_X

# Boot archives whose runtime is missing or broken, for the kernel's refusal
# (tests/scenarios/boot_*.scn choose one with INITRD=): sigma0, moe and
# hello, less moe, with an empty sigma0, or with moe cut short.
TEST_ARCHIVES := $(patsubst %,$(B)/test-archives/%.cpio,no-moe empty-sigma0 truncated-moe)
$(B)/test-archives/%.cpio: $(B)/rom/sigma0 $(B)/rom/moe $(B)/rom/hello Makefile
	@echo "  CPIO    $@"
	@rm -rf $(B)/test-archives/$* && mkdir -p $(B)/test-archives/$*
	@cp $(filter $(B)/rom/%,$^) $(B)/test-archives/$*/
	@cd $(B)/test-archives/$* && case $* in \
		no-moe) rm moe ;; \
		empty-sigma0) : > sigma0 ;; \
		truncated-moe) head -c 3000 ../../rom/moe > moe ;; \
	esac && ls | LC_ALL=C sort | cpio --quiet -o -H newc > ../$*.cpio

# The Linux guest (guests/linux/README.md) in the boot archive as rom/linux,
# rom/linux-initrd and rom/bench-initrd (make bench's): `make linux-rom`
# copies the images from the cache; the archive holds them from then on. To
# drop them, remove them from $(B)/rom/ and the archive itself (make does not
# notice a file gone).
.PHONY: linux-rom
linux-rom: linux-images
	@mkdir -p $(B)/rom
	@cp $(LINUX_IMAGE) $(B)/rom/linux
	@cp $(LINUX_INITRD) $(B)/rom/linux-initrd
	@cp $(LINUX_BENCH_INITRD) $(B)/rom/bench-initrd
	@$(MAKE) --no-print-directory $(B)/modules.cpio

$(B)/modules.cpio: $(ROM) $(wildcard $(B)/rom/linux $(B)/rom/linux-initrd $(B)/rom/bench-initrd) scripts/mkrom.sh
	@echo "  CPIO    $@"
	@bash scripts/mkrom.sh $(B)/rom $@

# make run CONFIG=ned-configs/X.lua (or X.cfg): ned runs the script (in the boot archive as
# rom/X.lua); a name not in ned-configs/ or tests/lua/ is an error before QEMU starts.
ifneq ($(CONFIG),)
BOOTARGS := init=rom/ned rom/$(notdir $(CONFIG))
endif
.PHONY: run-config
run-config:
	@$(if $(CONFIG),test -n "$(filter %/$(notdir $(CONFIG)),$(NED_SCRIPTS))" || \
		{ echo "make run: CONFIG=$(CONFIG): no such script in ned-configs/ or tests/lua/ (.lua or .cfg)"; exit 1; })
run: run-config all linux-rom
	@echo "Booting Tern in QEMU (quit: Ctrl-a x; the VM's exit statistics: Ctrl-] s)"
	$(QEMU) $(QEMU_ARGS) -append "$(BOOTARGS)"

debug: all
	@echo "QEMU waits for gdb on :1234. In another terminal:"
	@echo "  gdb-multiarch $(B)/kernel.elf -ex 'target remote :1234'"
	$(QEMU) $(QEMU_ARGS) -append "$(BOOTARGS)" -s -S

# The Linux boot benchmark needs the guest images and the VMM's DT for plain QEMU.
bench: all linux-rom $(B)/host/vmm-dtb
	@bash scripts/bench.sh

# ---- tests ------------------------------------------------------------------
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-iquote kernel/include -iquote kernel/arch/arm64/include -iquote tests/host -Ikernel/abi \
	-iquote runtime/moe -I$(LIBFDT)
HOST_TESTS += page_alloc cpio elf platform format mapdb region names
HOST_DEPS_page_alloc := kernel/page_alloc.c
HOST_DEPS_cpio := kernel/cpio.c
HOST_DEPS_elf := kernel/elf.c
HOST_DEPS_platform := kernel/platform.c $(B)/host/libfdt.a
HOST_DEPS_format := kernel/lib/format.c
HOST_DEPS_mapdb := kernel/mapdb.c tests/host/fake_kmem.c
HOST_DEPS_region := runtime/moe/region.c
HOST_DEPS_names := runtime/moe/names.c

$(B)/host/test_%: tests/host/test_%.c tests/host/tap.h tests/host/fake_panic.c $$(HOST_DEPS_$$*)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC_HOST) $(HOST_CFLAGS) $< tests/host/fake_panic.c $(HOST_DEPS_$*) -o $@

$(B)/host/libfdt.a: $(FDT_SRC:%=$(LIBFDT)/%)
	@mkdir -p $(B)/host/libfdt
	@echo "  HOSTCC  libfdt"
	@cd $(B)/host/libfdt && $(CC_HOST) -O1 -g -fsanitize=address,undefined -I$(LIBFDT) -c $(FDT_SRC:%=$(LIBFDT)/%)
	@ar rcs $@ $(FDT_SRC:%.c=$(B)/host/libfdt/%.o)

host-tests: setup
	@$(MAKE) --no-print-directory $(HOST_TESTS:%=$(B)/host/test_%)

test: all host-tests linux-rom
	@bash tests/run.sh

# The kernel's and moe's fuzzers, longer and with more seeds than make test (scripts/fuzz.sh).
fuzz: all
	@bash scripts/fuzz.sh

format:
	@git ls-files --cached --others --exclude-standard '*.c' '*.h' | \
		while read -r f; do [ -e "$$f" ] && echo "$$f"; done | xargs clang-format -i

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
