// SPDX-License-Identifier: BSD-2-Clause
/* Host tests of the VMM's command line (vmm/config.c): defaults, every option, every refusal. */
#include <string.h>

#include "config.h"
#include "tap.h"

static struct vmm_config c;
static char err[160];

/* Parse a NULL-terminated list of words after the program name. */
#define PARSE(...)                                                                        \
	({                                                                                \
		char *argv_[] = {"rom/vmm", __VA_ARGS__, NULL};                           \
		err[0] = '\0';                                                            \
		config_parse(&c, (int)(sizeof(argv_) / sizeof(argv_[0])) - 1, argv_, err, \
			     sizeof(err));                                                \
	})

static void refused(int r, const char *what, const char *msg_part)
{
	ok(r == -1 && strstr(err, msg_part), "%s is refused: \"%s\"", what, err);
}

int main(void)
{
	ok(PARSE("-k", "rom/guest-hvc") == 0 && strcmp(c.kernel, "rom/guest-hvc") == 0 &&
		   c.fault == FAULT_IGNORE && c.cpus == 1 && c.ram_size == 16UL << 20 &&
		   c.ram_base == 0x40000000 && !c.verbose && !c.help,
	   "-k alone: the defaults (ignore, 1 vCPU, 16 MiB at 0x40000000)");
	ok(PARSE("--kernel", "rom/a", "-f", "halt", "--cpus", "4", "--mem", "64", "-b",
		 "0x80000000", "-v") == 0 &&
		   strcmp(c.kernel, "rom/a") == 0 && c.fault == FAULT_HALT && c.cpus == 4 &&
		   c.ram_size == 64UL << 20 && c.ram_base == 0x80000000 && c.verbose,
	   "every option with its value");
	ok(PARSE("--kernel=rom/b", "--fault-mode=inject", "--cpus=2", "--mem=1",
		 "--rambase=1073741824") == 0 &&
		   strcmp(c.kernel, "rom/b") == 0 && c.fault == FAULT_INJECT && c.cpus == 2 &&
		   c.ram_size == 1UL << 20 && c.ram_base == 0x40000000,
	   "--option=value forms, decimal numbers");
	ok(PARSE("-k", "rom/linux") == 0 && !c.initrd && !c.date_set &&
		   strcmp(c.cmdline, "console=ttyAMA0 earlycon=pl011,0x9000000") == 0,
	   "Linux defaults: no initrd, the console on the PL011, the date from the system's clock");
	ok(PARSE("-k", "rom/linux", "-r", "rom/initrd", "-c", "quiet tern.init=poweroff",
		 "--date=1700000000") == 0 &&
		   strcmp(c.initrd, "rom/initrd") == 0 &&
		   strcmp(c.cmdline, "quiet tern.init=poweroff") == 0 && c.date == 1700000000 &&
		   c.date_set,
	   "-r, -c and --date");
	ok(PARSE("-k", "a", "-c", "") == 0 && strcmp(c.cmdline, "") == 0 && c.cmdline_given,
	   "an empty command line");
	ok(PARSE("-k", "rom/linux", "-d", "rom/virt.dtb") == 0 &&
		   strcmp(c.dtb, "rom/virt.dtb") == 0 && !c.cmdline_given && !c.mem_given &&
		   c.ram_align == 64UL << 10,
	   "-d FILE; no -c, no --mem; RAM aligned to 64 KiB by default");
	ok(PARSE("-k", "a", "--mem-align", "0x200000", "--mem", "32") == 0 &&
		   c.ram_align == 2UL << 20 && c.mem_given,
	   "--mem-align 2 MiB");
	ok(PARSE("-k", "a", "--mem-align=1073741824") == 0 && c.ram_align == 1UL << 30,
	   "--mem-align 1 GiB, the most");
	ok(config_check_ram(&c, 128UL << 20, err, sizeof(err)) == 0 &&
		   config_check_ram(&c, 64UL << 10, err, sizeof(err)) == 0,
	   "RAM of 128 MiB and of 64 KiB (a 'ram' dataspace's size) is fine");
	ok(config_check_ram(&c, (64UL << 10) + 4096, err, sizeof(err)) == -1 &&
		   strstr(err, "multiple of 64 KiB"),
	   "RAM that is no multiple of 64 KiB: %s", err);
	ok(config_check_ram(&c, 0, err, sizeof(err)) == -1 &&
		   config_check_ram(&c, 4097UL << 20, err, sizeof(err)) == -1,
	   "no RAM, or more than 4096 MiB: %s", err);
	ok(PARSE("-k", "a", "-k", "b") == 0 && strcmp(c.kernel, "b") == 0,
	   "a repeated option: the last one counts");
	ok(PARSE("-h") == 0 && c.help, "-h asks for the usage, without -k");
	ok(strstr(config_usage, "--cpus") && strstr(config_usage, "-f"),
	   "the usage names the options");
	ok(strcmp(fault_policy_name(FAULT_IGNORE), "ignore") == 0 &&
		   strcmp(fault_policy_name(FAULT_HALT), "halt") == 0 &&
		   strcmp(fault_policy_name(FAULT_INJECT), "inject") == 0 &&
		   strcmp(fault_policy_name((enum fault_policy)7), "?") == 0,
	   "policy names");

	refused(PARSE("-f", "halt"), "no -k", "-k FILE is required");
	refused(PARSE("-k"), "-k without a value", "needs a value");
	refused(PARSE("--kernel="), "an empty --kernel=", "needs a file name");
	refused(PARSE("-k", "a", "-r", ""), "an empty -r", "needs a file name");
	refused(PARSE("-k", "a", "-d", ""), "an empty -d", "needs a file name");
	refused(PARSE("-k", "a", "--mem-align", "3"), "--mem-align 3", "power of two");
	refused(PARSE("-k", "a", "--mem-align", "32768"), "--mem-align below 64 KiB",
		"64 KiB to 1 GiB");
	refused(PARSE("-k", "a", "--mem-align", "0x80000000"), "--mem-align above 1 GiB",
		"64 KiB to 1 GiB");
	refused(PARSE("-k", "a", "--mem-align", "0x300000"), "--mem-align 3 MiB", "power of two");
	refused(PARSE("-k", "a", "--mem-align", "21"), "--mem-align 21 (an exponent)", "(bytes)");
	refused(PARSE("-k", "a", "--date", "soon"), "--date soon", "seconds since 1970");
	refused(PARSE("-k", "a", "-x"), "an unknown option", "unknown option '-x'");
	refused(PARSE("-k", "a", "--kernelx", "b"), "an option that only starts like one",
		"unknown option");
	refused(PARSE("-k", "a", "stray"), "a stray word", "unexpected argument 'stray'");
	refused(PARSE("-k", "a", "-f", "panic"), "an unknown policy", "ignore, halt or inject");
	refused(PARSE("-k", "a", "--cpus", "0"), "--cpus 0", "1..4");
	refused(PARSE("-k", "a", "--cpus", "5"), "--cpus 5", "1..4");
	refused(PARSE("-k", "a", "--cpus", "-1"), "--cpus -1", "1..4");
	refused(PARSE("-k", "a", "--cpus", "2x"), "--cpus 2x", "1..4");
	refused(PARSE("-k", "a", "--cpus", ""), "an empty --cpus", "1..4");
	refused(PARSE("-k", "a", "--cpus", "18446744073709551617"), "an overflowing --cpus",
		"1..4");
	refused(PARSE("-k", "a", "--mem", "0"), "--mem 0", "--mem must be");
	refused(PARSE("-k", "a", "--mem", "4097"), "--mem 4097", "--mem must be");
	refused(PARSE("-k", "a", "-b", "0x40001000"), "an unaligned -b", "2 MiB aligned");
	refused(PARSE("-k", "a", "-b", "0x0"), "-b below the devices", "at least 0x40000000");
	refused(PARSE("-k", "a", "-b", "zero"), "-b that is no number", "needs an address");
	refused(PARSE("-k", "a", "-b", "0xffffffffffe00000"), "RAM beyond the IPA space",
		"guest-physical space");
	refused(PARSE("-k", "a", "-b", "0xffffc00000", "--mem", "8"),
		"RAM crossing the end of the IPA space", "guest-physical space");
	ok(PARSE("-k", "a", "-b", "0xff00000000", "--mem", "4096") == 0,
	   "RAM right up to the end of the 40-bit space");
	refused(PARSE("-k", "a", "-v=1"), "-v=1", "unknown option");
	refused(PARSE("-k", "a", "--verbose=yes"), "--verbose=yes", "takes no value");
	return tap_done();
}
