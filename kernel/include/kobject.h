/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel objects and the capabilities that name them. */
#pragma once

#include "types.h"

enum kobject_type {
	KOBJ_TASK,
	KOBJ_THREAD,
	KOBJ_VCON,
	KOBJ_TYPES,
};

struct kobject {
	enum kobject_type type;
	u32 refs;
};

/* Capability rights (docs/abi.md). */
#define CAP_R	0x1
#define CAP_W	0x2
#define CAP_S	0x4
#define CAP_D	0x8
#define CAP_ALL (CAP_R | CAP_W | CAP_S | CAP_D)

struct cap {
	struct kobject *obj; /* NULL: empty slot */
	u8 rights;
};
