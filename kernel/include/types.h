/* SPDX-License-Identifier: BSD-2-Clause */
/* Fixed-width integer types and address types used throughout the kernel. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

/* A physical address. Kept apart from pointers: convert with pa_to_kva(). */
typedef u64 paddr_t;
/* A user (EL0) virtual address: never dereferenced directly by the kernel. */
typedef u64 uaddr_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((u64)(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((u64)(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((u64)(a)-1)) == 0)
#define ARRAY_SIZE(a)	 (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)	 ((a) < (b) ? (a) : (b))
#define MAX(a, b)	 ((a) > (b) ? (a) : (b))

/* Also compiled at user level (moe), where libc may have defined these. */
#ifndef __must_check
#define __must_check __attribute__((warn_unused_result))
#endif
#ifndef __noreturn
#define __noreturn __attribute__((noreturn))
#endif
#ifndef __aligned
#define __aligned(n) __attribute__((aligned(n)))
#endif
#ifndef __section
#define __section(s) __attribute__((section(s)))
#endif
#ifndef __packed
#define __packed __attribute__((packed))
#endif
#ifndef __printf
#define __printf(a, b) __attribute__((format(printf, a, b)))
#endif
