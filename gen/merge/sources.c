/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sources.c: the registries and the overlays, loaded into the services and protocols entry lists. */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "overlay.h"
#include "record.h"
#include "registry.h"
#include "sources.h"
#include "xalloc.h"

struct registry_load {
	const char *path;
	struct service_table *table;
	struct protocol_table *protocols;
	unsigned long verdicts[RECORD_VERDICTS];
};

/* 0 if the record's number, where it has one, is a number or range within 0-max; else -1 after a message
 * saying it is not a what. */
static int check_record_number(const struct registry_load *load, const struct registry_record *rec, unsigned max,
			       const char *what, struct number_range *range)
{
	char shown[NAME_MAX_LEN + 2];

	if (!rec->number || !*rec->number || parse_number_range(rec->number, max, range) == 0)
		return 0;
	log_error(load->path, "line %ld: number \"%s\" is not %s within 0-%u", rec->line,
		  printable(rec->number, shown, sizeof(shown)), what, max);
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
	struct number_range range;
	const char *description;

	if (check_record_number(load, rec, 65535, "a port or port range", &range) < 0)
		return -1;
	if (!record_kept(load, rec, record_classify(rec)))
		return 0;
	if (table_would_overflow(load->table, range.last - range.first + 1)) {
		log_error(load->path, "line %ld: more than %u entries, not the services registry", rec->line,
			  TABLE_MAX_BINDINGS);
		return -1;
	}
	description = keep_description(&load->table->pool, rec->description);
	for (unsigned port = range.first; port <= range.last; port++)
		table_add(load->table, rec->name, rec->protocol, port, SOURCE_REGISTRY, description);
	return 0;
}

static void report_registry(const struct registry_load *load, const struct registry_info *info, const char *kept)
{
	log_info("%s: %lu records, updated %s", load->path, info->records, info->updated);
	for (int v = 0; v < RECORD_VERDICTS; v++)
		if (load->verdicts[v] || v == RECORD_KEPT)
			log_info("  %s %lu records %s", v == RECORD_KEPT ? "kept" : "dropped", load->verdicts[v],
				 v == RECORD_KEPT ? kept : record_verdict_text((enum record_verdict)v));
}

int load_registry(struct service_table *t, const char *path, bool verbose)
{
	struct registry_load load = { .path = path, .table = t };
	struct registry_info info;

	if (registry_read(path, &services_registry_schema, &info, on_record, &load) < 0)
		return -1;
	memcpy(t->updated, info.updated, sizeof(info.updated));
	if (verbose)
		report_registry(&load, &info, "with a name, a port and tcp, udp, sctp or dccp");
	return 0;
}

/* A keyword's description says where the keyword was marked deprecated. */
static const char *protocol_description(struct protocol_table *t, const char *text, bool deprecated)
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

static int on_protocol_record(const struct registry_record *rec, void *userdata)
{
	struct registry_load *load = userdata;
	struct number_range range;
	struct protocol_names pn;
	const char *names[2], *description;

	if (check_record_number(load, rec, 255, "a protocol number or range", &range) < 0)
		return -1;
	if (!record_kept(load, rec, protocol_record_names(rec, &pn)))
		return 0;
	names[0] = pn.official;
	names[1] = pn.keyword;
	description = protocol_description(load->protocols, rec->description, pn.deprecated);
	for (unsigned number = range.first; number <= range.last; number++)
		protocol_table_add(load->protocols, number, SOURCE_REGISTRY, names, strcmp(pn.official, pn.keyword) ? 2 : 1,
				   description);
	return 0;
}

int load_protocol_registry(struct protocol_table *t, const char *path, bool verbose)
{
	struct registry_load load = { .path = path, .protocols = t };
	struct registry_info info;

	if (registry_read(path, &protocols_registry_schema, &info, on_protocol_record, &load) < 0)
		return -1;
	memcpy(t->updated, info.updated, sizeof(info.updated));
	if (verbose)
		report_registry(&load, &info, "with a keyword and a number");
	return 0;
}

struct overlay_load {
	struct service_table *table;
	struct protocol_table *protocols;
	const char *label;
	unsigned source;
	unsigned long lines;
};

static int on_overlay_line(const struct overlay_line *l, void *userdata)
{
	struct overlay_load *load = userdata;
	const char *description;

	if (table_would_overflow(load->table, l->nnames)) {
		log_error(load->label, "line %ld: more than %u entries in all", l->line, TABLE_MAX_BINDINGS);
		return -1;
	}
	description = keep_description(&load->table->pool, l->comment);

	for (size_t i = 0; i < l->nnames; i++)
		table_add(load->table, l->names[i], l->protocol, l->number, load->source, description);
	load->lines++;
	return 0;
}

/* Reads an overlay of either kind strictly, each line to fn; says how many lines it merged. */
static int read_overlay(FILE *f, enum overlay_kind kind, overlay_line_handler *fn, struct overlay_load *load,
			bool verbose)
{
	if (overlay_read(f, load->label, kind, true, fn, load, NULL) < 0)
		return -1;
	if (verbose)
		log_info("%s: %lu lines merged over the %s registry", load->label, load->lines,
			 kind == OVERLAY_SERVICES ? "services" : "protocol numbers");
	return 0;
}

int load_overlay(struct service_table *t, FILE *f, const char *label, unsigned source, bool verbose)
{
	struct overlay_load load = { .table = t, .label = label, .source = source };

	return read_overlay(f, OVERLAY_SERVICES, on_overlay_line, &load, verbose);
}

static int on_protocol_overlay_line(const struct overlay_line *l, void *userdata)
{
	struct overlay_load *load = userdata;

	protocol_table_add(load->protocols, l->number, load->source, l->names, l->nnames,
			   keep_description(&load->protocols->pool, l->comment));
	load->lines++;
	return 0;
}

int load_protocol_overlay(struct protocol_table *t, FILE *f, const char *label, unsigned source, bool verbose)
{
	struct overlay_load load = { .protocols = t, .label = label, .source = source };

	return read_overlay(f, OVERLAY_PROTOCOLS, on_protocol_overlay_line, &load, verbose);
}
