#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Makes the boot benchmark's initramfs into the cache (guests/linux/README.md):
#   $TERN_CACHE/guests/linux/bench-initrd   bench-init.c as /init and /dev/console (newc)
# /init is a static program without a C library: it reads the virtual
# counter first thing in user space, prints it and powers off. Reproducible
# (fixed mtimes and order, no build id); a second run with nothing changed
# prints nothing.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=guests/linux/newc.sh
source "$HERE/newc.sh"
CACHE="${TERN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tern}"
OUT="$CACHE/guests/linux"
WORK="$CACHE/tmp/bench-initrd"
EPOCH="${SOURCE_DATE_EPOCH:-0}"
CC="${CROSS:-aarch64-linux-gnu-}gcc"

die() {
	printf '[bench-initrd] error: %s\n' "$*" >&2
	exit 1
}
for tool in "$CC" cpio; do
	command -v "$tool" >/dev/null || die "$tool is missing (run make setup)"
done

stamp=$(cat "$HERE/make-bench-initrd.sh" "$HERE/newc.sh" "$HERE/bench-init.c" - <<<"$("$CC" --version | head -1) epoch $EPOCH" |
	sha256sum | cut -d' ' -f1)
if [ -e "$OUT/bench-initrd" ] && [ "$(cat "$OUT/.bench-stamp" 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi

rm -rf "$WORK"
mkdir -p "$WORK/root/dev" "$OUT"
chmod 0755 "$WORK/root" "$WORK/root/dev"
"$CC" -static -nostdlib -ffreestanding -fno-stack-protector -O2 -s -Wl,--build-id=none \
	-Wall -Wextra -Werror -o "$WORK/root/init" "$HERE/bench-init.c"
chmod 0755 "$WORK/root/init"

newc_pack "$WORK/root" "$WORK/bench-initrd" # newc.sh: reproducible, with /dev/console

mv -f "$WORK/bench-initrd" "$OUT/bench-initrd"
echo "$stamp" >"$OUT/.bench-stamp"
rm -rf "$WORK"
printf '[bench-initrd] %s: %s bytes\n' "$OUT/bench-initrd" "$(stat -c %s "$OUT/bench-initrd")"
