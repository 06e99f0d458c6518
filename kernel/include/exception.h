/* SPDX-License-Identifier: BSD-2-Clause */
/* Exception and interrupt dispatch (arch/arm64/exception.c). */
#pragma once

void exception_set_timer_intid(unsigned intid);
void exception_set_uart_intid(unsigned intid);

struct trap_frame;

/* Entered from vectors.S. */
void exception_user_svc(struct trap_frame *f);
void exception_user_sync(struct trap_frame *f);
void exception_user_serror(struct trap_frame *f);
void exception_user_return(void);
void exception_irq(struct trap_frame *f);
void exception_kernel_sync(struct trap_frame *f);
void exception_unexpected(struct trap_frame *f);
