/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ned's start request to moe's loader (runtime/include/l4re/env.h): the block
 * "tag\0prog\0args...\0\0capname...\0options...", one capability item per
 * name. loader.c fills it from a start's env; the pieces in other files add
 * to it through these.
 */
#pragma once

#include <stdbool.h>

#include "ned.h"

#define MAX_CAPS  13 /* the named ones, four '@' slots (log too) and "@exit_irq" */
#define TAG_MAX	  31 /* moe keeps 31 bytes of a name */
#define BLOCK_MAX ((L4_UTCB_MRS - 2 - 2 * MAX_CAPS) * 8)

struct request {
	char block[BLOCK_MAX];
	size_t len;
	struct lcap caps[MAX_CAPS];
	unsigned ncaps, named;
	char tail[BLOCK_MAX]; /* options ("mem=N", "env=NAME=VALUE"), after the capability names */
	size_t tail_len;
	struct lcap log_cap; /* env.log as a capability (log_env.c), or sel invalid */
};

/* Append s and its NUL to the block. */
void ned_req_add(lua_State *L, struct request *q, const char *s);
/* An option (NAME=VALUE) for after the capability names. */
void ned_req_option(lua_State *L, struct request *q, const char *s);
/* A capability named name, with its rights. */
void ned_req_cap(lua_State *L, struct request *q, const char *name, struct lcap c);

/*
 * env.log (log_env.c): the tag, first in the block, and the log's options;
 * a log capability is kept in q->log_cap for ned_env_log_cap, which adds it
 * among the capabilities ("@log").
 */
void ned_env_log(lua_State *L, int env, struct request *q);
void ned_env_log_cap(lua_State *L, struct request *q);

/* For messages: s quoted, control characters escaped, cut at 40 bytes. */
const char *ned_quoted(lua_State *L, const char *s);
/* No control characters. */
bool ned_printable(const char *s);
