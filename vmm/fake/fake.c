// SPDX-License-Identifier: BSD-2-Clause
/* Host-test stand-ins for the VMM's L4 side: record, never block. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fake.h"

struct fake_record fake;
bool vmm_verbose = true;

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
}

bool fake_logged(const char *text)
{
	for (unsigned i = 0; i < fake.log_lines && i < FAKE_LOG_LINES; i++)
		if (strstr(fake.log[i], text))
			return true;
	return false;
}

/* Kept for fake_logged, and shown as TAP comments. */
static void fake_line(const char *prefix, const char *fmt, va_list ap)
{
	char line[256];
	size_t n = (size_t)snprintf(line, sizeof(line), "%s", prefix);

	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (fake.log_lines < FAKE_LOG_LINES)
		memcpy(fake.log[fake.log_lines], line, sizeof(line));
	fake.log_lines++;
	printf("# %s\n", line);
}

void vmm_write(const char *s, unsigned n)
{
	for (unsigned i = 0; i < n && fake.written_len < sizeof(fake.written) - 1; i++)
		fake.written[fake.written_len++] = s[i];
}

void vmm_print(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fake_line("", fmt, ap);
	va_end(ap);
}

void vmm_log(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fake_line("vmm: ", fmt, ap);
	va_end(ap);
}

void vmm_debug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fake_line("vmm: ", fmt, ap);
	va_end(ap);
}

void vm_end(struct vm *vm, int code)
{
	fake.ends++;
	if (!vm->ended) {
		vm->ended = 1;
		vm->exit_code = code;
		fake.end_code = code;
	}
}

void vcpu_wake(struct vcpu *v)
{
	fake.wakes[v->idx]++;
}

void vcpu_send_virq(struct vcpu *target, uint64_t virq)
{
	if (fake.nvirqs < FAKE_VIRQS) {
		fake.virqs[fake.nvirqs].target = target->idx;
		fake.virqs[fake.nvirqs].virq = virq;
	}
	fake.nvirqs++;
}

long ram_map_chunk(const struct guest_ram *r, uint64_t vm_cap, uint64_t ipa)
{
	fake.maps++;
	fake.map_ipa = ipa;
	return fake.map_result;
}

void pmu_read(struct pmu_sample *s)
{
	*s = fake.pmu;
}
