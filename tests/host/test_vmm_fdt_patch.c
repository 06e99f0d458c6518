// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of a given device tree patched for the VM (vmm/fdt_patch.c):
 * trees from the VMM's own builder (fdt_build.c) patched and read back with
 * libfdt; the refusals (truncated, bad magic, damaged, too large, fewer
 * cpus, cpu regs the VMM cannot start); the file reader.
 */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdt_build.h"
#include "fdt_patch.h"
#include "tap.h"

#define MIB    (1UL << 20)
#define BUFMAX 65536

static uint8_t src[BUFMAX], out[BUFMAX];
static char err[200];
static long src_len;

/* A tree as the VMM builds it: n CPUs, 64 MiB at 1 GiB, bootargs and an initrd. */
static void make_src(unsigned ncpus)
{
	const struct fdt_build_cfg c = {
		.ram_base = 0x40000000,
		.ram_size = 64 * MIB,
		.ncpus = ncpus,
		.gicd_base = 0x08000000,
		.gicr_base = 0x080a0000,
		.uart = {0x09000000, 0x1000, 1},
		.bootargs = "console=ttyAMA0 from-the-dtb",
		.initrd = true,
		.initrd_start = 0x41000000,
		.initrd_end = 0x41100000,
	};
	src_len = fdt_build(&c, src, sizeof(src), err, sizeof(err));
	if (src_len < 0) {
		printf("Bail out! fdt_build: %s\n", err);
		exit(1);
	}
}

static struct fdt_patch_cfg cfg(unsigned ncpus)
{
	return (struct fdt_patch_cfg){
		.ram_base = 0x80000000,
		.ram_size = 256 * MIB,
		.ncpus = ncpus,
		.bootargs = "console=ttyAMA0 patched",
		.initrd = true,
		.initrd_start = 0x82000000,
		.initrd_end = 0x82200000,
	};
}

static long patch(const void *dtb, size_t len, const struct fdt_patch_cfg *c, size_t bufsize)
{
	err[0] = '\0';
	memset(out, 0xa5, sizeof(out));
	return fdt_patch(dtb, len, out, bufsize, c, err, sizeof(err));
}

static int node(const char *path)
{
	return fdt_path_offset(out, path);
}

static bool has_u64(int off, const char *name, uint64_t v)
{
	int len;
	const void *p = fdt_getprop(out, off, name, &len);
	fdt64_t be;

	if (!p || len != 8)
		return false;
	memcpy(&be, p, sizeof(be));
	return fdt64_to_cpu(be) == v;
}

static bool has_string(int off, const char *name, const char *s)
{
	const char *p = fdt_getprop(out, off, name, NULL);
	return p && strcmp(p, s) == 0;
}

static bool has_reg2(int off, uint64_t base, uint64_t size)
{
	int len;
	const fdt32_t *p = fdt_getprop(out, off, "reg", &len);
	return p && len == 16 && fdt32_to_cpu(p[0]) == base >> 32 &&
	       fdt32_to_cpu(p[1]) == (uint32_t)base && fdt32_to_cpu(p[2]) == size >> 32 &&
	       fdt32_to_cpu(p[3]) == (uint32_t)size;
}

static int count_by_type(const char *type)
{
	int n = 0, off = -1;
	while ((off = fdt_node_offset_by_prop_value(out, off, "device_type", type,
						    (int)strlen(type) + 1)) >= 0)
		n++;
	return n;
}

static void test_valid(void)
{
	make_src(4);
	struct fdt_patch_cfg c = cfg(2);
	long n = patch(src, (size_t)src_len, &c, BUFMAX);

	ok(n > 0 && fdt_check_full(out, (size_t)n) == 0 && fdt_totalsize(out) == (uint32_t)n,
	   "4 CPUs patched for 2: a valid tree of %ld bytes (%s)", n, err);
	ok(count_by_type("memory") == 1 &&
		   has_reg2(node("/memory@80000000"), 0x80000000, 256 * MIB),
	   "one memory node: /memory@80000000, 256 MiB");
	ok(count_by_type("cpu") == 2 && node("/cpus/cpu@0") > 0 && node("/cpus/cpu@1") > 0 &&
		   node("/cpus/cpu@2") < 0 && node("/cpus/cpu@3") < 0,
	   "cpu@0 and cpu@1 stay, cpu@2 and cpu@3 go");
	int chosen = node("/chosen");
	ok(has_string(chosen, "bootargs", "console=ttyAMA0 patched") &&
		   has_u64(chosen, "linux,initrd-start", 0x82000000) &&
		   has_u64(chosen, "linux,initrd-end", 0x82200000) &&
		   has_string(chosen, "stdout-path", "/pl011@9000000"),
	   "/chosen: bootargs and initrd replaced, stdout-path kept");
	ok(node("/intc@8000000") > 0 && node("/timer") > 0 && node("/psci") > 0,
	   "the other nodes stay");

	c = cfg(4);
	c.bootargs = NULL;
	c.initrd = false;
	n = patch(src, (size_t)src_len, &c, BUFMAX);
	chosen = node("/chosen");
	ok(n > 0 && count_by_type("cpu") == 4 &&
		   has_string(chosen, "bootargs", "console=ttyAMA0 from-the-dtb") &&
		   !fdt_getprop(out, chosen, "linux,initrd-start", NULL) &&
		   !fdt_getprop(out, chosen, "linux,initrd-end", NULL),
	   "as many CPUs as vCPUs: all stay; no -c: the tree's bootargs stay; no initrd: "
	   "the tree's goes");

	/* A tree without /chosen and with two memory nodes. */
	static uint8_t edited[BUFMAX];
	memcpy(edited, src, (size_t)src_len);
	fdt_open_into(src, edited, BUFMAX);
	fdt_del_node(edited, fdt_path_offset(edited, "/chosen"));
	int m2 = fdt_add_subnode(edited, 0, "memory@50000000");
	fdt_setprop_string(edited, m2, "device_type", "memory");
	fdt_pack(edited);
	c = cfg(1);
	n = patch(edited, fdt_totalsize(edited), &c, BUFMAX);
	ok(n > 0 && count_by_type("memory") == 1 && node("/memory@50000000") < 0 &&
		   has_string(node("/chosen"), "bootargs", "console=ttyAMA0 patched"),
	   "two memory nodes become one; a missing /chosen is made (%s)", err);

	/* A cpu-map names the cpus by phandle: it goes with them. */
	fdt_open_into(src, edited, BUFMAX);
	int cpus = fdt_path_offset(edited, "/cpus");
	int map = fdt_add_subnode(edited, cpus, "cpu-map");
	fdt_add_subnode(edited, map, "cluster0");
	fdt_pack(edited);
	c = cfg(2);
	ok(patch(edited, fdt_totalsize(edited), &c, BUFMAX) > 0 && node("/cpus/cpu-map") < 0,
	   "trimmed cpus: /cpus/cpu-map goes too");
	c = cfg(4);
	ok(patch(edited, fdt_totalsize(edited), &c, BUFMAX) > 0 && node("/cpus/cpu-map") > 0,
	   "untrimmed: /cpus/cpu-map stays");

	/* #address-cells = #size-cells = 1: RAM beyond 4 GiB cannot be said. */
	fdt_open_into(src, edited, BUFMAX);
	fdt_setprop_u32(edited, 0, "#address-cells", 1);
	fdt_setprop_u32(edited, 0, "#size-cells", 1);
	c = cfg(1);
	c.ram_base = 0x40000000;
	n = patch(edited, fdt_totalsize(edited), &c, BUFMAX);
	int len;
	const fdt32_t *reg = fdt_getprop(out, node("/memory@40000000"), "reg", &len);
	ok(n > 0 && reg && len == 8 && fdt32_to_cpu(reg[0]) == 0x40000000 &&
		   fdt32_to_cpu(reg[1]) == 256 * MIB,
	   "32-bit root cells: reg in one cell each");
	c.ram_base = 0x100000000;
	ok(patch(edited, fdt_totalsize(edited), &c, BUFMAX) == -1 && strstr(err, "32-bit"),
	   "32-bit root cells, RAM at 4 GiB: %s", err);
}

static void test_refusals(void)
{
	struct fdt_patch_cfg c = cfg(2);
	make_src(4);

	ok(patch(src, (size_t)src_len - 1, &c, BUFMAX) == -1 && strstr(err, "truncated"),
	   "one byte short: %s", err);
	ok(patch(src, 20, &c, BUFMAX) == -1 && strstr(err, "too short"), "20 bytes: %s", err);
	ok(patch(src, 0, &c, BUFMAX) == -1, "nothing at all");

	static uint8_t bad[BUFMAX];
	memcpy(bad, src, (size_t)src_len);
	bad[0] ^= 0xff;
	ok(patch(bad, (size_t)src_len, &c, BUFMAX) == -1 && strstr(err, "no magic"),
	   "bad magic: %s", err);
	const char text[] =
		"-- SPDX-License-Identifier: BSD-2-Clause\nlocal vmm = require(\"vmm\")\n";
	ok(patch(text, sizeof(text), &c, BUFMAX) == -1 && strstr(err, "no magic"),
	   "a Lua script: %s", err);

	/* The structure block's first tag is FDT_BEGIN_NODE: make it nonsense. */
	memcpy(bad, src, (size_t)src_len);
	memset(bad + fdt_off_dt_struct(src), 0x7f, 4);
	ok(patch(bad, (size_t)src_len, &c, BUFMAX) == -1 && strstr(err, "damaged"),
	   "a damaged structure block: %s", err);
	memcpy(bad, src, (size_t)src_len);
	fdt_set_off_dt_strings(bad, 0xfffff000);
	ok(patch(bad, (size_t)src_len, &c, BUFMAX) == -1, "a strings block beyond the end: %s",
	   err);

	ok(patch(src, (size_t)src_len, &c, (size_t)src_len - 8) == -1 && strstr(err, "at most"),
	   "larger than the room for it: %s", err);
	c = cfg(4);
	c.bootargs = "console=ttyAMA0 a command line longer than the one the tree has, so that "
		     "the patched tree needs more room than the buffer has";
	ok(patch(src, (size_t)src_len, &c, (size_t)src_len + 16) == -1 && strstr(err, "outgrows"),
	   "no room to patch it: %s", err);

	make_src(1);
	c = cfg(2);
	ok(patch(src, (size_t)src_len, &c, BUFMAX) == -1 && strstr(err, "1 CPU(s)") &&
		   strstr(err, "2 vCPUs"),
	   "fewer CPUs than vCPUs: %s", err);

	make_src(4);
	static uint8_t edited[BUFMAX];
	fdt_open_into(src, edited, BUFMAX);
	fdt_setprop_u32(edited, fdt_path_offset(edited, "/cpus/cpu@1"), "reg", 0x100);
	c = cfg(2);
	ok(patch(edited, fdt_totalsize(edited), &c, BUFMAX) == -1 && strstr(err, "reg must be"),
	   "cpus with reg 0, 0x100, 2, 3 for 2 vCPUs: %s", err);
	fdt_open_into(src, edited, BUFMAX);
	fdt_setprop_u32(edited, fdt_path_offset(edited, "/cpus/cpu@1"), "reg", 0);
	ok(patch(edited, fdt_totalsize(edited), &c, BUFMAX) == -1 && strstr(err, "once each"),
	   "cpus with reg 0, 0, 2, 3 for 2 vCPUs: %s", err);
	fdt_open_into(src, edited, BUFMAX);
	fdt_del_node(edited, fdt_path_offset(edited, "/cpus"));
	ok(patch(edited, fdt_totalsize(edited), &c, BUFMAX) == -1 && strstr(err, "no /cpus"),
	   "no /cpus: %s", err);
}

static void test_file(void)
{
	char path[] = "/tmp/test_vmm_fdt_patch.XXXXXX";
	int fd = mkstemp(path);
	struct fdt_patch_cfg c = cfg(2);

	make_src(2);
	err[0] = '\0';
	ok(fd >= 0 && write(fd, src, (size_t)src_len) == src_len, "a DTB file");
	ok(fdt_patch_file(path, out, BUFMAX, &c, err, sizeof(err)) == fdt_totalsize(out),
	   "the file patched (%s)", err);
	ok(fdt_patch_file(path, out, (size_t)src_len - 1, &c, err, sizeof(err)) == -1 &&
		   strstr(err, "at most"),
	   "a file larger than the room: %s", err);
	ok(ftruncate(fd, 100) == 0 &&
		   fdt_patch_file(path, out, BUFMAX, &c, err, sizeof(err)) == -1 &&
		   strstr(err, "truncated"),
	   "a truncated file: %s", err);
	ok(ftruncate(fd, 0) == 0 && fdt_patch_file(path, out, BUFMAX, &c, err, sizeof(err)) == -1 &&
		   strstr(err, "too short"),
	   "an empty file: %s", err);
	close(fd);
	unlink(path);
	ok(fdt_patch_file(path, out, BUFMAX, &c, err, sizeof(err)) == -1 &&
		   strstr(err, "cannot open"),
	   "no such file: %s", err);
}

int main(void)
{
	test_valid();
	test_refusals();
	test_file();
	return tap_done();
}
