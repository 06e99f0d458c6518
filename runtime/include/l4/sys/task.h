/* SPDX-License-Identifier: BSD-2-Clause */
/* The task protocol. */
#pragma once

#include <l4/sys/ipc.h>

/* End the task behind cap (Tern extension); does not return for the own task. */
long l4_task_exit(l4_cap_idx_t task, long code);
