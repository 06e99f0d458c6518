#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# make bench: the kernel's and the runtime's costs, VM exits, and the Linux
# boot under Tern and on plain QEMU; each run twice, one table each:
#  - with QEMU -icount shift=0: instructions (PMU, or the counter), repeatable;
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

# ---- Linux boot ------------------------------------------------------------------
# Debian's kernel (1 vCPU, 256 MiB) from its first instruction to the first
# instruction of /init (guests/linux/bench-init.c, which prints the virtual
# counter and powers off), under Tern's VMM and on plain QEMU with the same
# kernel, initramfs and device tree (build/host/vmm-dtb writes the VMM's).
# The guest's counter runs from the machine's start in both (CNTVOFF is 0),
# so Tern's boot is init's counter minus the VMM's at the first guest entry;
# plain QEMU enters the kernel at counter 0 (a few instructions of QEMU's
# boot stub). Counter ticks are 16 ns at 62.5 MHz: under -icount shift=0 a
# tick is 16 instructions. References measured on this QEMU setup (issue 9):
# 856.8 M bare, 863.6 M under L4Re's uvmm on Fiasco (+0.8 %).
echo
echo "Running the Linux boot benchmark (plain QEMU and Tern, icount then wall time)..."
LINUX="$B/rom/linux" INITRD="$B/rom/bench-initrd" DTB="$B/bench-linux.dtb"
CMDLINE=$(sed -n 's/^local cmdline = "\(.*\)"$/\1/p' tests/lua/bench_linux.lua)
for f in "$LINUX" "$INITRD"; do
	[ -e "$f" ] || {
		echo "bench: $f is missing (make linux-rom)" >&2
		exit 1
	}
done
[ -n "$CMDLINE" ] || {
	echo "bench: no 'local cmdline = \"...\"' line in tests/lua/bench_linux.lua" >&2
	exit 1
}
# The VMM's options as tests/lua/bench_linux.lua gives them.
"$B/host/vmm-dtb" "$DTB" -k "$LINUX" -r "$INITRD" -c "$CMDLINE" --mem 256 --cpus 1
# shellcheck disable=SC2054 # the commas are QEMU's
BARE=(qemu-system-aarch64 -M virt,gic-version=3 -cpu max,pauth=off,sve=off -m 256M -smp 1
	-nic none -nographic -no-reboot -kernel "$LINUX" -initrd "$INITRD" -dtb "$DTB")

boot() { # log-file regex-of-the-last-line command...: the run must end cleanly with it
	local log=$1 want=$2
	shift 2
	if ! timeout 300 "$@" </dev/null >"$log" 2>&1 || ! tr -d '\r' <"$log" | grep -q -E "$want"; then
		echo "bench: the Linux boot failed (no /$want/); its output is in $log" >&2
		tail -20 "$log" >&2
		exit 1
	fi
}
boot "$B/linux-bare-icount.log" '^tern-bench: init counter' "${BARE[@]}" -append "$CMDLINE" -icount shift=0,sleep=off
boot "$B/linux-bare-wall.log" '^tern-bench: init counter' "${BARE[@]}" -append "$CMDLINE"
boot "$B/linux-tern-icount.log" '^\[ned\] bench_linux: linux-stats ended with 0' \
	"${QEMU[@]}" -append "init=rom/ned --wait-and-exit rom/bench_linux.lua" -icount shift=0,sleep=off
boot "$B/linux-tern-wall.log" '^\[ned\] bench_linux: linux-stats ended with 0' \
	"${QEMU[@]}" -append "init=rom/ned --wait-and-exit rom/bench_linux.lua"

# Files in order: bare icount, bare wall, Tern icount, Tern wall. Lines:
# "tern-bench: init counter N frequency F" (with "[linux] " under Tern) and
# "[linux] vmm: counter at the VMM's start S, at the guest's first entry E".
awk -v cmdline="$CMDLINE" '
	FNR == 1 { file++ }
	{ sub(/\r$/, "") }
	/^(\[linux\] )?tern-bench: init counter / { init[file] = $(NF-2); freq = $NF }
	/^\[linux\] vmm: counter at the VMM.s start / { start[file] = $(NF-6); sub(/,$/, "", start[file]); entry[file] = $NF }
	END {
		if (!(1 in init) || !(2 in init) || !(3 in init) || !(4 in init) || !(3 in entry) || !(4 in entry) || !freq) {
			print "bench: a Linux boot printed no counter line" > "/dev/stderr"; exit 1 }
		ns = 1e9 / freq
		bare = init[1] * ns; tern = (init[3] - entry[3]) * ns; setup = (entry[3] - start[3]) * ns
		bare_w = init[2] * ns; tern_w = (init[4] - entry[4]) * ns; setup_w = (entry[4] - start[4]) * ns
		printf "Linux boot, guest entry to /init (1 vCPU, 256 MiB, \"%s\")\n", cmdline
		printf "%-30s %12s %12s %10s %10s\n", "", "bare QEMU", "Tern", "overhead", "target"
		printf "%-30s %12.1f %12.1f %+9.2f%% %10s\n", "instructions (M)", bare / 1e6, tern / 1e6, \
			100 * (tern - bare) / bare, "<= +0.4%"
		printf "%-30s %12.1f %12.1f %+9.2f%% %10s\n", "wall ms (TCG)", bare_w / 1e6, tern_w / 1e6, \
			100 * (tern_w - bare_w) / bare_w, "-"
		printf "%-30s %12s %12.1f %10s %10s\n", "VMM start to guest entry (M)", "-", setup / 1e6, "", "<= 20"
		printf "%-30s %12s %12.1f %10s %10s\n", "  the same, wall ms (TCG)", "-", setup_w / 1e6, "", "-"
		printf "(references on this QEMU setup: 856.8 M bare, 863.6 M under L4Re uvmm on Fiasco, +0.8 %%)\n"
	}' "$B/linux-bare-icount.log" "$B/linux-bare-wall.log" "$B/linux-tern-icount.log" \
	"$B/linux-tern-wall.log" | tee "$B/bench-linux.txt"
# The VMM's exit table of the measured boot, and of the same boot with
# --stats (its handling times; under icount a ns is an instruction).
echo
echo "The VMM's exits in that boot (the icount run), and in the same boot with --stats:"
awk '{ sub(/\r$/, "") }
	/^\[linux-stats\] vmm: exits / { print "with --stats:" }
	/^\[linux(-stats)?\] vmm: (exits |[A-Z]+ |  )/ { sub(/^[^]]*\] vmm: /, ""); print }' \
	"$B/linux-tern-icount.log" | tee -a "$B/bench-linux.txt"
echo "(table saved in $B/bench-linux.txt; logs in $B/linux-*.log)"
