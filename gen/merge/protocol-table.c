/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* protocol-table.c: the one protocols entry list both outputs are written from. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "protocol-table.h"
#include "table.h"
#include "xalloc.h"

#define NAME_KEY_MAX 256

void protocol_table_add(struct protocol_table *t, unsigned number, unsigned source, const char *const *names,
			size_t nnames, const char *description)
{
	GROW(t->lines, t->lines_cap, t->nlines + 1);
	t->lines[t->nlines++] = (struct protocol_line){
		.number = (uint16_t)number,
		.source = (uint16_t)source,
		.first_name = (uint32_t)t->nline_names,
		.name_count = (uint32_t)nnames,
		.description = description,
	};
	GROW(t->line_names, t->line_names_cap, t->nline_names + nnames);
	for (size_t i = 0; i < nnames; i++)
		t->line_names[t->nline_names++] = strpool_intern(&t->pool, names[i], strlen(names[i]));
}

/* By number; within one, the latest overlay's lines first, each source's in its order, the registry's
 * last. Names are added in the order lines are, so first_name keeps a source's order. */
static int compare_lines(const void *pa, const void *pb)
{
	const struct protocol_line *a = pa, *b = pb;

	if (a->number != b->number)
		return a->number < b->number ? -1 : 1;
	if (a->source != b->source)
		return a->source > b->source ? -1 : 1;
	return a->first_name < b->first_name ? -1 : a->first_name > b->first_name;
}

static const char *folded(const struct protocol_table *t, uint32_t name, char *key)
{
	return service_key(key, NAME_KEY_MAX, strpool_get(&t->pool, name), "", true);
}

static bool shares_folded_name(const struct protocol_table *t, const struct protocol_line *a,
			       const struct protocol_line *b)
{
	char key_a[NAME_KEY_MAX], key_b[NAME_KEY_MAX];

	for (uint32_t i = 0; i < a->name_count; i++)
		for (uint32_t j = 0; j < b->name_count; j++)
			if (strcmp(folded(t, t->line_names[a->first_name + i], key_a),
				   folded(t, t->line_names[b->first_name + j], key_b)) == 0)
				return true;
	return false;
}

/* The overlay line of the registry line r's number that shares a name with it in any case, if any. */
static const struct protocol_line *joined_line(const struct protocol_table *t, const struct protocol_line *r)
{
	for (const struct protocol_line *o = r; o > t->lines && o[-1].number == r->number;) {
		o--;
		if (o->source != SOURCE_REGISTRY && shares_folded_name(t, o, r))
			return o;
	}
	return NULL;
}

static void append_name(uint32_t **names, size_t *count, size_t *cap, size_t first, uint32_t name)
{
	for (size_t i = first; i < *count; i++)
		if ((*names)[i] == name)
			return;
	GROW(*names, *cap, *count + 1);
	(*names)[(*count)++] = name;
}

/* A registry line that names an overlay's protocol by another spelling is that protocol: its names join
 * the overlay's line as aliases, and it goes. */
static void join_registry_lines(struct protocol_table *t)
{
	const struct protocol_line **into = xreallocarray(NULL, t->nlines ? t->nlines : 1, sizeof(*into));
	uint32_t *names = NULL;
	size_t count = 0, cap = 0, kept = 0;

	for (size_t i = 0; i < t->nlines; i++)
		into[i] = t->lines[i].source == SOURCE_REGISTRY ? joined_line(t, &t->lines[i]) : NULL;
	for (size_t i = 0; i < t->nlines; i++) {
		struct protocol_line l = t->lines[i];
		size_t first = count;

		if (into[i]) {
			t->joined_lines++;
			continue;
		}
		for (size_t j = i; j < t->nlines && t->lines[j].number == l.number; j++)
			for (uint32_t n = 0; n < t->lines[j].name_count && (j == i || into[j] == &t->lines[i]); n++)
				append_name(&names, &count, &cap, first, t->line_names[t->lines[j].first_name + n]);
		l.first_name = (uint32_t)first;
		l.name_count = (uint32_t)(count - first);
		t->lines[kept++] = l;
	}
	free(into);
	free(t->line_names);
	t->line_names = names;
	t->nline_names = count;
	t->line_names_cap = cap;
	t->nlines = kept;
}

/* glibc's files matches names exactly, the module in any case: each name, in any case, stays on the first
 * line that has it, so that the two answer alike. */
static void keep_first_lines(struct protocol_table *t)
{
	struct keymap first_line = { 0 };
	char key[NAME_KEY_MAX];
	size_t kept = 0;

	for (size_t i = 0; i < t->nlines; i++) {
		struct protocol_line *l = &t->lines[i];
		uint32_t *names = &t->line_names[l->first_name], count = 0, line;

		for (uint32_t n = 0; n < l->name_count; n++) {
			folded(t, names[n], key);
			if (keymap_put_first(&first_line, key, (uint32_t)i) ||
			    (keymap_get(&first_line, key, &line) && line == i))
				names[count++] = names[n];
		}
		t->dropped_names += l->name_count - count;
		l->name_count = count;
		if (count)
			t->lines[kept++] = *l;
	}
	t->unnamed_lines += t->nlines - kept;
	t->nlines = kept;
	keymap_free(&first_line);
}

void protocol_table_build(struct protocol_table *t)
{
	if (t->nlines)
		qsort(t->lines, t->nlines, sizeof(*t->lines), compare_lines);
	join_registry_lines(t);
	keep_first_lines(t);
}

void protocol_table_free(struct protocol_table *t)
{
	free(t->lines);
	free(t->line_names);
	strpool_free(&t->pool);
	memset(t, 0, sizeof(*t));
}
