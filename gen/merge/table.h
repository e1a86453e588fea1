/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* table.h: the one entry list both outputs are written from: bindings in, canonical lines out. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strpool.h"

/* 40 times what the 2026 registry and netbase give: bounds memory (12 MiB) on hostile input. */
#define TABLE_MAX_BINDINGS (1u << 19)

/* Where a binding comes from: the registry is 0, overlays count up from 1 and a higher one wins. */
#define SOURCE_REGISTRY 0

struct binding {
	uint32_t name, proto; /* strpool ids */
	uint16_t port;
	uint16_t source;
	uint32_t seq;            /* order of appearance in its source */
	const char *description; /* NULL or in the table's pool */
};

/* One line of the canonical file: names[0] is the official name, the rest are aliases. */
struct line {
	uint16_t port;
	uint16_t source; /* the latest source that lists the line */
	uint32_t proto;
	uint32_t first_name, name_count; /* into line_names */
	const char *description;
};

struct service_table {
	char updated[16];        /* the registry's <updated> date */
	const char **overlays;   /* names of the overlay files, in the order applied */
	size_t noverlays;
	struct strpool pool;
	struct binding *bindings;
	size_t nbindings, bindings_cap;
	struct line *lines;
	size_t nlines, lines_cap;
	uint32_t *line_names;
	size_t nline_names, line_names_cap;
	size_t shadowed_names;    /* names that gave way to an overlay's binding */
	size_t repeated_names;    /* names left off a later line of their protocol */
	size_t unnamed_lines;     /* lines dropped with no name left */
	size_t lowercase_aliases; /* added for names with capitals */
};

/* A description as one clean line of text kept in pool, or NULL if there is none. */
const char *keep_description(struct strpool *pool, const char *text);
/* Whether count more bindings would pass TABLE_MAX_BINDINGS. */
static inline bool table_would_overflow(const struct service_table *t, size_t count)
{
	return count > TABLE_MAX_BINDINGS - t->nbindings;
}
void table_add(struct service_table *t, const char *name, const char *proto, unsigned port,
	       unsigned source, const char *description);
void table_build(struct service_table *t);
void table_free(struct service_table *t);

static inline const char *line_name(const struct service_table *t, const struct line *l, size_t i)
{
	return strpool_get(&t->pool, t->line_names[l->first_name + i]);
}

static inline const char *line_proto(const struct service_table *t, const struct line *l)
{
	return strpool_get(&t->pool, l->proto);
}
