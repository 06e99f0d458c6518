#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Makes the Linux guest images from Debian arm64 packages, into the cache
# outside the repository (guests/linux/README.md):
#   $TERN_CACHE/guests/linux/Image            the kernel of linux-image-arm64, as shipped
#   $TERN_CACHE/guests/linux/initramfs.cpio   busybox-static + virtio modules + ./init (newc, uncompressed)
#   $TERN_CACHE/guests/linux/VERSION          package versions and Image header fields (shell syntax)
#   $TERN_CACHE/guests/linux/config           the kernel's build configuration
# The packages are downloaded and unpacked, never installed; the kernel is
# never rebuilt or patched. The initramfs is reproducible: the same packages
# give the same bytes. A second run with nothing changed prints nothing and
# needs no network.
#
#   make-images.sh               make the images (if not up to date)
#   make-images.sh --check FILE  check that FILE is an arm64 Image, print its header
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=guests/linux/newc.sh
source "$HERE/newc.sh"
CACHE="${TERN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tern}"
OUT="$CACHE/guests/linux"
DEBS="$CACHE/debs/arm64"        # downloaded .deb files, kept for later runs
WORK="$CACHE/tmp/linux-images"  # scratch, removed when done
# Every file in the archive gets this mtime (SOURCE_DATE_EPOCH convention).
EPOCH="${SOURCE_DATE_EPOCH:-0}"

# Kernel modules for the initramfs: module name and the config symbol that
# says whether Debian builds it as a module (=m: copied with its
# dependencies), into the kernel (=y: nothing to copy) or not at all.
MODULES=(
	virtio_mmio:VIRTIO_MMIO
	virtio_net:VIRTIO_NET
	virtio_blk:VIRTIO_BLK
	virtio_console:VIRTIO_CONSOLE
)

# busybox applets linked in the archive. busybox is an arm64 binary, so its
# own --list cannot run here; a fixed list also keeps the archive independent
# of the build machine. /init links the remaining applets at boot.
APPLETS=(
	sh ash cat cp mv rm ln ls mkdir rmdir touch chmod chown echo printf test
	true false sleep date uname nproc hostname dmesg mount umount sync
	poweroff reboot halt ps kill free top uptime grep sed awk head tail wc
	cut sort tr find xargs less more vi stat df du env id
	insmod rmmod lsmod modprobe modinfo setsid cttyhack devmem hexdump
	ip ifconfig route ping udhcpc mknod
)

say() { printf '[linux-images] %s\n' "$*"; }
die() {
	printf '[linux-images] error: %s\n' "$*" >&2
	exit 1
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		sudo "$@"
	else
		say "not root: run this, then run make-images.sh again:"
		say "  sudo $*"
		exit 1
	fi
}

# ---- the arm64 Image header (Documentation/arch/arm64/booting.rst) -----------
# 64-byte header: text_offset at 8, image_size at 16, flags at 24 (u64, little
# endian), magic "ARM\x64" at 56.

le64() { # FILE OFFSET: the little-endian u64 there, in decimal
	local v=0 i=0 b
	for b in $(od -An -v -t u1 -j "$2" -N 8 "$1"); do
		v=$((v | (b << (8 * i))))
		i=$((i + 1))
	done
	echo "$v"
}

hexbytes() { od -An -v -t x1 -j "$2" -N "$3" "$1" | tr -d ' \n'; }

# Sets header="text_offset=0x.. image_size=0x.. flags=0x.." and those three
# variables, or fails with a reason.
check_image() {
	local f=$1
	[ "$(stat -c %s "$f")" -ge 64 ] || die "$f: too short for an arm64 Image header"
	if [ "$(hexbytes "$f" 56 4)" != 41524d64 ]; then
		if [ "$(hexbytes "$f" 0 2)" = 1f8b ]; then
			die "$f is gzip-compressed: decompress it first (gunzip -c)"
		elif [ "$(hexbytes "$f" 4 4)" = 7a696d67 ]; then
			die "$f is an EFI zboot image (compressed, needs EFI to start), not an arm64 Image"
		fi
		die "$f: no arm64 Image magic \"ARM\\x64\" at byte 56: not an arm64 Image"
	fi
	text_offset=$(printf '0x%x' "$(le64 "$f" 8)")
	image_size=$(printf '0x%x' "$(le64 "$f" 16)")
	flags=$(printf '0x%x' "$(le64 "$f" 24)")
	header="text_offset=$text_offset image_size=$image_size flags=$flags"
}

if [ "${1:-}" = --check ]; then
	[ $# -eq 2 ] || die "usage: make-images.sh --check FILE"
	check_image "$2"
	echo "$2: arm64 Image, $header"
	exit 0
fi
[ $# -eq 0 ] || die "usage: make-images.sh [--check FILE]"

# ---- packages ----------------------------------------------------------------

for tool in apt-get apt-cache dpkg-deb cpio; do
	command -v "$tool" >/dev/null || die "$tool is missing (cpio: run make setup, or apt-get install cpio)"
done

# apt's records of the candidate versions of PACKAGES. One call for all:
# each apt-cache run reads every package list, which can take a second.
apt_show() { apt-cache show --no-all-versions "$@" 2>/dev/null || true; }
# PACKAGE FIELD: the field of PACKAGE's record in apt_show's output on stdin.
field() {
	awk -v p="Package: $1" -v f="$2: " '$0 == p { inpkg = 1; next } /^$/ { inpkg = 0 }
		inpkg && index($0, f) == 1 { print substr($0, length(f) + 1); exit }'
}

# The arm64 package lists: the foreign architecture enabled and its lists
# fetched. Needs root only the first time.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	say "enabling the arm64 foreign architecture for apt (dpkg --add-architecture arm64)"
	as_root dpkg --add-architecture arm64
	as_root apt-get update -qq
fi
records=$(apt_show linux-image-arm64:arm64 busybox-static:arm64)
if [ -z "$(field linux-image-arm64 Version <<<"$records")" ]; then
	# arm64 enabled earlier but its package lists never fetched
	as_root apt-get update -qq
	records=$(apt_show linux-image-arm64:arm64 busybox-static:arm64)
fi

# The metapackage names the current kernel package, linux-image-<release>,
# and its version.
meta_ver=$(field linux-image-arm64 Version <<<"$records")
[ -n "$meta_ver" ] || die "apt knows no linux-image-arm64:arm64"
dep=$(field linux-image-arm64 Depends <<<"$records")
kpkg=$(sed -nE 's/^(linux-image-[^ ,]+-arm64).*/\1/p' <<<"$dep")
[ -n "$kpkg" ] || die "linux-image-arm64 $meta_ver depends on no linux-image-*-arm64 package: '$dep'"
kver=$(sed -nE "s/^$kpkg \(= ([^)]+)\).*/\1/p" <<<"$dep")
[ -n "$kver" ] || kver=$(apt_show "$kpkg:arm64" | field "$kpkg" Version)
[ -n "$kver" ] || die "apt knows no $kpkg:arm64"
release=${kpkg#linux-image-}
bver=$(field busybox-static Version <<<"$records")
[ -n "$bver" ] || die "apt knows no busybox-static:arm64"

# Everything the outputs are made from: when this is unchanged, they are
# up to date and nothing is done.
stamp=$(cat "$HERE/make-images.sh" "$HERE/newc.sh" "$HERE/init" - <<<"$kpkg $kver busybox-static $bver epoch $EPOCH" |
	sha256sum | cut -d' ' -f1)
if [ -e "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$stamp" ] &&
	[ -e "$OUT/Image" ] && [ -e "$OUT/initramfs.cpio" ] && [ -e "$OUT/VERSION" ]; then
	exit 0
fi

# PACKAGE VERSION SHA256: sets deb to the package's file in $DEBS,
# downloaded if it is not there yet, checked against apt's SHA256.
fetch() {
	local pkg=$1 ver=$2 sum=$3
	deb="$DEBS/${pkg}_${ver//:/%3a}_arm64.deb"
	if [ ! -e "$deb" ]; then
		mkdir -p "$DEBS"
		say "downloading $pkg $ver"
		# root's apt would hand the download to the _apt user, who may not
		# be able to write into this cache: download as ourselves.
		(cd "$DEBS" && apt-get download -qq -o APT::Sandbox::User="$(id -un)" "$pkg:arm64=$ver")
	fi
	if [ -n "$sum" ] && ! echo "$sum  $deb" | sha256sum -c --status; then
		rm -f "$deb"
		die "$deb: SHA256 differs from apt's; removed it, run again to download it again"
	fi
}

fetch "$kpkg" "$kver" "$(apt_show "$kpkg:arm64=$kver" | field "$kpkg" SHA256)"
kdeb=$deb
fetch busybox-static "$bver" "$(field busybox-static SHA256 <<<"$records")"
bdeb=$deb

rm -rf "$WORK"
mkdir -p "$WORK" "$OUT"
# Unpacked, not installed: nothing of arm64 lands on this machine.
dpkg-deb -x "$kdeb" "$WORK/kernel"
dpkg-deb -x "$bdeb" "$WORK/busybox"

# ---- the kernel --------------------------------------------------------------

vmlinuz="$WORK/kernel/boot/vmlinuz-$release"
kconfig="$WORK/kernel/boot/config-$release"
moddir="$WORK/kernel/lib/modules/$release"
[ -e "$vmlinuz" ] || die "$kpkg has no boot/vmlinuz-$release"
[ -e "$kconfig" ] || die "$kpkg has no boot/config-$release"
# bookworm ships vmlinuz as a plain Image; some kernels ship it gzipped.
if [ "$(hexbytes "$vmlinuz" 0 2)" = 1f8b ]; then
	gzip -dc "$vmlinuz" >"$WORK/Image"
else
	cp "$vmlinuz" "$WORK/Image"
fi
check_image "$WORK/Image"

# ---- the initramfs tree ------------------------------------------------------

root="$WORK/root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,etc,root,lib/modules/"$release"}
chmod 0755 "$root" "$root"/{bin,sbin,usr,usr/bin,usr/sbin,dev,proc,sys,etc,lib,lib/modules}
chmod 1777 "$root/tmp"
chmod 0700 "$root/root"

bb="$WORK/busybox/bin/busybox"
[ -e "$bb" ] || die "busybox-static has no bin/busybox"
# ELF magic and e_machine EM_AARCH64 (0xb7)
if [ "$(hexbytes "$bb" 0 4)" != 7f454c46 ] || [ "$(hexbytes "$bb" 18 2)" != b700 ]; then
	die "$bb is not an arm64 ELF executable"
fi
install -m 0755 "$bb" "$root/bin/busybox"
for a in "${APPLETS[@]}"; do
	ln -s busybox "$root/bin/$a"
done
install -m 0755 "$HERE/init" "$root/init"

# Module name -> its path under lib/modules/<release>/ ("-" and "_" are the
# same in module names).
declare -A modpath=()
while IFS= read -r -d '' ko; do
	name=${ko##*/}
	name=${name%.ko}
	modpath[${name//-/_}]=${ko#"$moddir"/}
done < <(find "$moddir/kernel" -name '*.ko' -print0)

# A module's direct dependencies, from "depends=" in its .modinfo.
mod_deps() {
	tr '\0' '\n' <"$moddir/${modpath[$1]}" | sed -n 's/^depends=//p' | tr ',' ' '
}

# Depth-first: dependencies before the module, each module once.
load_order=()
declare -A seen=()
visit() {
	local m=$1 d
	[ -n "${seen[$m]:-}" ] && return
	seen[$m]=1
	[ -n "${modpath[$m]:-}" ] || die "module $m (needed by the initramfs) is not in $kpkg"
	for d in $(mod_deps "$m"); do
		visit "$d"
	done
	load_order+=("$m")
}

builtin=() absent=()
for entry in "${MODULES[@]}"; do
	m=${entry%%:*} sym=${entry#*:}
	case "$(sed -n "s/^CONFIG_$sym=//p" "$kconfig")" in
	m) visit "$m" ;;
	y) builtin+=("$m") ;;
	*) absent+=("$m") ;;
	esac
done
[ ${#absent[@]} -eq 0 ] || say "warning: not in this kernel at all: ${absent[*]}"

for m in "${load_order[@]}"; do
	install -D -m 0644 "$moddir/${modpath[$m]}" "$root/lib/modules/$release/${modpath[$m]}"
	echo "${modpath[$m]}"
done >"$root/etc/tern-modules"
# modules.dep for modprobe: each module with all it depends on, the one to
# load first last (depmod's order); the package has no modules.dep (depmod
# makes it when the package is installed).
closure() { # MODULE: its dependencies, transitively, each once, load order
	local d
	for d in $(mod_deps "$1"); do
		closure "$d"
		echo "$d"
	done | awk '!seen[$0]++'
}
for m in "${load_order[@]}"; do
	deps=$(closure "$m" | tac | while read -r d; do printf ' %s' "${modpath[$d]}"; done)
	echo "${modpath[$m]}:$deps"
done >"$root/lib/modules/$release/modules.dep"
install -m 0644 "$moddir/modules.builtin" "$root/lib/modules/$release/modules.builtin"
chmod 0644 "$root/etc/tern-modules" "$root/lib/modules/$release/modules.dep"
find "$root/lib" -type d -exec chmod 0755 {} +

# ---- the archive ---------------------------------------------------------------

# newc.sh: fixed mtimes, sorted names, owner root, and /dev/console.
newc_pack "$root" "$WORK/initramfs.cpio"

# ---- outputs -------------------------------------------------------------------

cat >"$WORK/VERSION" <<EOF
# Linux guest images made by guests/linux/make-images.sh
LINUX_PACKAGE=$kpkg
LINUX_VERSION=$kver
LINUX_RELEASE=$release
BUSYBOX_VERSION=$bver
IMAGE_TEXT_OFFSET=$text_offset
IMAGE_SIZE=$image_size
IMAGE_FLAGS=$flags
MODULES_LOADED="${load_order[*]}"
MODULES_BUILTIN="${builtin[*]}"
SOURCE_DATE_EPOCH=$EPOCH
EOF
install -m 0644 "$kconfig" "$WORK/config"

rm -f "$OUT/.stamp"
for f in Image initramfs.cpio VERSION config; do
	mv -f "$WORK/$f" "$OUT/$f"
done
echo "$stamp" >"$OUT/.stamp"
rm -rf "$WORK"

size() { numfmt --to=iec-i --suffix=B "$(stat -c %s "$1")"; }
say "Image: $kpkg $kver, $(size "$OUT/Image"), $header"
say "initramfs.cpio: busybox-static $bver, modules ${load_order[*]:-none} (built in: ${builtin[*]:-none}), $(size "$OUT/initramfs.cpio")"
say "VERSION, config: in $OUT"
