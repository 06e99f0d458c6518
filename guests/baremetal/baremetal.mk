# SPDX-License-Identifier: BSD-2-Clause
# Bare-metal EL1 test guests: rom/guest-<name> from guests/baremetal/tests/<name>.c
# and the small runtime in guests/baremetal/. Included by the Makefile after
# CROSS, B, WARN and ROM are defined. See guests/README.md.
#
# The guests run with the MMU off, where all data accesses are Device memory:
# -mstrict-align keeps every access aligned to its size. FP/SIMD is enabled
# at entry but only tests/fp.c is compiled to use it.

GUEST_DIR := guests/baremetal
GUEST_NAMES := $(patsubst $(GUEST_DIR)/tests/%.c,%,$(wildcard $(GUEST_DIR)/tests/*.c))
GUEST_ROMS := $(GUEST_NAMES:%=$(B)/rom/guest-%)
GUEST_RT_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard $(GUEST_DIR)/*.c)) \
	$(patsubst %.S,$(B)/%.o,$(wildcard $(GUEST_DIR)/*.S))
GUEST_CFLAGS := -std=gnu11 -O2 -g -march=armv8-a -ffreestanding -fno-pic -fno-pie -mcmodel=small \
	-mgeneral-regs-only -mstrict-align -fno-stack-protector -fno-omit-frame-pointer \
	-fno-tree-loop-distribute-patterns -fno-common -iquote $(GUEST_DIR)
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--no-warn-rwx-segments,--build-id=none \
	-T $(GUEST_DIR)/guest.ld

# The FP guest spins on all 32 SIMD registers.
$(B)/$(GUEST_DIR)/tests/fp.o: GUEST_CFLAGS := $(filter-out -mgeneral-regs-only,$(GUEST_CFLAGS))

$(B)/$(GUEST_DIR)/%.o: $(GUEST_DIR)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CROSS)gcc $(GUEST_CFLAGS) $(WARN) -MMD -c $< -o $@

$(B)/$(GUEST_DIR)/%.o: $(GUEST_DIR)/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CROSS)gcc $(GUEST_CFLAGS) -D__ASSEMBLER__ -MMD -c $< -o $@

$(B)/rom/guest-%: $(B)/$(GUEST_DIR)/tests/%.o $(GUEST_RT_OBJ) $(GUEST_DIR)/guest.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CROSS)gcc $(GUEST_LDFLAGS) $< $(GUEST_RT_OBJ) -lgcc -o $@

ROM += $(GUEST_ROMS)
