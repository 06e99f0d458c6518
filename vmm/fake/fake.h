/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host-test stand-ins for the VMM's L4 side (vmm.h, ram.h, log.h): they
 * record what the pure modules asked for, and the tests look here.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "vmm.h"

#define FAKE_LOG_LINES 64
#define FAKE_VIRQS     32

struct fake_record {
	unsigned ends, wakes[VMM_MAX_CPUS], maps, log_lines, nvirqs;
	int end_code;
	uint64_t map_ipa;
	long map_result;       /* what ram_map_chunk returns */
	struct pmu_sample pmu; /* what pmu_read returns */
	struct {
		unsigned target;
		uint64_t virq;
	} virqs[FAKE_VIRQS];
	char log[FAKE_LOG_LINES][256];
	char written[256]; /* what vmm_write got, concatenated */
	unsigned written_len;
};

extern struct fake_record fake;

void fake_reset(void);
/* Some line logged since fake_reset contains text. */
bool fake_logged(const char *text);
