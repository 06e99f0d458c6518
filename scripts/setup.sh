#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Tern set-up: installs the Debian packages the build needs and fetches the
# third-party source packages (Lua 5.4, libfdt) into a cache outside the repo.
# A second run finds everything in place and does no network work.
set -euo pipefail

CACHE="${TERN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tern}"
SRC="$CACHE/src"

# Debian package -> a file that proves it is installed (cheaper than dpkg -s).
PACKAGES=(
	"qemu-system-arm:/usr/bin/qemu-system-aarch64"
	"gcc-aarch64-linux-gnu:/usr/bin/aarch64-linux-gnu-gcc"
	"picolibc-aarch64-linux-gnu:/usr/lib/picolibc/aarch64-linux-gnu/picolibc.specs"
	"linux-libc-dev-arm64-cross:/usr/aarch64-linux-gnu/include/linux/virtio_ring.h"
	"device-tree-compiler:/usr/bin/dtc"
	"cpio:/usr/bin/cpio"
	"e2fsprogs:/sbin/mke2fs"
	"dpkg-dev:/usr/bin/dpkg-source"
	"gdb-multiarch:/usr/bin/gdb-multiarch"
	"xz-utils:/usr/bin/xz"
	"clang-format:/usr/bin/clang-format"
	"gcc:/usr/bin/gcc"
	"libc6-dev:/usr/include/stdio.h"
	"binutils:/usr/bin/ar"
)
# Third-party source the build compiles, each unpacked once into the cache:
#   $CACHE/lua5.4  Lua 5.4 (source package lua5.4)
#   $CACHE/libfdt  libfdt (source package device-tree-compiler; see fetch_libfdt)

say() { printf '[setup] %s\n' "$*"; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		sudo "$@"
	else
		say "not root: run this, then run make again:"
		say "  sudo $*"
		exit 1
	fi
}

missing=()
for entry in "${PACKAGES[@]}"; do
	pkg="${entry%%:*}" file="${entry#*:}"
	[ -e "$file" ] || missing+=("$pkg")
done

need_src=()
[ -e "$CACHE/lua5.4/src/lua.h" ] || need_src+=(lua5.4)
[ -e "$CACHE/libfdt/libfdt.h" ] || need_src+=(libfdt)

if [ ${#missing[@]} -eq 0 ] && [ ${#need_src[@]} -eq 0 ]; then
	exit 0
fi

# `apt-get source` needs deb-src entries. Derive them from the Debian entries
# the machine already has (deb822 .sources files and one-line .list files).
have_deb_src() {
	grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null
}
derive_deb_src() {
	local out=/etc/apt/sources.list.d/tern-deb-src.sources tmp
	tmp=$(mktemp)
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		# Keep only stanzas that point at Debian archives, turned into deb-src.
		awk 'BEGIN{RS=""; ORS="\n\n"} /URIs:[^\n]*debian/ {sub(/Types:[^\n]*/, "Types: deb-src"); print}' "$f" >>"$tmp"
	done
	if [ -e /etc/apt/sources.list ]; then
		grep -E '^deb[[:space:]]' /etc/apt/sources.list | grep debian |
			sed -E 's/^deb[[:space:]]/deb-src /' >"$tmp.list" || true
		if [ -s "$tmp.list" ]; then
			as_root install -m 0644 "$tmp.list" /etc/apt/sources.list.d/tern-deb-src.list
		fi
		rm -f "$tmp.list"
	fi
	if [ -s "$tmp" ]; then
		as_root install -m 0644 "$tmp" "$out"
	fi
	rm -f "$tmp"
	say "added deb-src entries derived from the existing apt sources"
}

fetch_lua5_4() {
	say "fetching source package lua5.4 into $SRC"
	(cd "$SRC" && apt-get source -q lua5.4)
	ln -sfn "$(cd "$SRC" && ls -d "$SRC"/lua5.4-*/ | head -n1)" "$CACHE/lua5.4"
}

# libfdt lives in the device-tree-compiler source package. Some mirrors do not
# carry that package's source files; the same upstream libfdt is also shipped
# in u-boot's source package (scripts/dtc/libfdt), so fall back to that and
# unpack only the libfdt directory.
fetch_libfdt() {
	local dir
	say "fetching source package device-tree-compiler (libfdt) into $SRC"
	if (cd "$SRC" && apt-get source -q device-tree-compiler); then
		dir=$(ls -d "$SRC"/device-tree-compiler-*/libfdt | head -n1)
	else
		say "device-tree-compiler source not available; taking libfdt from the u-boot source package"
		(cd "$SRC" && apt-get source -q --download-only u-boot)
		local tarball
		tarball=$(ls "$SRC"/u-boot_*.orig.tar.* | head -n1)
		(cd "$SRC" && tar -xf "$tarball" --wildcards '*/scripts/dtc/libfdt/*')
		dir=$(ls -d "$SRC"/u-boot-*/scripts/dtc/libfdt | head -n1)
	fi
	ln -sfn "$dir" "$CACHE/libfdt"
}

updated=0
apt_update() {
	[ $updated -eq 1 ] && return
	say "apt-get update"
	as_root apt-get update -q
	updated=1
}

if [ ${#missing[@]} -gt 0 ]; then
	say "installing: ${missing[*]}"
	apt_update
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ${#need_src[@]} -gt 0 ]; then
	if ! have_deb_src; then
		derive_deb_src
		updated=0
	fi
	apt_update
	mkdir -p "$SRC"
	for what in "${need_src[@]}"; do
		"fetch_${what//./_}"
	done
fi
say "done; cache at $CACHE"
