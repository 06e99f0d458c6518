#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Runs every test tier and ends with "N passed, N failed":
#   host unit tests (TAP; each assertion counts), QEMU scenarios
#   (tests/scenarios/*.scn), and the code-layout check.
set -u
cd "$(dirname "$0")/.."

B=${B:-build}
LOGS=$B/test-logs
mkdir -p "$LOGS"
passed=0 failed=0
failures=()

pass() { passed=$((passed + 1)); printf '  PASS  %s\n' "$1"; }
fail() {
	failed=$((failed + 1))
	failures+=("$1: $2")
	printf '  FAIL  %s: %s\n' "$1" "$2"
}

# ---- host unit tests ---------------------------------------------------------
echo "== host unit tests"
qemu-system-aarch64 -M virt,virtualization=on,gic-version=3,dumpdtb=$B/virt.dtb \
	-cpu max,pauth=off,sve=off -m 512M -smp 2 -nic none -nographic >/dev/null 2>&1
declare -A host_args=(
	[platform]="$B/virt.dtb"
	[elf]="$B/rom/hello $B/rom/fault $B/rom/sigma0 $B/rom/moe $B/rom/ned $B/rom/vmm $B/rom/threads
		$B/rom/bad_arch $B/rom/bad_magic $B/rom/truncated $B/rom/bad_wx"
)
for t in "$B"/host/test_*; do
	name=${t##*/test_}
	log=$LOGS/host-$name.log
	# shellcheck disable=SC2086
	timeout 120 "$t" ${host_args[$name]:-} >"$log" 2>&1
	rc=$?
	ok=$(grep -c '^ok ' "$log")
	bad=$(grep -c '^not ok ' "$log")
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$log")
	passed=$((passed + ok))
	if [ "$bad" -gt 0 ] || [ "$rc" -ne 0 ] || [ "$plan" != "$((ok + bad))" ]; then
		fail "host/$name" "exit $rc, $bad of ${plan:-?} assertions failed (log: $log)"
		grep '^not ok' "$log" | head -5 | sed 's/^/        /'
		tail -3 "$log" | grep -v '^ok\|^1\.\.' | sed 's/^/        /'
	else
		printf '  PASS  host/%s (%d assertions)\n' "$name" "$ok"
	fi
done

# ---- QEMU scenarios ------------------------------------------------------------
# A scenario file sets BOOTARGS, TIMEOUT, EXPECT (regexes that must appear in
# this order), EXPECT_ANY (regexes that must appear somewhere) and REJECT
# (regexes that must not appear anywhere); TAP=1 counts the program's
# "ok"/"not ok" lines; INPUT is typed once INPUT_AFTER has appeared.
# DIALOG=(regex text regex text ...) types each text (and Enter) once its
# regex has appeared after the previous one's line; STOP_AT (a regex after
# the dialog's last line, or any line without a DIALOG) ends QEMU as a
# success, for a system that would run on. INITRD names another boot archive (default $B/modules.cpio). A
# scenario may define scenario_check LOG: after the patterns, its
# output says why it failed when it returns non-zero. Colour escapes
# (ESC[...m, from coloured logs) are taken out of the output before the
# patterns are matched, unless COLORS=1 (patterns then write them, $'\e').
echo "== QEMU scenarios"
QEMU_CMD=(qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max,pauth=off,sve=off
	-m 512M -smp 1 -nic none -nographic -no-reboot -kernel "$B/tern.img")

# The line number (after line $2) where regex $3 first matches in file $1, waiting up to $4 s.
wait_for_line() {
	local found
	for _ in $(seq 1 $(($4 * 5))); do
		found=$(tail -n +"$(($2 + 1))" "$1" 2>/dev/null | grep -n -m1 -E -- "$3" | cut -d: -f1)
		if [ -n "$found" ]; then
			echo $(($2 + found))
			return 0
		fi
		sleep 0.2
	done
	return 1
}

# QEMU with DIALOG typed into its console; returns QEMU's status (0 when STOP_AT ended it).
run_dialog() {
	local log=$1 fifo at=0 i qpid stopped=0 rc
	fifo=$(mktemp -u) && mkfifo "$fifo" || return 1
	timeout "$TIMEOUT" "${QEMU_CMD[@]}" -initrd "$INITRD" -append "$BOOTARGS" <"$fifo" >"$log" 2>&1 &
	qpid=$!
	exec {in}>"$fifo"
	for ((i = 0; i < ${#DIALOG[@]}; i += 2)); do
		at=$(wait_for_line "$log" "$at" "${DIALOG[i]}" "$TIMEOUT") || break
		printf '%s\r' "${DIALOG[i + 1]}" >&"$in"
	done
	if [ -n "$STOP_AT" ] && wait_for_line "$log" "$at" "$STOP_AT" "$TIMEOUT" >/dev/null; then
		stopped=1
		kill "$qpid" 2>/dev/null
	fi
	wait "$qpid"
	rc=$?
	exec {in}>&-
	rm -f "$fifo"
	[ $stopped = 1 ] && return 0
	return $rc
}

run_scenario() {
	local file=$1 name
	name=$(basename "$file" .scn)
	local BOOTARGS="" TIMEOUT=60 TAP=0 INPUT="" INPUT_AFTER="" EXPECT=() EXPECT_ANY=() REJECT=()
	local DIALOG=() STOP_AT="" INITRD=$B/modules.cpio COLORS=0
	unset -f scenario_check
	# shellcheck disable=SC1090
	source "$file"
	local log=$LOGS/$name.log
	local rc
	if [ ${#DIALOG[@]} -gt 0 ] || [ -n "$STOP_AT" ]; then
		run_dialog "$log"
		rc=$?
	elif [ -n "$INPUT" ]; then
		# Type INPUT (and Enter) on the console once the output shows INPUT_AFTER.
		{
			for _ in $(seq 1 200); do
				grep -q -E -- "$INPUT_AFTER" "$log" 2>/dev/null && break
				sleep 0.1
			done
			printf '%s\r' "$INPUT"
			sleep 1 # let QEMU read it before stdin closes
		} | timeout "$TIMEOUT" "${QEMU_CMD[@]}" -initrd "$INITRD" -append "$BOOTARGS" >"$log" 2>&1
		rc=$?
	else
		timeout "$TIMEOUT" "${QEMU_CMD[@]}" -initrd "$INITRD" -append "$BOOTARGS" </dev/null >"$log" 2>&1
		rc=$?
	fi
	if [ $rc -eq 124 ]; then
		fail "$name" "QEMU still running after ${TIMEOUT}s: the system hung (log: $log)"
		return
	fi
	if [ $rc -ne 0 ]; then
		fail "$name" "QEMU exited with status $rc (log: $log)"
		return
	fi
	[ "$COLORS" = 1 ] || sed -i 's/\x1b\[[0-9;]*m//g' "$log"
	local line=0 pat found
	for pat in "${EXPECT[@]}"; do
		found=$(tail -n +"$((line + 1))" "$log" | grep -n -m1 -E -- "$pat" | cut -d: -f1)
		if [ -z "$found" ]; then
			fail "$name" "expected /$pat/ after line $line of the output (log: $log)"
			return
		fi
		line=$((line + found))
	done
	# Lines whose order against the others depends on scheduling: anywhere.
	for pat in "${EXPECT_ANY[@]}"; do
		if ! grep -q -E -- "$pat" "$log"; then
			fail "$name" "expected /$pat/ somewhere in the output (log: $log)"
			return
		fi
	done
	for pat in "${REJECT[@]}"; do
		found=$(grep -n -m1 -E -- "$pat" "$log")
		if [ -n "$found" ]; then
			fail "$name" "unexpected /$pat/ at line ${found%%:*} (log: $log)"
			return
		fi
	done
	if declare -F scenario_check >/dev/null; then
		local why
		if ! why=$(scenario_check "$log" 2>&1); then
			fail "$name" "$why (log: $log)"
			return
		fi
	fi
	if [ "$TAP" = 1 ]; then
		# A test program's own assertions count one by one (a guest's come
		# through its VMM, tagged by moe's log: "[vmm] ok 3 - ...").
		local nok nbad
		nok=$(grep -cE '^(\[[^]]*\] )?ok ' "$log")
		nbad=$(grep -cE '^(\[[^]]*\] )?not ok ' "$log")
		passed=$((passed + nok))
		if [ "$nbad" -gt 0 ]; then
			fail "$name" "$nbad assertions failed (log: $log)"
			return
		fi
		printf '  PASS  %s (%d assertions)\n' "$name" "$nok"
		return
	fi
	pass "$name"
}

# ONLY="glob ..." runs just the scenarios whose names match one glob (make test runs all).
read -ra patterns <<<"${ONLY:-*}"
for pat in "${patterns[@]}"; do
	for s in tests/scenarios/$pat.scn; do
		[ -e "$s" ] && run_scenario "$s"
	done
done

# ---- layout --------------------------------------------------------------------
echo "== code layout"
if ! command -v clang-format >/dev/null; then
	fail "clang-format" "clang-format is not installed (make setup installs it)"
else
	mapfile -t srcs < <(git ls-files --cached --others --exclude-standard '*.c' '*.h' 2>/dev/null |
		while read -r f; do [ -e "$f" ] && echo "$f"; done)
	if out=$(clang-format --dry-run -Werror "${srcs[@]}" 2>&1); then
		pass "clang-format (${#srcs[@]} files)"
	else
		fail "clang-format" "files differ from .clang-format; run 'make format'"
		echo "$out" | grep -E '^[^ ].*(error|warning)' | cut -d: -f1 | sort -u | head | sed 's/^/        /'
	fi
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
	echo "Failures:"
	printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
