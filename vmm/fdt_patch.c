// SPDX-License-Identifier: BSD-2-Clause
/*
 * A given device tree, patched for the VM (fdt_patch.h). The file is
 * untrusted: libfdt checks the whole structure before anything reads it,
 * and every node is found again after a deletion (offsets move).
 */
#include <libfdt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "fdt_patch.h"

static int lib_fail(char *err, size_t errlen, const char *what, int e)
{
	if (e == -FDT_ERR_NOSPACE)
		return vmm_fail(err, errlen, "%s: the patched device tree outgrows the room for it",
				what);
	return vmm_fail(err, errlen, "%s: libfdt: %s", what, fdt_strerror(e));
}

/* Header, size and structure, before libfdt is let loose on the rest. */
static int check(const void *dtb, size_t len, size_t bufsize, char *err, size_t errlen)
{
	if (len < sizeof(struct fdt_header))
		return vmm_fail(err, errlen, "too short for a device tree: %zu bytes", len);
	if (fdt_magic(dtb) != FDT_MAGIC)
		return vmm_fail(err, errlen, "not a device tree: no magic 0x%x at its start",
				FDT_MAGIC);
	uint32_t total = fdt_totalsize(dtb);
	if (total > len)
		return vmm_fail(err, errlen, "truncated: its header says %u bytes, it has %zu",
				total, len);
	if (total > bufsize || bufsize > INT_MAX)
		return vmm_fail(err, errlen, "%u bytes: a device tree may have at most %zu", total,
				bufsize);
	int e = fdt_check_full(dtb, total);
	if (e)
		return vmm_fail(err, errlen, "a damaged device tree: libfdt: %s", fdt_strerror(e));
	return 0;
}

/* Append v as n big-endian cells (1 or 2); false if it does not fit in n. */
static bool put_cells(fdt32_t *out, int n, uint64_t v)
{
	if (n == 1) {
		out[0] = cpu_to_fdt32((uint32_t)v);
		return v <= UINT32_MAX;
	}
	out[0] = cpu_to_fdt32((uint32_t)(v >> 32));
	out[1] = cpu_to_fdt32((uint32_t)v);
	return true;
}

/* Every memory node goes; one memory@base with the VM's RAM comes. */
static int patch_memory(void *fdt, const struct fdt_patch_cfg *c, char *err, size_t errlen)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0), off, e;
	fdt32_t reg[4];
	char name[32];

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return vmm_fail(err, errlen,
				"/ has #address-cells %d and #size-cells %d: 1 or 2 each, please",
				ac, sc);
	if (!put_cells(reg, ac, c->ram_base) || !put_cells(reg + ac, sc, c->ram_size))
		return vmm_fail(err, errlen,
				"RAM 0x%llx+0x%llx does not fit the root's 32-bit cells",
				(unsigned long long)c->ram_base, (unsigned long long)c->ram_size);
	while ((off = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory",
						    sizeof("memory"))) >= 0)
		if ((e = fdt_del_node(fdt, off)) != 0)
			return lib_fail(err, errlen, "/memory", e);
	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)c->ram_base);
	if ((off = fdt_add_subnode(fdt, 0, name)) < 0)
		return lib_fail(err, errlen, "/memory", off);
	if ((e = fdt_setprop_string(fdt, off, "device_type", "memory")) ||
	    (e = fdt_setprop(fdt, off, "reg", reg, (ac + sc) * (int)sizeof(fdt32_t))))
		return lib_fail(err, errlen, "/memory", e);
	return 0;
}

static bool is_cpu(const void *fdt, int node)
{
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);
	return type && strcmp(type, "cpu") == 0;
}

/* A cpu node's reg (its MPIDR affinity), or UINT64_MAX if it has none that reads. */
static uint64_t cpu_reg(const void *fdt, int node, int ac)
{
	int len;
	const fdt32_t *r = fdt_getprop(fdt, node, "reg", &len);

	if (!r || ac < 1 || ac > 2 || len < ac * (int)sizeof(fdt32_t))
		return UINT64_MAX;
	return ac == 1 ? fdt32_to_cpu(r[0])
		       : (uint64_t)fdt32_to_cpu(r[0]) << 32 | fdt32_to_cpu(r[1]);
}

/*
 * The first cpu node under /cpus that the VM does not have (reg >= ncpus),
 * or < 0; *seen gets bit r for each kept reg r, *dup whether one came twice.
 */
static int extra_cpu(const void *fdt, int cpus, unsigned ncpus, uint64_t *seen, bool *dup)
{
	int ac = fdt_address_cells(fdt, cpus), node;

	*seen = 0;
	*dup = false;
	fdt_for_each_subnode (node, fdt, cpus) {
		if (!is_cpu(fdt, node))
			continue;
		uint64_t reg = cpu_reg(fdt, node, ac);
		if (reg >= ncpus)
			return node;
		*dup = *dup || (*seen & 1ULL << reg);
		*seen |= 1ULL << reg;
	}
	return -FDT_ERR_NOTFOUND;
}

/*
 * cpu nodes beyond the VM's vCPUs go. Their phandles may be named in
 * /cpus/cpu-map, so a trimmed tree loses its cpu-map too (Linux then takes
 * a flat topology, which is what the VM has).
 */
static int patch_cpus(void *fdt, unsigned ncpus, char *err, size_t errlen)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, e;
	unsigned have = 0;
	uint64_t seen, all = ncpus >= 64 ? UINT64_MAX : (1ULL << ncpus) - 1;
	bool trimmed = false, dup;

	if (cpus < 0)
		return vmm_fail(err, errlen, "no /cpus node");
	if (ncpus < 1 || ncpus > 64)
		return vmm_fail(err, errlen, "%u vCPUs: 1..64 here", ncpus);
	fdt_for_each_subnode (node, fdt, cpus)
		have += is_cpu(fdt, node);
	if (have < ncpus)
		return vmm_fail(err, errlen, "it describes %u CPU(s), the VM has %u vCPUs", have,
				ncpus);
	while ((node = extra_cpu(fdt, cpus, ncpus, &seen, &dup)) >= 0) {
		if ((e = fdt_del_node(fdt, node)) != 0)
			return lib_fail(err, errlen, "/cpus", e);
		trimmed = true;
		cpus = fdt_path_offset(fdt, "/cpus");
	}
	if (seen != all || dup)
		return vmm_fail(err, errlen,
				"its cpu nodes' reg must be 0..%u once each (MPIDR Aff0 = the "
				"vCPU's index)",
				ncpus - 1);
	if (trimmed && (node = fdt_subnode_offset(fdt, cpus, "cpu-map")) >= 0 &&
	    (e = fdt_del_node(fdt, node)) != 0)
		return lib_fail(err, errlen, "/cpus/cpu-map", e);
	return 0;
}

/* bootargs when given; the initrd when there is one, else none (a stale one would be garbage). */
static int patch_chosen(void *fdt, const struct fdt_patch_cfg *c, char *err, size_t errlen)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), e = 0;

	if (chosen == -FDT_ERR_NOTFOUND)
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	if (chosen < 0)
		return lib_fail(err, errlen, "/chosen", chosen);
	if (c->bootargs)
		e = fdt_setprop_string(fdt, chosen, "bootargs", c->bootargs);
	if (!e && c->initrd) {
		e = fdt_setprop_u64(fdt, chosen, "linux,initrd-start", c->initrd_start);
		if (!e)
			e = fdt_setprop_u64(fdt, chosen, "linux,initrd-end", c->initrd_end);
	} else if (!e) {
		e = fdt_delprop(fdt, chosen, "linux,initrd-start");
		if (!e || e == -FDT_ERR_NOTFOUND)
			e = fdt_delprop(fdt, chosen, "linux,initrd-end");
		if (e == -FDT_ERR_NOTFOUND)
			e = 0;
	}
	return e ? lib_fail(err, errlen, "/chosen", e) : 0;
}

long fdt_patch(const void *dtb, size_t len, void *buf, size_t bufsize,
	       const struct fdt_patch_cfg *c, char *err, size_t errlen)
{
	int e;

	if (check(dtb, len, bufsize, err, errlen))
		return -1;
	if ((e = fdt_open_into(dtb, buf, (int)bufsize)) != 0)
		return lib_fail(err, errlen, "opening it", e);
	if (patch_memory(buf, c, err, errlen) || patch_cpus(buf, c->ncpus, err, errlen) ||
	    patch_chosen(buf, c, err, errlen))
		return -1;
	if ((e = fdt_pack(buf)) != 0)
		return lib_fail(err, errlen, "packing it", e);
	return (long)fdt_totalsize(buf);
}

long fdt_patch_file(const char *path, void *buf, size_t bufsize, const struct fdt_patch_cfg *c,
		    char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	void *dtb = NULL;
	long size, r = -1;

	if (!f)
		return vmm_fail(err, errlen, "cannot open it");
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		vmm_fail(err, errlen, "cannot read it");
	else if ((size_t)size > bufsize)
		vmm_fail(err, errlen, "%ld bytes: a device tree may have at most %zu", size,
			 bufsize);
	else if (!(dtb = malloc(size ? (size_t)size : 1)))
		vmm_fail(err, errlen, "no memory for its %ld bytes", size);
	else if (fread(dtb, 1, (size_t)size, f) != (size_t)size)
		vmm_fail(err, errlen, "cannot read it");
	else
		r = fdt_patch(dtb, (size_t)size, buf, bufsize, c, err, errlen);
	free(dtb);
	fclose(f);
	return r;
}
