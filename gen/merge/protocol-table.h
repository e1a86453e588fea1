/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* protocol-table.h: the one protocols entry list both outputs are written from. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "strpool.h"

/* One line of the canonical protocols file: names[0] is the official name, the rest are aliases. */
struct protocol_line {
	uint16_t number; /* IANA's go to 255; netbase has mptcp on 262, which Linux uses */
	uint16_t source; /* SOURCE_REGISTRY, or the overlay the line comes from */
	uint32_t first_name, name_count; /* into line_names */
	const char *description;         /* NULL or owned by the table */
};

struct protocol_table {
	char updated[16];      /* the protocol registry's <updated> date, NUL-padded */
	const char **overlays; /* names of the overlay files, in the order applied */
	size_t noverlays;
	struct strpool pool;
	struct protocol_line *lines; /* in canonical-file order */
	size_t nlines, lines_cap;
	uint32_t *line_names;
	size_t nline_names, line_names_cap;
	size_t joined_lines;  /* registry lines whose names joined an overlay's line of their number */
	size_t dropped_names; /* names, in any case, left off a line after the first that has them */
	size_t unnamed_lines; /* lines dropped with no name left */
};

/* Adds a line as a source gives it; protocol_table_build() puts the lines in order. */
void protocol_table_add(struct protocol_table *t, unsigned number, unsigned source, const char *const *names,
			size_t nnames, const char *description);
void protocol_table_build(struct protocol_table *t);
void protocol_table_free(struct protocol_table *t);

static inline const char *protocol_line_name(const struct protocol_table *t, const struct protocol_line *l, size_t i)
{
	return strpool_get(&t->pool, t->line_names[l->first_name + i]);
}
