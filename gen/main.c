/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* main.c: iana-services-gen, the IANA registry to a canonical services(5) file and an index. */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "index-file.h"
#include "log.h"
#include "output.h"
#include "record.h"
#include "registry.h"
#include "services-file.h"
#include "table.h"

#define EXIT_BAD_INPUT 1
#define EXIT_USAGE 2

enum output_kind { OUTPUT_SERVICES, OUTPUT_INDEX, OUTPUT_KINDS };

struct options {
	const char *registry;
	const char *outputs[OUTPUT_KINDS];
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
		"Usage: " PROGRAM_NAME " [OPTION]... [--services FILE] [--index FILE]\n"
		"Turn the IANA Service Name and Transport Protocol Port Number Registry into a\n"
		"canonical services(5) file and an index for the nss-iana module, both from\n"
		"one list of entries.\n\n"
		"  -r, --registry FILE   the registry XML (default: %s)\n"
		"  -s, --services FILE   write the services file there ('-' for standard output)\n"
		"  -i, --index FILE      write the index there\n"
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

static int check_outputs(const struct options *opts)
{
	const char *services = opts->outputs[OUTPUT_SERVICES], *index = opts->outputs[OUTPUT_INDEX];

	if (!services && !index)
		return usage_error("no output requested: give --services FILE or --index FILE");
	if (index && strcmp(index, "-") == 0)
		return usage_error("the index is binary: give --index a file, not standard output");
	if (services && index && strcmp(services, index) == 0)
		return usage_error("--services and --index name the same file '%s'", index);
	return -1;
}

/* Returns -1 to go on, or the exit status. */
static int parse_options(int argc, char **argv, struct options *opts)
{
	static const struct option longopts[] = {
		{ "registry", required_argument, NULL, 'r' },
		{ "services", required_argument, NULL, 's' },
		{ "index", required_argument, NULL, 'i' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	int c;

	*opts = (struct options){ .registry = REGISTRY_PATH };
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:s:i:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': opts->registry = optarg; break;
		case 's': opts->outputs[OUTPUT_SERVICES] = optarg; break;
		case 'i': opts->outputs[OUTPUT_INDEX] = optarg; break;
		case 'v': opts->verbose = true; break;
		case 'h': usage(stdout); return EXIT_SUCCESS;
		case 'V': printf(PROGRAM_NAME " " PROJECT_VERSION "\n"); return EXIT_SUCCESS;
		case ':': return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return check_outputs(opts);
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

static int write_content(enum output_kind kind, FILE *f, const struct service_table *t,
			 const struct index_blob *blob)
{
	return kind == OUTPUT_SERVICES ? services_write(f, t) : index_write(f, blob);
}

static void abort_outputs(struct output *out, const struct options *opts)
{
	for (int k = 0; k < OUTPUT_KINDS; k++)
		if (opts->outputs[k])
			output_abort(&out[k]);
}

/* Both outputs are written and synced before either is renamed into place. */
static int write_outputs(const struct options *opts, const struct service_table *t, const struct index_blob *blob)
{
	struct output out[OUTPUT_KINDS] = { 0 };

	for (int k = 0; k < OUTPUT_KINDS; k++) {
		if (!opts->outputs[k])
			continue;
		if (output_begin(&out[k], opts->outputs[k]) < 0)
			goto fail;
		if (write_content((enum output_kind)k, out[k].f, t, blob) < 0) {
			output_fail(&out[k]);
			goto fail;
		}
	}
	for (int k = 0; k < OUTPUT_KINDS; k++)
		if (opts->outputs[k] && output_finish(&out[k]) < 0)
			goto fail;
	for (int k = 0; k < OUTPUT_KINDS; k++)
		if (opts->outputs[k] && output_rename(&out[k]) < 0)
			goto fail;
	return 0;
fail:
	abort_outputs(out, opts);
	return -1;
}

int main(int argc, char **argv)
{
	struct options opts;
	struct service_table table = { 0 };
	struct index_blob blob = { 0 };
	int status = parse_options(argc, argv, &opts);

	if (status >= 0)
		return status;
	status = EXIT_BAD_INPUT;
	if (load_registry(&opts, &table) < 0)
		goto out;
	table_build(&table);
	if (services_check(&table) < 0)
		goto out;
	if (opts.outputs[OUTPUT_INDEX] && index_build(&table, &blob) < 0)
		goto out;
	if (write_outputs(&opts, &table, &blob) < 0)
		goto out;
	if (opts.verbose)
		report_lines(&table);
	status = EXIT_SUCCESS;
out:
	index_blob_free(&blob);
	table_free(&table);
	xmlCleanupParser();
	return status;
}
