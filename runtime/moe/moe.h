/* SPDX-License-Identifier: BSD-2-Clause */
/* moe, the root task: shared declarations of its parts. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <l4/sys/ipc.h>

#include "region.h"

#define MOE_PAGE       4096UL
#define MOE_PAGE_SHIFT 12
/* Block sizes moe keeps memory in, and so the sizes of the mappings it answers faults with. */
#define MOE_MID_ORDER 16 /* 64 KiB */
#define MOE_MAX_ORDER 21 /* 2 MiB */
/* Slots where capabilities sent to moe land (16 of them; the loader protocol). */
#define MOE_RECV_WINDOW	      (32UL << L4_CAP_SHIFT)
#define MOE_RECV_WINDOW_ORDER 4

/* ---- capability slots of moe itself (slots.c) ------------------------------ */
l4_cap_idx_t moe_slot(void);
/* Only slots moe_slot gave are taken back; anything else is ignored. */
void moe_slot_free(l4_cap_idx_t sel);
/* A slot to release and free once the current reply has gone (a granted capability's). */
extern l4_cap_idx_t moe_after_reply;

/* ---- memory from sigma0 (mem.c) ------------------------------------------ */
/*
 * 1 << order bytes aligned to their size (order: MOE_PAGE_SHIFT, MOE_MID_ORDER
 * or MOE_MAX_ORDER), not zeroed, or NULL; moe's address is the physical one.
 */
void *moe_block_alloc(unsigned order);
void moe_block_free(void *p, unsigned order);
uint64_t moe_mem_free_bytes(void);
/* Take all the memory sigma0 has now (at boot). */
void moe_mem_take_all(void);
/*
 * Reservations: memory promised (a dataspace charged in full, a program's
 * image, a rom file) is taken from sigma0 when promised and kept aside, so
 * the page faults that use it later cannot run out. moe_mem_reserve fails
 * (false) when sigma0 has no more; moe_block_alloc_reserved draws a block
 * from what was reserved before; moe_mem_unreserve gives back what was not
 * drawn. Unreserved allocations never touch reserved memory.
 */
bool moe_mem_reserve(uint64_t bytes) __attribute__((warn_unused_result));
void moe_mem_unreserve(uint64_t bytes);
void *moe_block_alloc_reserved(unsigned order);
uint64_t moe_mem_reserved_bytes(void);

/* ---- dataspaces (ds.c) ------------------------------------------------------- */
enum ds_kind { DS_ANON, DS_ROM };

/* Memory a program may have moe allocate for it (its dataspaces' pages). */
struct mem_account {
	uint64_t used, limit;
	uint64_t reserve; /* reserved RAM left for its pages charged one by one (its image) */
};

/*
 * A dataspace lives while something holds a reference: its owner (the
 * program it was made for, or moe for rom files) and every region it is
 * attached as. So a dataspace shared into another program's region map
 * outlives its owner; its memory then counts against nobody.
 */
struct ds {
	enum ds_kind kind;
	struct mem_account *acct; /* charged for the pages; NULL: moe's own */
	uint64_t size;
	bool writable;
	bool committed;	    /* charged in full when made, not page by page */
	uint64_t reserved;  /* committed: bytes of its reservation not yet drawn */
	unsigned refs;	    /* owner + regions */
	l4_cap_idx_t gate;  /* its object, or L4_INVALID_CAP while it has none */
	struct ds *next;    /* in the owner's list */
	const uint8_t *rom; /* DS_ROM: the file's bytes in the archive */
	uint64_t rom_pages; /* DS_ROM: its first pages are the archive's own (page aligned) */
	void **pages;	    /* moe addresses, filled on first use */
};

/* A new dataspace with one reference (its owner's); NULL when out of memory. */
struct ds *ds_new_anon(uint64_t size);
struct ds *ds_new_rom(const void *data, uint64_t size);
/*
 * Charge all of ds's pages to acct now (an allocator's dataspace: the client
 * learns at once whether its quota allows it); -L4_ENOMEM beyond the quota.
 */
long ds_commit(struct ds *ds, struct mem_account *acct);
/* The same for memory nobody is charged for (rom files): reserve it all now. */
long ds_reserve(struct ds *ds);
/* The moe address of the page at offset (allocated/copied now), or NULL (ds_last_error says why).
 */
void *ds_page(struct ds *ds, uint64_t offset);
/*
 * For a fault at offset: the moe address of the largest aligned block of at
 * most 1 << *order bytes around it that ds holds in one piece (made now if
 * none of it exists yet and ds may take memory in blocks), its order in
 * *order; else the page, as ds_page.
 */
void *ds_map(struct ds *ds, uint64_t offset, unsigned *order);
const char *ds_last_error(void);
void ds_ref(struct ds *ds);
/* Drop a reference; the last one frees the dataspace, its pages and its object. */
void ds_unref(struct ds *ds);

/* ---- objects behind moe's gates (objects.c) -------------------------------- */
enum obj_type { OBJ_NONE, OBJ_RM, OBJ_LOG, OBJ_PARENT, OBJ_DS, OBJ_NS, OBJ_ALLOC, OBJ_LOADER };

struct app;

/* The gate of an object, for passing it on; L4_INVALID_CAP if label names none. */
l4_cap_idx_t obj_gate_of(l4_umword_t label);
/* A gate bound to moe's server thread whose label leads back to (type, app, ptr). */
l4_cap_idx_t obj_gate(enum obj_type type, struct app *app, void *ptr);
/* Decode a label: the object's type, app and pointer, or false. */
bool obj_lookup(l4_umword_t label, enum obj_type *type, struct app **app, void **ptr);
void obj_drop(l4_cap_idx_t gate);
/* Live objects, for limits and tests. */
unsigned obj_count(void);
extern l4_cap_idx_t moe_server_thread;

/* ---- logs (log.c) ------------------------------------------------------------- */
#define LOG_FLAGS_MAX 64
/*
 * A log object: a program's own, or one made by an allocator (Proto.Log).
 * Output goes to the console as "[tag] line", in its colour.
 */
struct log {
	char tag[32];
	unsigned color;		   /* L4Re's value: 0 none, 1..7 ANSI colour, +8 bright */
	char flags[LOG_FLAGS_MAX]; /* cons's per-client options ("key=x\0show\0"), kept unused */
	unsigned flags_len;
	char line[256]; /* output up to the next newline */
	unsigned line_len;
	char in[256]; /* console input not read yet */
	unsigned in_head, in_len;
	l4_cap_idx_t input_irq; /* moe's copy of the IRQ bound to it, or invalid */
	uint64_t input_seq;	/* when it was bound: the latest binder has the focus */
	l4_cap_idx_t gate;	/* a made log's object (a program's own: app.log_gate) */
	struct log *next;	/* in its maker's list */
};

/* A log with tag (cut to 31 bytes) and no colour, no flags. */
void log_init_obj(struct log *l, const char *tag);
/* Keep a flag (cons's option, e.g. "key=x", checked by the caller); false if no room. */
bool log_add_flag(struct log *l, const char *flag, size_t len);

/* ---- programs (app.c) ---------------------------------------------------------- */
struct app {
	char name[32];
	l4_cap_idx_t task, thread, factory; /* moe's selectors */
	l4_cap_idx_t rm_gate, log_gate, parent_gate, alloc_gate;
	l4_cap_idx_t sched; /* moe's copy of a scheduler the loader request named, or 0 */
	struct rm rm;
	l4_cap_idx_t loader_gate;  /* its loader object, or L4_INVALID_CAP: it may not start any */
	uint64_t id, starter_id;   /* serial numbers: its own and its starter's (0: moe) */
	uint64_t child_max;	   /* the largest quota its children may have */
	struct ds *owned;	   /* dataspaces made for it: the loader's and its allocator's */
	struct moe_ns *namespaces; /* namespaces its allocator made: they go when it does */
	unsigned alloc_objs;	   /* objects its allocator made (moe's object table is shared) */
	unsigned names;		   /* names registered in its namespaces, by anyone */
	struct mem_account mem;
	struct log log;	  /* its own log (L4_BASE_LOG_CAP) */
	struct log *logs; /* logs its allocator made: they go when it does */
	bool alive;
	int slot; /* index among moe's programs: the handle */
};

/* Programs at once: the table grows to this (a handle's slot has 16 bits). */
#define MOE_MAX_APPS  4096
#define APP_MAX_CAPS  13 /* in a loader request: named ones and '@' slots */
#define APP_MAX_NAMED 8	 /* named ones: L4RE_FIRST_FREE_CAP on */
#define APP_MAX_ARGS  16
#define APP_MAX_ENV   16 /* environment variables a starter may give ("env=NAME=VALUE") */

/* What to start: rom/NAME is argv[0]; caps land in the program's slots from L4RE_FIRST_FREE_CAP. */
struct app_spec {
	int argc;
	char **argv;
	const char *tag; /* log tag; NULL: the program's name */
	unsigned ncaps;
	const char *cap_names[APP_MAX_CAPS];
	l4_cap_idx_t caps[APP_MAX_CAPS]; /* in moe's space */
	unsigned cap_rights[APP_MAX_CAPS];
	bool cap_loader[APP_MAX_CAPS]; /* a loader: the program gets one of its own there */
	unsigned nenv;
	const char *envv[APP_MAX_ENV]; /* "NAME=VALUE", after moe's own in envp */
	uint64_t mem_quota;	   /* bytes; 0: APP_DEFAULT_QUOTA, or the starter's if smaller */
	const struct app *starter; /* NULL: moe starts init */
	bool loader;		   /* give it a loader at L4RE_LOADER_CAP */
	unsigned log_color;	   /* its log's colour (L4Re's value) */
	const char *log_flags;	   /* its log's flags, each with its NUL */
	size_t log_flags_len;
};

#define APP_DEFAULT_QUOTA (64UL << 20)
/*
 * The largest quota init's children may have: the default board's RAM twice
 * over (a VMM's guest RAM and more); what can really be had is decided by
 * the reservation at start and at each allocation.
 */
#define APP_INIT_CHILD_MAX (1UL << 30)
/* RAM reserved at the start for the pages of its image it touches beyond the file's bytes. */
#define APP_IMAGE_SLACK (128UL << 10)
/* What one program may make in moe: each is bounded so none can exhaust moe for the others. */
#define APP_MAX_ALLOC_OBJS 128 /* dataspaces and namespaces one program may have made */
#define APP_MAX_NAMES	   256 /* names in the namespaces it made */
#define APP_MAX_REGIONS	   256 /* regions and areas in its region map */

/* Start a program from the archive; returns NULL with *why set. */
struct app *app_start(const struct app_spec *spec, const char **why);
/* Handles for the loader protocol: the state of a program started through it. */
long app_handle(const struct app *a);
l4_msgtag_t app_loader(struct app *caller, l4_msgtag_t tag);
/* Give a (a program being started) a loader object of its own in slot. */
bool app_give_loader(struct app *a, l4_cap_idx_t slot);
/* End the program: its task, its objects, its memory. */
void app_end(struct app *a, const char *how);
unsigned app_count(void);

/* Message handlers: each returns the reply tag, or a tag with L4_MSGTAG_ERROR for no reply. */
l4_msgtag_t app_page_fault(struct app *a, l4_umword_t pfa, l4_umword_t pc);
l4_msgtag_t app_parent(struct app *a, l4_msgtag_t tag);
l4_msgtag_t app_exception(struct app *a);
/* Requests on a program's memory allocator (alloc.c): the factory protocol. */
l4_msgtag_t alloc_request(struct app *a, l4_msgtag_t tag, unsigned rights);
/* Make ds one of a's: its memory counts against a's quota, it goes when a does. */
void app_own_ds(struct app *a, struct ds *ds);

/* ---- the boot module archive (rom.c) ------------------------------------- */
void rom_init(const void *archive, uint64_t size);
/* The file rom/NAME ("rom/" optional): its bytes, or NULL. */
const void *rom_find(const char *name, uint64_t *size);
/* The rom namespace object (a gate to give programs), and its query. */
extern l4_cap_idx_t rom_ns_gate;
l4_msgtag_t rom_ns_query(l4_msgtag_t tag);
/* Namespaces made at run time (ns.c); ptr NULL is the rom namespace. */
struct moe_ns;
l4_cap_idx_t ns_new_gate(struct app *owner);
/* The owner ends: its namespaces go, with moe's capabilities in them. */
void ns_free_all(struct app *owner);
l4_msgtag_t ns_request(void *ptr, l4_msgtag_t tag, unsigned rights);
/* Requests on a dataspace object and on a region map. */
l4_msgtag_t ds_request(struct ds *ds, l4_msgtag_t tag);
l4_msgtag_t app_rm_request(struct app *a, l4_msgtag_t tag);

/* A reply carrying one capability of moe's (mapped, or granted: moe loses it). */
l4_msgtag_t moe_reply_cap(l4_cap_idx_t cap, unsigned rights, bool grant);

/* ---- programs' logs and the console (log.c) -------------------------------- */
/* The label of the console's input IRQ at moe's thread (no object's label). */
#define MOE_CONSOLE_LABEL 0x8UL
/* Take the kernel console's input; false if that cannot be set up. */
bool log_init(void);
l4_msgtag_t log_request(struct log *l, l4_msgtag_t tag);
/* Input has arrived at the kernel console: to the log with the focus. */
void log_console_input(void);
/* l goes: its last partial line out, its input binding gone. */
void log_end(struct log *l);
/* A new log with tag made by a's allocator (Proto.Log), charged to a; its gate in *gate. */
struct log *log_new(struct app *a, const char *tag, l4_cap_idx_t *gate);
/* a ends: the logs its allocator made go. */
void log_free_all(struct app *a);
/* End a partial line on the console before a line of someone else's. */
void log_break_line(void);

/* A line on the console with moe's tag. */
void moe_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define MOE_NO_REPLY L4_MSGTAG_ERROR
