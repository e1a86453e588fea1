/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sources.c: the registry and the overlays, loaded as bindings into the entry list. */
#include <string.h>

#include "log.h"
#include "overlay.h"
#include "record.h"
#include "registry.h"
#include "sources.h"

struct registry_load {
	const char *path;
	struct service_table *table;
	unsigned long verdicts[RECORD_VERDICTS];
};

static int on_record(const struct registry_record *rec, void *userdata)
{
	struct registry_load *load = userdata;
	struct port_range range;
	enum record_verdict verdict;
	const char *description;
	char shown[SERVICE_NAME_MAX_LEN + 2];

	if (rec->number && *rec->number && parse_port_range(rec->number, &range) < 0) {
		log_error(load->path, "line %ld: number \"%s\" is not a port or port range within 0-65535",
			  rec->line, printable(rec->number, shown, sizeof(shown)));
		return -1;
	}
	verdict = record_classify(rec);
	load->verdicts[verdict]++;
	if (verdict == RECORD_BAD_NAME)
		log_warning(load->path, "line %ld: skipped the record named \"%s\": not a usable service name",
			    rec->line, printable(rec->name, shown, sizeof(shown)));
	if (verdict != RECORD_KEPT)
		return 0;
	if (table_would_overflow(load->table, range.last - range.first + 1)) {
		log_error(load->path, "line %ld: more than %u entries, not the services registry", rec->line,
			  TABLE_MAX_BINDINGS);
		return -1;
	}
	description = table_keep_description(load->table, rec->description);
	for (unsigned port = range.first; port <= range.last; port++)
		table_add(load->table, rec->name, rec->protocol, port, SOURCE_REGISTRY, description);
	return 0;
}

static void report_registry(const struct registry_load *load, const struct registry_info *info)
{
	log_info("%s: %lu records, updated %s", load->path, info->records, info->updated);
	for (int v = 0; v < RECORD_VERDICTS; v++)
		if (load->verdicts[v] || v == RECORD_KEPT)
			log_info("  %s %lu records %s", v == RECORD_KEPT ? "kept" : "dropped", load->verdicts[v],
				 v == RECORD_KEPT ? "with a name, a port and tcp, udp, sctp or dccp"
						  : record_verdict_text((enum record_verdict)v));
}

int load_registry(struct service_table *t, const char *path, bool verbose)
{
	struct registry_load load = { .path = path, .table = t };
	struct registry_info info;

	if (registry_read(path, &info, on_record, &load) < 0)
		return -1;
	memcpy(t->updated, info.updated, sizeof(info.updated));
	if (verbose)
		report_registry(&load, &info);
	return 0;
}

struct overlay_load {
	struct service_table *table;
	const char *label;
	unsigned source;
	unsigned long lines;
};

static int on_overlay_line(const struct services_line *l, void *userdata)
{
	struct overlay_load *load = userdata;
	const char *description;

	if (table_would_overflow(load->table, l->nnames)) {
		log_error(load->label, "line %ld: more than %u entries in all", l->line, TABLE_MAX_BINDINGS);
		return -1;
	}
	description = table_keep_description(load->table, l->comment);

	for (size_t i = 0; i < l->nnames; i++)
		table_add(load->table, l->names[i], l->protocol, l->port, load->source, description);
	load->lines++;
	return 0;
}

int load_overlay(struct service_table *t, FILE *f, const char *label, unsigned source, bool verbose)
{
	struct overlay_load load = { .table = t, .label = label, .source = source };

	if (services_read(f, label, true, on_overlay_line, &load, NULL) < 0)
		return -1;
	if (verbose)
		log_info("%s: %lu lines merged over the registry", label, load.lines);
	return 0;
}
