#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# mkrom.sh DIR OUT: the boot module archive (newc cpio) of DIR's files, in
# name order, reproducible (mtime 0, owner 0). Files of 16 KiB or more start
# on a 64 KiB boundary of the archive, those of 2 MiB or more on a 2 MiB one:
# before each, a file of zeros as long as it takes ("pad/N") shifts it
# there, so moe can map their pages in place, in flexpages as large as
# their alignment, instead of copying them (runtime/moe/ds.c). Any cpio
# reader sees ordinary files.
set -euo pipefail
dir=$1 out=$2
MIN=16384 BIG=$((2 << 20))
off=0 ino=1

header() { # name size mode
	printf '070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x' \
		"$ino" "$3" 0 0 1 0 "$2" 0 0 0 0 $((${#1} + 1)) 0
	printf '%s\0' "$1"
	ino=$((ino + 1))
}
zeros() { [ "$1" -gt 0 ] && head -c "$1" /dev/zero || true; }
pad4() { echo $(((4 - $1 % 4) % 4)); }

{
	while IFS= read -r name; do
		size=$(stat -c %s "$dir/$name")
		ns=$((${#name} + 1))
		hdr=$((110 + ns + $(pad4 $((110 + ns)))))
		ALIGN=$((size >= BIG ? BIG : 65536))
		if [ "$size" -ge $MIN ] && [ $(((off + hdr) % ALIGN)) -ne 0 ]; then
			# A file of zeros ending exactly where this header must start.
			pname="pad/$ino"
			phdr=$((110 + ${#pname} + 1 + $(pad4 $((110 + ${#pname} + 1)))))
			psize=$(((off + phdr + hdr + ALIGN - 1) / ALIGN * ALIGN - hdr - off - phdr))
			header "$pname" "$psize" $((8#100644))
			zeros $((phdr - 110 - ${#pname} - 1))
			zeros "$psize"
			off=$((off + phdr + psize))
		fi
		header "$name" "$size" $((8#100644))
		zeros $((hdr - 110 - ns))
		cat "$dir/$name"
		zeros "$(pad4 "$size")"
		off=$((off + hdr + size + $(pad4 "$size")))
	done < <(cd "$dir" && find . -maxdepth 1 -type f -printf '%P\n' | LC_ALL=C sort)
	header "TRAILER!!!" 0 0
	zeros "$(pad4 $((110 + 11)))"
} >"$out"
