/* SPDX-License-Identifier: BSD-2-Clause */
/* User faults: page faults to the pager, exceptions to the exception handler. */
#pragma once

#include "types.h"

struct thread;
struct trap_frame;

/*
 * A page fault of the current thread at addr (write/exec access) at pc.
 * Returns true when the thread may retry the access (a mapping was made or
 * the pager answered), false when nobody resolved it.
 */
bool fault_page(struct thread *self, u64 addr, bool write, bool exec, u64 pc);

/* An exception: true when the handler replied (registers may have changed). */
bool fault_exception(struct thread *self, struct trap_frame *f, u64 esr, u64 far);

/* Device MMIO the first task may map 1:1 (outside what the kernel uses). */
void fault_set_device_window(paddr_t start, paddr_t end);
void fault_reserve_device(paddr_t start, u64 size);
