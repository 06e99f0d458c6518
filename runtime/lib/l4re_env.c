// SPDX-License-Identifier: BSD-2-Clause
/* Named capabilities of the initial environment: the loader lists them as L4RE_CAP_<name>=slot. */
#include <stdio.h>
#include <stdlib.h>

#include <l4re/env.h>

l4_cap_idx_t l4re_env_get_cap(const char *name)
{
	char var[80];

	if (snprintf(var, sizeof(var), "L4RE_CAP_%s", name) >= (int)sizeof(var))
		return L4_INVALID_CAP;
	const char *v = getenv(var);
	return v ? (l4_cap_idx_t)strtoull(v, NULL, 0) : L4_INVALID_CAP;
}
