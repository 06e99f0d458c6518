#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# make bench: boots rom/bench twice and prints one table.
#  - with QEMU -icount shift=0: instructions retired at EL0 and EL2 (PMU), repeatable;
#  - without icount: wall time under TCG on this machine (noisy, for orientation).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
QEMU=(qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max,pauth=off,sve=off
	-m 512M -smp 1 -nic none -nographic -no-reboot -kernel "$B/tern.img"
	-initrd "$B/modules.cpio")

run() { # log-file bootargs extra-qemu-args...
	local log=$1 args=$2
	shift 2
	if ! timeout 300 "${QEMU[@]}" -append "$args" "$@" </dev/null >"$log" 2>&1 ||
		! grep -q 'bench: done' "$log"; then
		echo "bench: the benchmark run failed; its output is in $log" >&2
		tail -20 "$log" >&2
		exit 1
	fi
}

echo "Running the benchmarks (instruction counts under -icount shift=0, then wall time)..."
# The kernel's (rom/bench alone on the kernel), then the runtime's (rom/rt_bench under moe).
run "$B/bench-icount.log" "tern.root=rom/bench" -icount shift=0
run "$B/bench-wall.log" "tern.root=rom/bench"
run "$B/rt-bench-icount.log" "init=rom/rt_bench" -icount shift=0
run "$B/rt-bench-wall.log" "init=rom/rt_bench"
cat "$B/bench-icount.log" "$B/rt-bench-icount.log" >"$B/bench-all-icount.log"
cat "$B/bench-wall.log" "$B/rt-bench-wall.log" >"$B/bench-all-wall.log"

# Lines: "bench: <name words> el0 el2 total ns"
awk '
	FNR == 1 { file++ }
	{ sub(/\r$/, ""); sub(/^\[[^]]*\] /, "") }
	/^bench: / && $NF ~ /^[0-9.]+$/ {
		name = ""; for (i = 2; i <= NF - 4; i++) name = name (i > 2 ? " " : "") $i
		if (file == 1) { order[++n] = name; el0[name] = $(NF-3); el2[name] = $(NF-2); tot[name] = $(NF-1) }
		else wall[name] = $NF
	}
	END {
		printf "%-28s %10s %10s %10s %14s\n", "operation", "EL0 insns", "EL2 insns", "total", "wall ns (TCG)"
		for (i = 1; i <= n; i++) { k = order[i]
			printf "%-28s %10s %10s %10s %14s\n", k, el0[k], el2[k], tot[k], wall[k] }
	}' "$B/bench-all-icount.log" "$B/bench-all-wall.log" | tee "$B/bench.txt"
echo "(per operation; IPC one way = half a call+reply round trip; table saved in $B/bench.txt)"

# ---- VM exits ------------------------------------------------------------------
# rom/guest-bench under the VMM (2 vCPUs), as kvm-unit-tests' arm micro-bench:
# the guest times each operation with its virtual counter; under
# -icount shift=0,sleep=off a nanosecond is one instruction executed on the
# machine (kernel, VMM and guest together), with no idle time counted. The
# VMM prints the per-exit split by exception level (PMU) for each operation.
echo
echo "Running the VM-exit benchmarks (guest-bench under the VMM)..."
VMARGS="init=rom/vmm --cpus 2 -k rom/guest-bench"
run "$B/vm-bench-icount.log" "$VMARGS" -icount shift=0,sleep=off
run "$B/vm-bench-wall.log" "$VMARGS"
# Guest lines: "bench: <name> min <n> median <n> max <n>"; VMM lines:
# "bench: exit-split <name> el0 <f> el1 <f> el2 <f>". References measured on
# this QEMU setup with the same method (issue 8): L4Re uvmm on Fiasco, Linux
# KVM with its user-space VMM; targets: half the better of the two.
awk '
	FNR == 1 { file++ }
	{ sub(/\r$/, ""); sub(/^\[[^]]*\] /, "") }
	/^bench: exit-split / { if (file == 1) { el0[$3] = $5; el1[$3] = $7; el2[$3] = $9 }; next }
	/^bench: [a-z_0-9]+ min / {
		if (file == 1) { order[++n] = $2; min[$2] = $4; med[$2] = $6; max[$2] = $8 }
		else wall[$2] = $6
	}
	END {
		split("hvc 1183 995 500 mmio_read_user 1154 5960 575 mmio_read_vgic 1126 1841 560 eoi 21 21 21 ipi 4703 4687 2350", r, " ")
		for (i = 1; i <= 20; i += 4) { uvmm[r[i]] = r[i+1]; kvm[r[i]] = r[i+2]; target[r[i]] = r[i+3] }
		printf "%-16s %8s %8s %8s %8s %8s %8s %8s %8s %8s %12s\n", "VM exit (insns)", "min", "median", "max", \
			"EL0", "EL1", "EL2", "uvmm", "KVM", "target", "wall ns (TCG)"
		for (i = 1; i <= n; i++) { k = order[i]
			printf "%-16s %8s %8s %8s %8s %8s %8s %8s %8s %8s %12s\n", k, min[k], med[k], max[k], \
				(k in el0) ? el0[k] : "-", (k in el1) ? el1[k] : "-", (k in el2) ? el2[k] : "-", \
				(k in uvmm) ? uvmm[k] : "-", (k in kvm) ? kvm[k] : "-", (k in target) ? "<=" target[k] : "-", wall[k] }
	}' "$B/vm-bench-icount.log" "$B/vm-bench-wall.log" | tee "$B/bench-vm.txt"
echo "(EL0/EL1/EL2: instructions per operation in the VMM, the guest and the kernel; table saved in $B/bench-vm.txt)"
