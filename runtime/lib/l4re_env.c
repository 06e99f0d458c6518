// SPDX-License-Identifier: BSD-2-Clause
/* Named capabilities of the initial environment: the loader lists them as L4RE_CAP_<name>=slot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4re/env.h>

l4_cap_idx_t l4re_env_get_cap(const char *name)
{
	char var[80];

	if (snprintf(var, sizeof(var), "L4RE_CAP_%s", name) >= (int)sizeof(var))
		return L4_INVALID_CAP;
	const char *v = getenv(var);
	if (v)
		return (l4_cap_idx_t)strtoull(v, NULL, 0);
	/* As L4Re's ned does: "rom", read-only, unless the loader named another. */
	if (strcmp(name, "rom") == 0 && getenv("L4RE_PARENT"))
		return L4RE_ROM_CAP;
	return L4_INVALID_CAP;
}
