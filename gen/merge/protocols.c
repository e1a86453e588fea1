/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* protocols.c: the protocols database's merge: which records give lines, and registry lines joining an overlay's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "table.h"
#include "xalloc.h"

#define NOT_JOINED UINT32_MAX

static bool shares_folded_name(const struct table *t, const struct line *a, const struct line *b)
{
	char key_a[NAME_KEY_MAX], key_b[NAME_KEY_MAX];

	for (uint32_t i = 0; i < a->name_count; i++)
		for (uint32_t j = 0; j < b->name_count; j++)
			if (strcmp(table_name_key(t, t->line_names[a->first_name + i], a->proto, key_a),
				   table_name_key(t, t->line_names[b->first_name + j], b->proto, key_b)) == 0)
				return true;
	return false;
}

/* The overlay line of the registry line r's number that shares a name with it in any case, if any. */
static uint32_t joined_line(const struct table *t, size_t r)
{
	for (size_t o = r; o > 0 && t->lines[o - 1].number == t->lines[r].number; o--)
		if (t->lines[o - 1].source != SOURCE_REGISTRY && shares_folded_name(t, &t->lines[o - 1], &t->lines[r]))
			return (uint32_t)(o - 1);
	return NOT_JOINED;
}

/* The names of the registry lines that join line i follow its own. */
static void add_joined_names(struct table *t, size_t i, struct name_list *nl, size_t first, void *ctx)
{
	const uint32_t *into = ctx;

	for (size_t j = i + 1; j < t->nlines && t->lines[j].number == t->lines[i].number; j++)
		for (uint32_t n = 0; into[j] == i && n < t->lines[j].name_count; n++)
			name_list_add(nl, first, t->line_names[t->lines[j].first_name + n]);
}

/* A registry line that names an overlay's protocol by another spelling is that protocol: its names join
 * the overlay's line as aliases, and it goes. */
static void join_registry_lines(struct table *t)
{
	uint32_t *into = xreallocarray(NULL, t->nlines ? t->nlines : 1, sizeof(*into));
	size_t kept = 0;

	for (size_t i = 0; i < t->nlines; i++)
		into[i] = t->lines[i].source == SOURCE_REGISTRY ? joined_line(t, i) : NOT_JOINED;
	extend_lines(t, add_joined_names, into);
	for (size_t i = 0; i < t->nlines; i++)
		if (into[i] == NOT_JOINED)
			t->lines[kept++] = t->lines[i];
	t->joined_lines = t->nlines - kept;
	t->nlines = kept;
	free(into);
}

/* glibc's files matches names exactly, the module in any case: each name, in any case, stays on the first
 * line that has it, so that the two answer alike. */
static void protocols_passes(struct table *t)
{
	join_registry_lines(t);
	keep_first_lines(t, NULL);
}

/* A keyword's description says where the keyword was marked deprecated. */
static const char *protocol_description(struct table *t, const char *text, bool deprecated)
{
	char *marked;
	const char *kept;

	if (!deprecated)
		return keep_description(&t->pool, text);
	marked = xmalloc(strlen(text ? text : "") + sizeof(" (deprecated)"));
	sprintf(marked, "%s%s", text ? text : "", text && *text ? " (deprecated)" : "deprecated");
	kept = keep_description(&t->pool, marked);
	free(marked);
	return kept;
}

static enum record_verdict classify_protocol(struct table *t, const struct registry_record *rec, struct record_entry *e)
{
	enum record_verdict verdict = protocol_record_names(rec, &e->spelled);

	if (verdict != RECORD_KEPT)
		return verdict;
	e->names[0] = e->spelled.official;
	e->names[1] = e->spelled.keyword;
	e->nnames = strcmp(e->spelled.official, e->spelled.keyword) ? 2 : 1;
	e->protocol = "";
	e->description = protocol_description(t, rec->description, e->spelled.deprecated);
	return RECORD_KEPT;
}

static void report_protocols(const struct table *t)
{
	log_info("  %zu protocols lines; %zu registry lines joined an overlay's line of their number, %zu names "
		 "left off lines after the first that has them, %zu lines left without a name",
		 t->nlines, t->joined_lines, t->repeated_names, t->unnamed_lines);
}

const struct merge_kind protocols_merge = {
	.schema = &protocols_registry_schema,
	.overlay = OVERLAY_PROTOCOLS,
	.registry_name = "protocol numbers",
	.max_number = 255,
	.number_range = "a protocol number or range",
	.kept_records = "with a keyword and a number",
	.number_word = "protocol",
	.lines_apart = true,
	.classify = classify_protocol,
	.passes = protocols_passes,
	.report = report_protocols,
};
