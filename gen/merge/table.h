/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* table.h: one database's entry list, which all of its outputs are written from: bindings in, canonical lines out. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"
#include "overlay.h"
#include "record.h"
#include "registry.h"
#include "strpool.h"

/* 40 times what the 2026 registry and netbase give: bounds memory (12 MiB) on hostile input. */
#define TABLE_MAX_BINDINGS (1u << 19)

/* Where a binding comes from: the registry is 0, overlays count up from 1 and a higher one wins. */
#define SOURCE_REGISTRY 0

/* A name bound to a number (a port or a protocol number) and, for services, a protocol. */
struct binding {
	uint32_t name, proto; /* strpool ids; proto is "" in a database without protocols */
	uint16_t number;
	uint16_t source;
	uint32_t seq;            /* order of appearance */
	uint32_t group;          /* where lines stay apart, the source line it came from; else 0 */
	const char *description; /* NULL or in the table's pool */
};

/* One line of the canonical file: names[0] is the official name, the rest are aliases. */
struct line {
	uint16_t number;
	uint16_t source; /* the latest source that lists the line */
	uint32_t proto;
	uint32_t first_name, name_count; /* into line_names */
	const char *description;
};

/* What a kept registry record gives: its names, the official one first, its protocol and description. */
struct record_entry {
	const char *names[2];
	size_t nnames;
	const char *protocol; /* "" in a database without protocols */
	const char *description;
	struct protocol_names spelled; /* a protocol keyword's spellings, which names point into */
};

struct table;

/* What sets one database's merge apart from another's. */
struct merge_kind {
	const struct registry_schema *schema;
	enum overlay_kind overlay;
	const char *registry_name; /* "services": in "merged over the services registry" */
	unsigned max_number;
	const char *number_range;  /* "a port or port range": what a record's number must be */
	const char *kept_records;  /* which records give lines, for --verbose */
	const char *number_word;   /* "protocol": a line without a protocol is "protocol 6" in messages */
	bool lines_apart;          /* each source's line stays a line, rather than joining those of its number */
	/* Which records give lines, and what each gives; the description kept in t's pool. */
	enum record_verdict (*classify)(struct table *t, const struct registry_record *rec, struct record_entry *e);
	/* The passes that make the canonical lines, after they are grouped and ordered. */
	void (*passes)(struct table *t);
	/* What the passes did, for --verbose. */
	void (*report)(const struct table *t);
};

struct table {
	const struct merge_kind *kind;
	char updated[16];      /* the registry's <updated> date, NUL-padded */
	const char **overlays; /* names of the overlay files, in the order applied */
	size_t noverlays;
	struct strpool pool;
	struct binding *bindings; /* freed once the lines are built, unless keep_bindings */
	size_t nbindings;
	bool keep_bindings;       /* for an answer that says where a name came from */
	uint32_t groups;
	struct line *lines;
	size_t nlines;
	uint32_t *line_names;
	size_t nline_names;
	size_t shadowed_names;    /* names that gave way to an overlay's binding */
	size_t repeated_names;    /* names left off a later line that has them */
	size_t unnamed_lines;     /* lines dropped with no name left */
	size_t lowercase_aliases; /* added for names with capitals */
	size_t joined_lines;      /* registry lines whose names joined an overlay's line of their number */
};

/* A description as one clean line of text kept in pool, or NULL if there is none. */
const char *keep_description(struct strpool *pool, const char *text);
/* Whether count more bindings would pass TABLE_MAX_BINDINGS. */
static inline bool table_would_overflow(const struct table *t, size_t count)
{
	return count > TABLE_MAX_BINDINGS - t->nbindings;
}
/* One line as a source gives it: where lines stay apart, a line of its own; else each name joins the line
 * of its number and protocol. */
void table_add(struct table *t, const char *const *names, size_t nnames, const char *proto, unsigned number,
	       unsigned source, const char *description);
/* Groups the bindings into lines, orders them and runs the kind's passes. */
void table_build(struct table *t);
void table_free(struct table *t);

/* The merge passes the databases share. */
/* Drops the names for which keep says no from line l. */
typedef bool name_filter(struct table *t, const struct line *l, uint32_t name, void *ctx);
/* Applies keep to every line's names, and drops the lines left with none: how many names went. */
size_t filter_lines(struct table *t, name_filter *keep, void *ctx);
struct name_list {
	uint32_t *ids;
	size_t count, cap;
};
/* Appends id unless ids[first..count) has it already: whether it did. */
bool name_list_add(struct name_list *nl, size_t first, uint32_t id);
/* Adds names to line i, whose names so far are nl->ids[first..count). */
typedef void line_extender(struct table *t, size_t i, struct name_list *nl, size_t first, void *ctx);
void extend_lines(struct table *t, line_extender *extend, void *ctx);
/* The key of a name on a number, a name's key (table_name_key) then the number: "name/protocol port". */
#define REPEAT_KEY_MAX (NAME_KEY_MAX + sizeof(" 65535"))
const char *repeat_key(char buf[REPEAT_KEY_MAX], const char *key, unsigned number);
/* glibc and musl answer a name from its first line, Go from its last: a name in any case stays on the
 * first line of its protocol only, so that they all answer the same; but on the lines repeats has (by
 * repeat_key), where the overlay that binds it lists it again. repeats may be NULL. */
void keep_first_lines(struct table *t, const struct keymap *repeats);

static inline const char *line_name(const struct table *t, const struct line *l, size_t i)
{
	return strpool_get(&t->pool, t->line_names[l->first_name + i]);
}

static inline const char *line_proto(const struct table *t, const struct line *l)
{
	return strpool_get(&t->pool, l->proto);
}

/* "993/tcp", or "protocol 6" where the database has no protocols, into buf. */
#define LINE_LABEL_MAX 64
const char *line_label(const struct table *t, const struct line *l, char buf[LINE_LABEL_MAX]);

/* The key of a name, for a protocol or for none (""): "name/protocol", lower-cased. */
static inline const char *table_name_key(const struct table *t, uint32_t name, uint32_t proto, char buf[NAME_KEY_MAX])
{
	return name_key(buf, NAME_KEY_MAX, strpool_get(&t->pool, name), strpool_get(&t->pool, proto), true);
}

extern const struct merge_kind services_merge, protocols_merge;
