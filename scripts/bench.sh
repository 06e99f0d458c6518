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
