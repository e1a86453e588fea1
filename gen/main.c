/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* main.c: iana-services-gen, the IANA registry to a canonical services(5) file and an index. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "check-index.h"
#include "diff.h"
#include "index-file.h"
#include "log.h"
#include "output.h"
#include "overlay.h"
#include "services-file.h"
#include "sources.h"
#include "table.h"
#include "xalloc.h"

#define EXIT_BAD_INPUT 1
#define EXIT_USAGE 2
#define DEFAULT_OVERLAY_LABEL "netbase-compat (built in)"

/* data/netbase-compat.services, compiled in by embed.py. */
extern const char netbase_compat_overlay[];

enum output_kind { OUTPUT_SERVICES, OUTPUT_INDEX, OUTPUT_KINDS };

/* Options with no short form. */
enum { OPTION_CHECK_INDEX = 256, OPTION_DUMP };

struct options {
	const char *registry, *diff;
	const char *outputs[OUTPUT_KINDS];
	const char **overlays; /* in the order given: a later one wins */
	size_t noverlays;
	bool default_overlay, verbose;
	const char *checked_index; /* --check-index or --dump: read an index, generate nothing */
	bool dump, sources_given;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROGRAM_NAME " [OPTION]... [--services FILE] [--index FILE]\n"
		"  or:  " PROGRAM_NAME " [OPTION]... --diff FILE\n"
		"  or:  " PROGRAM_NAME " --check-index FILE | --dump FILE\n"
		"Turn the IANA Service Name and Transport Protocol Port Number Registry into a\n"
		"canonical services(5) file and an index for the nss-iana module, both from\n"
		"one list of entries, with the traditional names of Debian's netbase merged over it.\n\n"
		"  -r, --registry FILE       the registry XML (default: %s)\n"
		"  -s, --services FILE       write the services file there ('-' for standard output)\n"
		"  -i, --index FILE          write the index there\n"
		"  -o, --overlay FILE        merge this services(5) file over the registry; may be\n"
		"                            repeated, a later one wins\n"
		"  -n, --no-default-overlay  leave out the built-in netbase-compat overlay\n"
		"  -d, --diff FILE           report what replacing FILE with the generated services\n"
		"                            file would change; exit 1 if a name would stop resolving\n"
		"      --check-index FILE    check the index FILE (a link and the data it names, or a\n"
		"                            whole index) in every byte, and say what it holds\n"
		"      --dump FILE           check the index FILE the same way, then print its\n"
		"                            entries as services(5) lines, in its order\n"
		"  -v, --verbose             say what was kept and dropped, with counts\n"
		"  -h, --help                show this help and exit\n"
		"  -V, --version             show the version and exit\n\n"
		"Outputs are written to a temporary file and renamed into place, so an existing\n"
		"file is replaced whole or left untouched.\n"
		"Exit status: 0 on success, 1 on bad input, a failed write, a damaged index or\n"
		"(with --diff) a lost name, 2 on a usage error.\n",
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

/* --check-index and --dump read one index and generate nothing. */
static int check_reading(const struct options *opts)
{
	if (opts->outputs[OUTPUT_SERVICES] || opts->outputs[OUTPUT_INDEX] || opts->diff || opts->sources_given)
		return usage_error("%s reads an index: give it without --services, --index, --diff, --registry "
				   "and --overlay", opts->dump ? "--dump" : "--check-index");
	return -1;
}

static int check_outputs(const struct options *opts)
{
	const char *services = opts->outputs[OUTPUT_SERVICES], *index = opts->outputs[OUTPUT_INDEX];

	if (opts->checked_index)
		return check_reading(opts);
	if (opts->diff && (services || index))
		return usage_error("--diff only reports: give it without --services and --index");
	if (!services && !index && !opts->diff)
		return usage_error("no output requested: give --services FILE, --index FILE or --diff FILE");
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
		{ "overlay", required_argument, NULL, 'o' },
		{ "no-default-overlay", no_argument, NULL, 'n' },
		{ "diff", required_argument, NULL, 'd' },
		{ "check-index", required_argument, NULL, OPTION_CHECK_INDEX },
		{ "dump", required_argument, NULL, OPTION_DUMP },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	int c;

	opts->registry = REGISTRY_PATH;
	opts->default_overlay = true;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:s:i:o:nd:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': opts->registry = optarg; opts->sources_given = true; break;
		case 's': opts->outputs[OUTPUT_SERVICES] = optarg; break;
		case 'i': opts->outputs[OUTPUT_INDEX] = optarg; break;
		case 'o': opts->overlays[opts->noverlays++] = optarg; opts->sources_given = true; break;
		case 'n': opts->default_overlay = false; opts->sources_given = true; break;
		case 'd': opts->diff = optarg; break;
		case 'v': opts->verbose = true; break;
		case 'h': usage(stdout); return EXIT_SUCCESS;
		case 'V': printf(PROGRAM_NAME " " PROJECT_VERSION "\n"); return EXIT_SUCCESS;
		case OPTION_CHECK_INDEX:
		case OPTION_DUMP:
			if (opts->checked_index)
				return usage_error("give --check-index or --dump once, for one index");
			opts->checked_index = optarg;
			opts->dump = c == OPTION_DUMP;
			break;
		case ':': return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return check_outputs(opts);
}

static int load_overlay_file(struct service_table *t, const char *path, unsigned source, bool verbose)
{
	FILE *f = services_open(path);
	int ret;

	if (!f)
		return -1;
	ret = load_overlay(t, f, path, source, verbose);
	fclose(f);
	return ret;
}

static int load_default_overlay(struct service_table *t, bool verbose)
{
	FILE *f = fmemopen((void *)netbase_compat_overlay, strlen(netbase_compat_overlay), "r");
	int ret;

	if (!f) {
		log_error(NULL, "cannot read the built-in overlay: %s", strerror(errno));
		return -1;
	}
	ret = load_overlay(t, f, DEFAULT_OVERLAY_LABEL, 1, verbose);
	fclose(f);
	return ret;
}

/* The registry, then the overlays in order: the built-in one first, so any other wins over it. */
static int load_sources(const struct options *opts, struct service_table *t)
{
	unsigned source = 1;

	if (load_registry(t, opts->registry, opts->verbose) < 0)
		return -1;
	if (opts->default_overlay) {
		if (load_default_overlay(t, opts->verbose) < 0)
			return -1;
		t->overlays[t->noverlays++] = DEFAULT_OVERLAY_LABEL;
		source++;
	}
	for (size_t i = 0; i < opts->noverlays; i++, source++) {
		if (load_overlay_file(t, opts->overlays[i], source, opts->verbose) < 0)
			return -1;
		t->overlays[t->noverlays++] = opts->overlays[i];
	}
	return 0;
}

/* The files one run writes, in the order they are renamed into place: the index's data first, which
 * nothing names yet, its link last, so that a reader finds the new data through it. */
enum output_file { FILE_INDEX_DATA, FILE_SERVICES, FILE_INDEX_LINK, OUTPUT_FILES };

struct planned_output {
	struct output out;
	char *data_path;
};

static int write_content(enum output_file k, struct planned_output *p, const struct service_table *t,
			 const struct index_blob *blob)
{
	switch (k) {
	case FILE_SERVICES: return services_write(p[k].out.f, t);
	case FILE_INDEX_DATA: return index_write(p[k].out.f, blob);
	default: return index_link_write(p[k].out.f, p[FILE_INDEX_DATA].data_path, blob);
	}
}

static const char *output_path(enum output_file k, const struct options *opts, struct planned_output *p,
			       const struct index_blob *blob)
{
	const char *index = opts->outputs[OUTPUT_INDEX];

	if (k == FILE_SERVICES)
		return opts->outputs[OUTPUT_SERVICES];
	if (!index || k == FILE_INDEX_LINK)
		return index;
	p[k].data_path = index_data_path(index, blob);
	return p[k].data_path;
}

static void abort_outputs(struct planned_output *p)
{
	for (int k = 0; k < OUTPUT_FILES; k++) {
		if (p[k].out.path)
			output_abort(&p[k].out);
		free(p[k].data_path);
	}
}

/* Every output is written and synced before any is renamed into place. */
static int write_outputs(const struct options *opts, const struct service_table *t, const struct index_blob *blob)
{
	struct planned_output p[OUTPUT_FILES] = { 0 };
	int lock = -1, k;

	for (k = 0; k < OUTPUT_FILES; k++) {
		const char *path = output_path((enum output_file)k, opts, p, blob);

		if (!path)
			continue;
		if (output_begin(&p[k].out, path) < 0)
			goto fail;
		if (write_content((enum output_file)k, p, t, blob) < 0) {
			output_fail(&p[k].out);
			goto fail;
		}
	}
	for (k = 0; k < OUTPUT_FILES; k++)
		if (p[k].out.path && (output_finish(&p[k].out) < 0 ||
				      (k == FILE_INDEX_DATA && check_written_index(p[k].out.tmp_path, p[k].out.path) < 0)))
			goto fail;
	if (opts->outputs[OUTPUT_INDEX])
		lock = index_lock_directory(opts->outputs[OUTPUT_INDEX]);
	for (k = 0; k < OUTPUT_FILES; k++)
		if (p[k].out.path && output_rename(&p[k].out) < 0)
			break;
	/* Whatever the link names now stays; data it does not, this run's after a failure, goes. */
	if (opts->outputs[OUTPUT_INDEX])
		index_remove_stale_data(opts->outputs[OUTPUT_INDEX]);
	index_unlock_directory(lock);
fail:
	abort_outputs(p);
	return k == OUTPUT_FILES ? 0 : -1;
}

static void report_lines(const struct service_table *t)
{
	unsigned long per_rank[5] = { 0 };

	for (size_t i = 0; i < t->nlines; i++)
		per_rank[protocol_rank(line_proto(t, &t->lines[i]))]++;
	log_info("  %zu entries: tcp %lu, udp %lu, sctp %lu, dccp %lu, other %lu", t->nlines, per_rank[0],
		 per_rank[1], per_rank[2], per_rank[3], per_rank[4]);
	log_info("  %zu names gave way to an overlay's, %zu left off later lines of their protocol, %zu lines left "
		 "without a name, %zu lower-case aliases added",
		 t->shadowed_names, t->repeated_names, t->unnamed_lines, t->lowercase_aliases);
}

static int run(const struct options *opts, struct service_table *t, struct index_blob *blob)
{
	long lost;

	if (load_sources(opts, t) < 0)
		return EXIT_BAD_INPUT;
	table_build(t);
	if (opts->verbose)
		report_lines(t);
	if (services_check(t) < 0)
		return EXIT_BAD_INPUT;
	if (opts->diff) {
		lost = diff_services(t, opts->diff, stdout);
		return lost == 0 ? EXIT_SUCCESS : EXIT_BAD_INPUT;
	}
	if (opts->outputs[OUTPUT_INDEX] && index_build(t, &(struct protocol_table){ .updated = "2026-03-09" }, blob) < 0)
		return EXIT_BAD_INPUT;
	return write_outputs(opts, t, blob) < 0 ? EXIT_BAD_INPUT : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	/* Every argument could be an overlay; the table lists them after the built-in one. */
	struct options opts = { .overlays = xreallocarray(NULL, (size_t)argc + 1, sizeof(char *)) };
	struct service_table table = { .overlays = xreallocarray(NULL, (size_t)argc + 2, sizeof(char *)) };
	struct index_blob blob = { 0 };
	const char **table_overlays = table.overlays;
	int status = parse_options(argc, argv, &opts);

	if (status < 0)
		status = opts.checked_index ? check_index(opts.checked_index, opts.dump) : run(&opts, &table, &blob);
	index_blob_free(&blob);
	table_free(&table);
	free(table_overlays);
	free(opts.overlays);
	xmlCleanupParser();
	return status;
}
