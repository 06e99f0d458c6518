# SPDX-License-Identifier: BSD-2-Clause
# Linux guest images: Debian's arm64 kernel and a busybox initramfs, made
# from Debian packages into $(TERN_CACHE)/guests/linux/, never into the
# repository. See guests/linux/README.md. Included by the Makefile, which
# defines `setup` and exports TERN_CACHE.

LINUX_GUEST_DIR := $(TERN_CACHE)/guests/linux
LINUX_IMAGE     := $(LINUX_GUEST_DIR)/Image
LINUX_INITRD    := $(LINUX_GUEST_DIR)/initramfs.cpio
LINUX_BENCH_INITRD := $(LINUX_GUEST_DIR)/bench-initrd

.PHONY: linux-images linux-smoke

# The script decides whether anything is out of date (it prints nothing when
# not), so it runs every time.
linux-images: setup
	@bash guests/linux/make-images.sh
	@bash guests/linux/make-bench-initrd.sh

# Boots the images on plain QEMU, without Tern (not part of `make test`).
linux-smoke: linux-images
	@bash guests/linux/smoke-test.sh
