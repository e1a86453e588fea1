/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sources.c: a database's registry and overlays, read into its entry list. */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "sources.h"

struct registry_load {
	const char *path;
	struct table *table;
	unsigned long verdicts[RECORD_VERDICTS];
};

/* 0 if the record's number, where it has one, is a number or range the database takes; else -1 after a
 * message. */
static int check_record_number(const struct registry_load *load, const struct registry_record *rec,
			       struct number_range *range)
{
	const struct merge_kind *kind = load->table->kind;
	char shown[NAME_MAX_LEN + 2];

	if (!rec->number || !*rec->number || parse_number_range(rec->number, kind->max_number, range) == 0)
		return 0;
	log_error(load->path, "line %ld: number \"%s\" is not %s within 0-%u", rec->line,
		  printable(rec->number, shown, sizeof(shown)), kind->number_range, kind->max_number);
	return -1;
}

/* Counts the verdict; false if the record gives no line. */
static bool record_kept(struct registry_load *load, const struct registry_record *rec, enum record_verdict verdict)
{
	char shown[NAME_MAX_LEN + 2];

	load->verdicts[verdict]++;
	if (verdict == RECORD_BAD_NAME)
		log_warning(load->path, "line %ld: skipped the record named \"%s\": not a usable name", rec->line,
			    printable(rec->name, shown, sizeof(shown)));
	return verdict == RECORD_KEPT;
}

static int on_record(const struct registry_record *rec, void *userdata)
{
	struct registry_load *load = userdata;
	struct table *t = load->table;
	struct number_range range;
	struct record_entry e;

	if (check_record_number(load, rec, &range) < 0)
		return -1;
	if (!record_kept(load, rec, t->kind->classify(t, rec, &e)))
		return 0;
	if (table_would_overflow(t, (size_t)(range.last - range.first + 1) * e.nnames)) {
		log_error(load->path, "line %ld: more than %u entries, not the %s registry", rec->line, TABLE_MAX_BINDINGS,
			  t->kind->registry_name);
		return -1;
	}
	for (unsigned number = range.first; number <= range.last; number++)
		table_add(t, e.names, e.nnames, e.protocol, number, SOURCE_REGISTRY, e.description);
	return 0;
}

static void report_registry(const struct registry_load *load, const struct registry_info *info)
{
	log_info("%s: %lu records, updated %s", load->path, info->records, info->updated);
	for (int v = 0; v < RECORD_VERDICTS; v++)
		if (load->verdicts[v] || v == RECORD_KEPT)
			log_info("  %s %lu records %s", v == RECORD_KEPT ? "kept" : "dropped", load->verdicts[v],
				 v == RECORD_KEPT ? load->table->kind->kept_records
						  : record_verdict_text((enum record_verdict)v));
}

int load_registry(struct table *t, const char *path, bool verbose)
{
	struct registry_load load = { .path = path, .table = t };
	struct registry_info info;

	if (registry_read(path, t->kind->schema, &info, on_record, &load) < 0)
		return -1;
	memcpy(t->updated, info.updated, sizeof(info.updated));
	if (verbose)
		report_registry(&load, &info);
	return 0;
}

struct overlay_load {
	struct table *table;
	const char *label;
	unsigned source;
	unsigned long lines;
};

static int on_overlay_line(const struct overlay_line *l, void *userdata)
{
	struct overlay_load *load = userdata;
	struct table *t = load->table;

	if (table_would_overflow(t, l->nnames)) {
		log_error(load->label, "line %ld: more than %u entries in all", l->line, TABLE_MAX_BINDINGS);
		return -1;
	}
	table_add(t, l->names, l->nnames, l->protocol ? l->protocol : "", l->number, load->source,
		  keep_description(&t->pool, l->comment));
	load->lines++;
	return 0;
}

int load_overlay(struct table *t, FILE *f, const char *label, unsigned source, bool verbose)
{
	struct overlay_load load = { .table = t, .label = label, .source = source };

	if (overlay_read(f, label, t->kind->overlay, true, on_overlay_line, &load, NULL) < 0)
		return -1;
	if (verbose)
		log_info("%s: %lu lines merged over the %s registry", label, load.lines, t->kind->registry_name);
	return 0;
}
