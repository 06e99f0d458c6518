/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv3 distributor, redistributor and system-register CPU interface. */
#pragma once

#include "types.h"

#define GIC_INTID_SPURIOUS 1023

void gic_init(paddr_t dist, paddr_t redist);
void gic_enable_ppi(unsigned intid);
unsigned gic_ack(void);
void gic_eoi(unsigned intid);
unsigned gic_spi_count(void);
/* An SPI: routed to this CPU, Group 1 (still masked). */
void gic_configure_spi(unsigned intid);
void gic_mask(unsigned intid);
void gic_unmask(unsigned intid);
