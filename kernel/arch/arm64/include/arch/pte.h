/* SPDX-License-Identifier: BSD-2-Clause */
/* Stage-1 translation table descriptors, 4 KiB granule (Arm ARM D8.3). */
#pragma once

#define PTE_VALID     (1UL << 0)
#define PTE_TABLE     (1UL << 1) /* at levels 0-2: next-level table; at level 3: page */
#define PTE_PAGE      (1UL << 1)
#define PTE_ATTR(idx) ((unsigned long)(idx) << 2)
#define PTE_AP_EL0    (1UL << 6) /* AP[1]: EL0 may access */
#define PTE_AP_RO     (1UL << 7) /* AP[2]: read-only */
#define PTE_SH_INNER  (3UL << 8)
#define PTE_AF	      (1UL << 10)
#define PTE_NG	      (1UL << 11)
#define PTE_PXN	      (1UL << 53)
#define PTE_UXN	      (1UL << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000UL

/* MAIR_EL2 attribute indices; the values are set in head.S. */
#define MAIR_IDX_DEVICE_nGnRnE 0
#define MAIR_IDX_DEVICE_nGnRE  1
#define MAIR_IDX_NORMAL	       2
#define MAIR_IDX_NORMAL_NC     3
#define MAIR_VALUE	       0x44ff0400UL

#define PTE_KERNEL_DEVICE (PTE_VALID | PTE_ATTR(MAIR_IDX_DEVICE_nGnRE) | PTE_AF | PTE_PXN | PTE_UXN)
#define PTE_KERNEL_NORMAL (PTE_VALID | PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_UXN)

/* Levels: 0 (512 GiB per entry) .. 3 (4 KiB per entry). */
#define PT_ENTRIES	  512
#define PT_LEVEL_SHIFT(l) (39 - 9 * (l))
#define PT_INDEX(va, l)	  (((va) >> PT_LEVEL_SHIFT(l)) & 0x1ff)
