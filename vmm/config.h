/* SPDX-License-Identifier: BSD-2-Clause */
/* The VMM's command line (vmm/README.md): what to run and how. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VMM_MAX_CPUS	     4
#define VMM_RAM_BASE_DEFAULT 0x40000000UL /* QEMU virt: RAM from 1 GiB, devices below */
#define VMM_RAM_MIB_DEFAULT  16
#define VMM_RAM_MIB_MAX	     4096
#define VMM_RAM_ALIGN	     (2UL << 20)  /* Linux wants its RAM base 2 MiB aligned */
#define VMM_RAM_ALIGN_MIN    (64UL << 10) /* RAM_CHUNK: guest RAM enters the Vm in these */
#define VMM_RAM_ALIGN_MAX    (1UL << 30)
#define VMM_IPA_END	     (1UL << 40) /* a 40-bit guest-physical space, as QEMU virt's */
#define VMM_STATS_EVERY_MAX  3600	 /* seconds: the receive timeout is 32-bit microseconds */
#define VMM_CMDLINE_DEFAULT  "console=ttyAMA0 earlycon=pl011,0x9000000"

/* What an access to a guest-physical address with no RAM and no device does (uvmm's -f). */
enum fault_policy {
	FAULT_IGNORE, /* reads give 0, writes are dropped, a rate-limited warning */
	FAULT_HALT,   /* the VM stops with a report */
	FAULT_INJECT, /* an external abort in the guest */
};

struct vmm_config {
	const char *kernel;  /* guest ELF (e.g. rom/guest-hvc) or arm64 Linux Image */
	const char *initrd;  /* Linux: NULL or an initrd */
	const char *cmdline; /* Linux: the kernel command line (bootargs) */
	bool cmdline_given;  /* -c was given: a DTB file's bootargs are replaced */
	const char *dtb;     /* Linux: NULL, or a device tree file to patch instead of building */
	uint64_t date;	     /* the RTC's seconds since 1970 at start, if date_set */
	bool date_set;	     /* else the system's clock (the Scheduler's clock op) */
	enum fault_policy fault;
	unsigned cpus;
	uint64_t ram_base, ram_size;
	bool mem_given;	    /* --mem was given (a 'ram' capability then conflicts) */
	uint64_t ram_align; /* guest RAM's alignment in the VMM's address space */
	bool verbose;	    /* debug log lines */
	bool stats;	    /* time each exit and keep per-device/register/id detail */
	bool help;	    /* -h: print the usage and exit */
	/* Seconds between exit tables while the VM runs; 0: at the end only. */
	unsigned stats_every;
};

extern const char config_usage[];

/*
 * Fill *c from argv. Returns 0, or -1 with a one-line message in err (the
 * caller prints it with the usage and exits with 2).
 */
int config_parse(struct vmm_config *c, int argc, char **argv, char *err, size_t errlen)
	__attribute__((warn_unused_result));

/*
 * Guest RAM of size bytes at c->ram_base: a multiple of 64 KiB, at most
 * VMM_RAM_MIB_MAX MiB, inside the guest-physical space. For --mem and for
 * the size of a 'ram' dataspace. Returns 0, or -1 with a message in err.
 */
int config_check_ram(const struct vmm_config *c, uint64_t size, char *err, size_t errlen)
	__attribute__((warn_unused_result));

const char *fault_policy_name(enum fault_policy p);
