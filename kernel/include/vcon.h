/* SPDX-License-Identifier: BSD-2-Clause */
/* The Vcon object: the kernel console for user level. */
#pragma once

#include "kobject.h"

/* A character arrived on the console (from the UART interrupt). */
void vcon_input(char c);
u64 vcon_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
