#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# make fuzz: the kernel's system-call fuzzer (rom/ktest --fuzz) and moe's
# random-message client (rom/moe_fuzz), for longer and more seeds than make
# test runs them. FUZZ_KERNEL, FUZZ_MOE (counts) and FUZZ_SEEDS override.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
KN=${FUZZ_KERNEL:-1000000}
MN=${FUZZ_MOE:-50000}
SEEDS=${FUZZ_SEEDS:-1 2 3 4}
QEMU=(qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max,pauth=off,sve=off
	-m 512M -smp 1 -nic none -nographic -no-reboot -kernel "$B/tern.img" -initrd "$B/modules.cpio")
mkdir -p "$B/fuzz-logs"
bad=0

# run NAME BOOTARGS OK-REGEX: one QEMU run, judged by a line of its output.
run() {
	local log=$B/fuzz-logs/$1.log
	timeout 3600 "${QEMU[@]}" -append "$2" </dev/null >"$log" 2>&1
	if grep -qE -- "$3" "$log" && ! grep -q "KERNEL PANIC" "$log"; then
		echo "  PASS  $1"
	else
		echo "  FAIL  $1 (log: $log)"
		bad=$((bad + 1))
	fi
}

for s in $SEEDS; do
	run "kernel-seed$s" "tern.root=rom/ktest --fuzz $KN --seed $s" "kernel alive"
	run "moe-seed$s" "init=rom/moe_fuzz $MN $s" "moe_fuzz: moe still serves"
done
echo "fuzz: $bad failed"
[ "$bad" -eq 0 ]
