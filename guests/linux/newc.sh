# SPDX-License-Identifier: BSD-2-Clause
# Sourced by make-images.sh and make-bench-initrd.sh: a reproducible newc
# initramfs from a directory tree. Uses $EPOCH for every mtime.

# newc entry with no data: NAME MODE(octal, with the file type) RDEVMAJOR RDEVMINOR.
newc_entry() {
	local namesize=$((${#1} + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
		1 "$((8#$2))" 0 0 1 "$EPOCH" 0 0 0 "$3" "$4" "$namesize" 0 "$1"
	head -c $(((4 - (110 + namesize) % 4) % 4)) /dev/zero # pad to 4 bytes
}

# ROOT OUT: the tree as a newc archive with fixed mtimes, sorted names, owner
# root, inodes renumbered and no device numbers, so the same tree gives the
# same bytes. The kernel opens /dev/console for init before init can mount
# devtmpfs, so the archive needs that device node; making it in the tree
# would need root (mknod), so it is written as a second, concatenated newc
# archive, which the kernel unpacks after the first.
newc_pack() {
	local root=$1 out=$2
	find "$root" -exec touch -h -d "@$EPOCH" {} +
	(cd "$root" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
		cpio -o -H newc --quiet --reproducible --owner=0:0) >"$out"
	{
		newc_entry dev/console 020600 5 1
		newc_entry 'TRAILER!!!' 0 0 0
	} >>"$out"
}
