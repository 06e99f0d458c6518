#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Boots the Linux guest images on plain QEMU (no Tern) to check the images
# themselves: the benchmark init (tern.init=poweroff) and the default init's
# shell. Prints a PASS or FAIL line per check; exits 1 if any failed.
# Not part of `make test`; run it after make-images.sh. IMAGE= and INITRD=
# choose other files; the logs are in $TERN_CACHE/guests/linux/smoke/.
set -euo pipefail

CACHE="${TERN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tern}"
OUT="$CACHE/guests/linux"
IMAGE="${IMAGE:-$OUT/Image}"
INITRD="${INITRD:-$OUT/initramfs.cpio}"
LOGS="$OUT/smoke"
TIMEOUT=180

for f in "$IMAGE" "$INITRD"; do
	[ -e "$f" ] || {
		echo "FAIL  $f is missing: run guests/linux/make-images.sh first"
		exit 1
	}
done
mkdir -p "$LOGS"

# shellcheck disable=SC2054 # the commas are QEMU's
QEMU=(timeout -s KILL "$TIMEOUT" qemu-system-aarch64 -M virt,gic-version=3
	-cpu max,pauth=off,sve=off -m 512M -smp 2 -nographic -nic none -no-reboot
	-kernel "$IMAGE" -initrd "$INITRD")

failed=0
pass() { printf 'PASS  %s\n' "$*"; }
fail() {
	printf 'FAIL  %s\n' "$*"
	failed=1
}
# LOG REGEX WHAT: a line of the log (without its \r) matches REGEX.
expect() {
	if tr -d '\r' <"$1" | grep -q -E -- "$2"; then pass "$3"; else fail "$3 (no /$2/ in $1)"; fi
}
# LOG RC SECONDS: QEMU ended by itself, cleanly, without a kernel complaint.
check_exit() {
	if [ "$2" -eq 137 ]; then
		fail "$(basename "$1" .log): still running after ${TIMEOUT}s, killed (log: $1)"
	elif [ "$2" -ne 0 ]; then
		fail "$(basename "$1" .log): QEMU exited with status $2 (log: $1)"
	else
		pass "$(basename "$1" .log): powered off after $3 s"
	fi
	if grep -q -E 'Kernel panic|unable to open an initial console|Oops' "$1"; then
		fail "$(basename "$1" .log): $(grep -m1 -E 'Kernel panic|unable to open an initial console|Oops' "$1" | tr -d '\r') (log: $1)"
	fi
}

# 1. The benchmark init: prints its line and powers off at once.
log="$LOGS/bench.log"
start=$SECONDS
rc=0
"${QEMU[@]}" -append "console=ttyAMA0 tern.init=poweroff" </dev/null >"$log" 2>&1 || rc=$?
check_exit "$log" "$rc" $((SECONDS - start))
expect "$log" '^tern-guest: init started' "bench: init started"
expect "$log" '^tern-guest: bench-init$' "bench: tern-guest: bench-init"

# 2. The default init: type commands at the shell's prompt once it shows.
log="$LOGS/shell.log"
rm -f "$log" # the prompt looked for must be this run's
start=$SECONDS
rc=0
# shellcheck disable=SC2094 # the log is watched while QEMU writes it
{
	for _ in $(seq 1 $((TIMEOUT * 10))); do
		grep -q -E '^[~/] # ' "$log" 2>/dev/null && break
		sleep 0.1
	done
	printf 'uname -m; nproc\r'
	printf "echo modules: \$(cut -d' ' -f1 /proc/modules)\r"
	printf 'poweroff -f\r'
	sleep 1 # let QEMU read it before stdin closes
} | "${QEMU[@]}" -append "console=ttyAMA0" >"$log" 2>&1 || rc=$?
check_exit "$log" "$rc" $((SECONDS - start))
expect "$log" '^tern-guest: init started' "shell: init started"
expect "$log" '^[~/] # ' "shell: prompt"
expect "$log" '^aarch64$' "shell: uname -m is aarch64"
expect "$log" '^2$' "shell: nproc is 2"
# The modules make-images.sh listed for loading (when these are its images).
modules=""
if [ "$INITRD" = "$OUT/initramfs.cpio" ] && [ -e "$OUT/VERSION" ]; then
	# shellcheck source=/dev/null
	modules=$(. "$OUT/VERSION" && echo "$MODULES_LOADED")
fi
for m in $modules; do
	expect "$log" "^modules: (.* )?$m( |$)" "shell: module $m loaded"
done
if grep -q 'insmod .* failed' "$log"; then
	fail "shell: $(grep -m1 'insmod .* failed' "$log" | tr -d '\r')"
fi

exit $failed
