/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* main.c: iana-services-gen, the IANA registry to a canonical services(5) file and an index. */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "log.h"
#include "output.h"
#include "record.h"
#include "registry.h"
#include "services-file.h"
#include "table.h"

#define EXIT_BAD_INPUT 1
#define EXIT_USAGE 2

struct options {
	const char *registry, *services;
	bool verbose;
};

struct registry_load {
	const char *path;
	struct service_table *table;
	unsigned long verdicts[RECORD_VERDICTS];
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROGRAM_NAME " [OPTION]... --services FILE\n"
		"Turn the IANA Service Name and Transport Protocol Port Number Registry into a\n"
		"canonical services(5) file.\n\n"
		"  -r, --registry FILE   the registry XML (default: %s)\n"
		"  -s, --services FILE   write the services file there ('-' for standard output)\n"
		"  -v, --verbose         say what was kept and dropped, with counts\n"
		"  -h, --help            show this help and exit\n"
		"  -V, --version         show the version and exit\n\n"
		"Outputs are written to a temporary file and renamed into place, so an existing\n"
		"file is replaced whole or left untouched.\n"
		"Exit status: 0 on success, 1 on bad input or a failed write, 2 on a usage error.\n",
		REGISTRY_PATH);
}

static int __attribute__((format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(PROGRAM_NAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry '" PROGRAM_NAME " --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

/* Returns -1 to go on, or the exit status. */
static int parse_options(int argc, char **argv, struct options *opts)
{
	static const struct option longopts[] = {
		{ "registry", required_argument, NULL, 'r' },
		{ "services", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	int c;

	*opts = (struct options){ .registry = REGISTRY_PATH };
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:s:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': opts->registry = optarg; break;
		case 's': opts->services = optarg; break;
		case 'v': opts->verbose = true; break;
		case 'h': usage(stdout); return EXIT_SUCCESS;
		case 'V': printf(PROGRAM_NAME " " PROJECT_VERSION "\n"); return EXIT_SUCCESS;
		case ':': return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (!opts->services)
		return usage_error("no output requested: give --services FILE");
	return -1;
}

static const char *record_description(struct registry_load *load, const struct registry_record *rec)
{
	char *text;
	const char *kept;

	if (!rec->description || !*rec->description)
		return NULL;
	text = strdup(rec->description);
	if (!text)
		return NULL;
	clean_description(text);
	kept = *text ? table_keep_description(load->table, text) : NULL;
	free(text);
	return kept;
}

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
	description = record_description(load, rec);
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

static void report_lines(const struct service_table *t)
{
	unsigned long per_rank[5] = { 0 };

	for (size_t i = 0; i < t->nlines; i++)
		per_rank[protocol_rank(line_proto(t, &t->lines[i]))]++;
	log_info("  %zu entries: tcp %lu, udp %lu, sctp %lu, dccp %lu, other %lu", t->nlines, per_rank[0],
		 per_rank[1], per_rank[2], per_rank[3], per_rank[4]);
}

static int load_registry(const struct options *opts, struct service_table *t)
{
	struct registry_load load = { .path = opts->registry, .table = t };
	struct registry_info info;

	if (registry_read(opts->registry, &info, on_record, &load) < 0)
		return -1;
	memcpy(t->updated, info.updated, sizeof(info.updated));
	if (opts->verbose)
		report_registry(&load, &info);
	return 0;
}

static int write_services(const struct options *opts, const struct service_table *t)
{
	struct output out;

	if (output_begin(&out, opts->services) < 0)
		return -1;
	if (services_write(out.f, t) < 0) {
		output_fail(&out);
		return -1;
	}
	return output_commit(&out);
}

int main(int argc, char **argv)
{
	struct options opts;
	struct service_table table = { 0 };
	int status = parse_options(argc, argv, &opts);

	if (status >= 0)
		return status;
	status = EXIT_BAD_INPUT;
	if (load_registry(&opts, &table) < 0)
		goto out;
	table_build(&table);
	if (services_check(&table) < 0 || write_services(&opts, &table) < 0)
		goto out;
	if (opts.verbose)
		report_lines(&table);
	status = EXIT_SUCCESS;
out:
	table_free(&table);
	xmlCleanupParser();
	return status;
}
