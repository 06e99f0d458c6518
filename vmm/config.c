// SPDX-License-Identifier: BSD-2-Clause
/*
 * The VMM's command line, uvmm-style: "-k FILE -f halt --cpus 2". Pure C (a
 * host unit test runs it); every value is checked here, so the rest of the
 * VMM can trust the configuration.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "config.h"

const char config_usage[] =
	"usage: vmm -k FILE [-r FILE] [-c ARGS] [-d FILE] [-f ignore|halt|inject] [--cpus N]\n"
	"           [--mem MIB] [--mem-align BYTES] [-b ADDR] [--date SECONDS] [--stats]\n"
	"           [--stats-every SECONDS] [-v]\n"
	"  -k, --kernel FILE     guest ELF executable (e.g. rom/guest-hvc) or arm64 Linux Image\n"
	"  -r, --initrd FILE     Linux: initrd (initramfs)\n"
	"  -c, --cmdline ARGS    Linux: kernel command line (default \"" VMM_CMDLINE_DEFAULT "\")\n"
	"  -d, --dtb FILE        Linux: this device tree instead of the VMM's, patched (memory,\n"
	"                        cpus, /chosen)\n"
	"  -f, --fault-mode M    access to an address with no RAM or device: ignore (default),\n"
	"                        halt the VM, or inject an abort into the guest\n"
	"      --cpus N          vCPUs, 1..4 (default 1)\n"
	"      --mem MIB         guest RAM in MiB (default 16; with a 'ram' capability: its size)\n"
	"      --mem-align BYTES where guest RAM goes in the VMM: a power of two, 64 KiB..1 GiB\n"
	"  -b, --rambase ADDR    guest-physical RAM base, 2 MiB aligned, >= 1 GiB (default "
	"0x40000000)\n"
	"      --date SECONDS    the RTC's time at start, seconds since 1970 (default: the "
	"system's clock)\n"
	"      --stats           time every exit; exit table with devices, registers, ids\n"
	"      --stats-every S   print the exit table every S seconds too (1..3600)\n"
	"  -v, --verbose         debug messages";

enum opt_id {
	OPT_KERNEL,
	OPT_INITRD,
	OPT_CMDLINE,
	OPT_DTB,
	OPT_FAULT,
	OPT_CPUS,
	OPT_MEM,
	OPT_MEM_ALIGN,
	OPT_BASE,
	OPT_DATE,
	OPT_VERBOSE,
	OPT_STATS,
	OPT_STATS_EVERY,
	OPT_HELP
};

static const struct opt {
	char short_name;
	const char *long_name;
	bool has_value;
	enum opt_id id;
} opts[] = {
	{'k', "kernel", true, OPT_KERNEL},
	{'r', "initrd", true, OPT_INITRD},
	{'c', "cmdline", true, OPT_CMDLINE},
	{'d', "dtb", true, OPT_DTB},
	{0, "date", true, OPT_DATE},
	{'f', "fault-mode", true, OPT_FAULT},
	{0, "cpus", true, OPT_CPUS},
	{0, "mem-align", true, OPT_MEM_ALIGN},
	{0, "mem", true, OPT_MEM},
	{'b', "rambase", true, OPT_BASE},
	{'v', "verbose", false, OPT_VERBOSE},
	{0, "stats", false, OPT_STATS},
	{0, "stats-every", true, OPT_STATS_EVERY},
	{'h', "help", false, OPT_HELP},
};

static const char *const policy_names[] = {
	[FAULT_IGNORE] = "ignore",
	[FAULT_HALT] = "halt",
	[FAULT_INJECT] = "inject",
};

const char *fault_policy_name(enum fault_policy p)
{
	return (unsigned)p < sizeof(policy_names) / sizeof(policy_names[0]) ? policy_names[p] : "?";
}

/* "-k" or "--kernel" or "--kernel=FILE" (then *value points at FILE). */
static const struct opt *opt_find(const char *arg, const char **value)
{
	*value = NULL;
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		const struct opt *o = &opts[i];
		if (o->short_name && arg[0] == '-' && arg[1] == o->short_name && !arg[2])
			return o;
		if (arg[0] != '-' || arg[1] != '-')
			continue;
		size_t n = strlen(o->long_name);
		if (strncmp(arg + 2, o->long_name, n) != 0)
			continue;
		if (!arg[2 + n])
			return o;
		if (arg[2 + n] == '=') {
			*value = arg + 3 + n;
			return o;
		}
	}
	return NULL;
}

/* A whole unsigned number, decimal or 0x hex; no sign, no trailing characters. */
static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static int opt_apply(struct vmm_config *c, const struct opt *o, const char *v, char *err,
		     size_t errlen)
{
	uint64_t n;

	switch (o->id) {
	case OPT_KERNEL:
		if (!*v)
			return vmm_fail(err, errlen, "--kernel needs a file name");
		c->kernel = v;
		return 0;
	case OPT_INITRD:
		if (!*v)
			return vmm_fail(err, errlen, "--initrd needs a file name");
		c->initrd = v;
		return 0;
	case OPT_CMDLINE:
		c->cmdline = v;
		c->cmdline_given = true;
		return 0;
	case OPT_DTB:
		if (!*v)
			return vmm_fail(err, errlen, "--dtb needs a file name");
		c->dtb = v;
		return 0;
	case OPT_DATE:
		if (!parse_u64(v, &n))
			return vmm_fail(err, errlen, "--date needs seconds since 1970, not '%s'",
					v);
		c->date = n;
		c->date_set = true;
		return 0;
	case OPT_FAULT:
		for (unsigned p = 0; p < sizeof(policy_names) / sizeof(policy_names[0]); p++) {
			if (strcmp(v, policy_names[p]) == 0) {
				c->fault = (enum fault_policy)p;
				return 0;
			}
		}
		return vmm_fail(err, errlen,
				"--fault-mode must be ignore, halt or inject, not '%s'", v);
	case OPT_CPUS:
		if (!parse_u64(v, &n) || n < 1 || n > VMM_MAX_CPUS)
			return vmm_fail(err, errlen, "--cpus must be 1..%d, not '%s'", VMM_MAX_CPUS,
					v);
		c->cpus = (unsigned)n;
		return 0;
	case OPT_MEM:
		if (!parse_u64(v, &n) || n < 1 || n > VMM_RAM_MIB_MAX)
			return vmm_fail(err, errlen, "--mem must be 1..%d (MiB), not '%s'",
					VMM_RAM_MIB_MAX, v);
		c->ram_size = n << 20;
		c->mem_given = true;
		return 0;
	case OPT_MEM_ALIGN:
		/* At least a chunk: RAM enters the Vm in flexpages of RAM_CHUNK, aligned on both
		 * sides. */
		if (!parse_u64(v, &n) || n < VMM_RAM_ALIGN_MIN || n > VMM_RAM_ALIGN_MAX ||
		    (n & (n - 1)))
			return vmm_fail(err, errlen,
					"--mem-align must be a power of two from 64 KiB to 1 GiB "
					"(bytes), not '%s'",
					v);
		c->ram_align = n;
		return 0;
	case OPT_BASE:
		if (!parse_u64(v, &n))
			return vmm_fail(err, errlen, "--rambase needs an address, not '%s'", v);
		if (n < VMM_RAM_BASE_DEFAULT || n % VMM_RAM_ALIGN)
			return vmm_fail(
				err, errlen,
				"--rambase must be 2 MiB aligned and at least 0x%lx (devices "
				"are below), not '%s'",
				VMM_RAM_BASE_DEFAULT, v);
		c->ram_base = n;
		return 0;
	case OPT_VERBOSE: c->verbose = true; return 0;
	case OPT_STATS: c->stats = true; return 0;
	case OPT_STATS_EVERY:
		if (!parse_u64(v, &n) || n < 1 || n > VMM_STATS_EVERY_MAX)
			return vmm_fail(err, errlen,
					"--stats-every must be 1..%d (seconds), not '%s'",
					VMM_STATS_EVERY_MAX, v);
		c->stats_every = (unsigned)n;
		return 0;
	case OPT_HELP: c->help = true; return 0;
	}
	return vmm_fail(err, errlen, "internal error: option %d", (int)o->id);
}

int config_parse(struct vmm_config *c, int argc, char **argv, char *err, size_t errlen)
{
	*c = (struct vmm_config){
		.fault = FAULT_IGNORE,
		.cpus = 1,
		.ram_base = VMM_RAM_BASE_DEFAULT,
		.ram_size = (uint64_t)VMM_RAM_MIB_DEFAULT << 20,
		.cmdline = VMM_CMDLINE_DEFAULT,
		.ram_align = VMM_RAM_ALIGN_MIN,
	};
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value;
		const struct opt *o = opt_find(arg, &value);

		if (!o)
			return vmm_fail(err, errlen, "%s '%s'",
					arg[0] == '-' ? "unknown option" : "unexpected argument",
					arg);
		if (o->has_value && !value) {
			if (i + 1 >= argc)
				return vmm_fail(err, errlen, "%s needs a value", arg);
			value = argv[++i];
		} else if (!o->has_value && value) {
			return vmm_fail(err, errlen, "--%s takes no value", o->long_name);
		}
		if (opt_apply(c, o, value, err, errlen) != 0)
			return -1;
	}
	if (c->help)
		return 0;
	if (!c->kernel)
		return vmm_fail(err, errlen, "no guest: -k FILE is required");
	return config_check_ram(c, c->ram_size, err, errlen);
}

int config_check_ram(const struct vmm_config *c, uint64_t size, char *err, size_t errlen)
{
	/* A chunk multiple: the last chunk mapped into the Vm must lie inside the dataspace. */
	if (size < VMM_RAM_ALIGN_MIN || size % VMM_RAM_ALIGN_MIN ||
	    size > (uint64_t)VMM_RAM_MIB_MAX << 20)
		return vmm_fail(err, errlen,
				"guest RAM of %llu bytes: it must be a multiple of 64 KiB, "
				"64 KiB..%d MiB",
				(unsigned long long)size, VMM_RAM_MIB_MAX);
	if (c->ram_base >= VMM_IPA_END || size > VMM_IPA_END - c->ram_base)
		return vmm_fail(err, errlen,
				"guest RAM 0x%llx+%llu MiB ends beyond the %d-bit "
				"guest-physical space",
				(unsigned long long)c->ram_base, (unsigned long long)(size >> 20),
				40);
	return 0;
}
