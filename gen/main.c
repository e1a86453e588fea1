/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* main.c: iana-services-gen, the IANA registries to canonical services(5) and protocols(5) files and an index. */
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
#include "index-format.h"
#include "log.h"
#include "output.h"
#include "overlay.h"
#include "protocols-file.h"
#include "services-file.h"
#include "sources.h"
#include "table.h"
#include "xalloc.h"

#define EXIT_BAD_INPUT 1
#define EXIT_USAGE 2
#define DEFAULT_OVERLAY_LABEL "netbase-compat (built in)"

/* data/netbase-compat.services and data/netbase-compat.protocols, compiled in by embed.py. */
extern const char netbase_compat_overlay[], netbase_compat_protocols_overlay[];

enum output_kind { OUTPUT_SERVICES, OUTPUT_PROTOCOLS, OUTPUT_INDEX, OUTPUT_KINDS };

/* Options with no short form. */
enum { OPTION_CHECK_INDEX = 256, OPTION_DUMP, OPTION_DUMP_PROTOCOLS, OPTION_PROTOCOL_DIFF };

/* A registry and the overlays given for it, in the order given: a later one wins. */
struct source_files {
	const char *registry;
	const char **overlays;
	size_t noverlays;
};

struct options {
	struct source_files services, protocols;
	const char *diff, *protocol_diff;
	const char *outputs[OUTPUT_KINDS];
	bool default_overlay, verbose;
	const char *checked_index; /* --check-index or --dump: read an index, generate nothing */
	enum index_printout printout; /* of checked_index */
	bool sources_given;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROGRAM_NAME " [OPTION]... [--services FILE] [--protocols FILE] [--index FILE]\n"
		"  or:  " PROGRAM_NAME " [OPTION]... [--diff FILE] [--protocol-diff FILE]\n"
		"  or:  " PROGRAM_NAME " --check-index FILE | --dump FILE | --dump-protocols FILE\n"
		"Turn the IANA Service Name and Transport Protocol Port Number Registry and the\n"
		"Assigned Internet Protocol Numbers into canonical services(5) and protocols(5)\n"
		"files and an index for the nss-iana module, each from one list of entries, with\n"
		"the traditional names of Debian's netbase merged over them.\n\n"
		"  -r, --registry FILE       the services registry XML (default: %s)\n"
		"  -P, --protocol-registry FILE\n"
		"                            the protocol numbers registry XML (default: %s);\n"
		"                            read only for --protocols, --index or --protocol-diff\n"
		"  -s, --services FILE       write the services file there ('-' for standard output)\n"
		"  -p, --protocols FILE      write the protocols file there ('-' for standard output)\n"
		"  -i, --index FILE          write the index there\n"
		"  -o, --overlay FILE        merge this services(5) file over the registry; may be\n"
		"                            repeated, a later one wins\n"
		"  -O, --protocol-overlay FILE\n"
		"                            merge this protocols(5) file over the protocol registry;\n"
		"                            may be repeated, a later one wins\n"
		"  -n, --no-default-overlay  leave out both built-in netbase-compat overlays\n"
		"  -d, --diff FILE           report what replacing FILE with the generated services\n"
		"                            file would change; exit 1 if a name would stop resolving\n"
		"      --protocol-diff FILE  report what replacing FILE with the generated protocols\n"
		"                            file would change; exit 1 if a name would stop resolving\n"
		"      --check-index FILE    check the index FILE (a link and the data it names, or a\n"
		"                            whole index) in every byte, and say what it holds\n"
		"      --dump FILE           check the index FILE the same way, then print its\n"
		"                            services as services(5) lines, in its order\n"
		"      --dump-protocols FILE the same, its protocols as protocols(5) lines\n"
		"  -v, --verbose             say what was kept and dropped, with counts\n"
		"  -h, --help                show this help and exit\n"
		"  -V, --version             show the version and exit\n\n"
		"Outputs are written to a temporary file and renamed into place, so an existing\n"
		"file is replaced whole or left untouched.\n"
		"Exit status: 0 on success, 1 on bad input, a failed write, a damaged index or\n"
		"(with --diff or --protocol-diff) a lost name, 2 on a usage error.\n",
		REGISTRY_PATH, PROTOCOL_REGISTRY_PATH);
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

static bool any_output(const struct options *opts)
{
	for (int k = 0; k < OUTPUT_KINDS; k++)
		if (opts->outputs[k])
			return true;
	return false;
}

static const char *printout_option(enum index_printout printout)
{
	static const char *const names[] = { [PRINT_REPORT] = "--check-index", [PRINT_SERVICES] = "--dump",
					      [PRINT_PROTOCOLS] = "--dump-protocols" };

	return names[printout];
}

/* --check-index, --dump and --dump-protocols read one index and generate nothing. */
static int check_reading(const struct options *opts)
{
	if (any_output(opts) || opts->diff || opts->protocol_diff || opts->sources_given)
		return usage_error("%s reads an index: give it without --services, --protocols, --index, --diff, "
				   "--protocol-diff, --registry, --protocol-registry, --overlay, --protocol-overlay "
				   "and --no-default-overlay", printout_option(opts->printout));
	return -1;
}

static int check_same_files(const struct options *opts)
{
	static const char *const option_names[OUTPUT_KINDS] = { "--services", "--protocols", "--index" };

	for (int a = 0; a < OUTPUT_KINDS; a++)
		for (int b = a + 1; b < OUTPUT_KINDS; b++)
			if (opts->outputs[a] && opts->outputs[b] && strcmp(opts->outputs[a], opts->outputs[b]) == 0)
				return usage_error("%s and %s name the same file '%s'", option_names[a], option_names[b],
						   opts->outputs[a]);
	return -1;
}

static int check_outputs(const struct options *opts)
{
	const char *index = opts->outputs[OUTPUT_INDEX];

	if (opts->checked_index)
		return check_reading(opts);
	if ((opts->diff || opts->protocol_diff) && any_output(opts))
		return usage_error("%s only reports: give it without --services, --protocols and --index",
				   opts->diff ? "--diff" : "--protocol-diff");
	if (!any_output(opts) && !opts->diff && !opts->protocol_diff)
		return usage_error("no output requested: give --services FILE, --protocols FILE, --index FILE, "
				   "--diff FILE or --protocol-diff FILE");
	if (index && strcmp(index, "-") == 0)
		return usage_error("the index is binary: give --index a file, not standard output");
	return check_same_files(opts);
}

/* Returns -1 to go on, or the exit status. */
static int parse_options(int argc, char **argv, struct options *opts)
{
	static const struct option longopts[] = {
		{ "registry", required_argument, NULL, 'r' },
		{ "protocol-registry", required_argument, NULL, 'P' },
		{ "services", required_argument, NULL, 's' },
		{ "protocols", required_argument, NULL, 'p' },
		{ "index", required_argument, NULL, 'i' },
		{ "overlay", required_argument, NULL, 'o' },
		{ "protocol-overlay", required_argument, NULL, 'O' },
		{ "no-default-overlay", no_argument, NULL, 'n' },
		{ "diff", required_argument, NULL, 'd' },
		{ "protocol-diff", required_argument, NULL, OPTION_PROTOCOL_DIFF },
		{ "check-index", required_argument, NULL, OPTION_CHECK_INDEX },
		{ "dump", required_argument, NULL, OPTION_DUMP },
		{ "dump-protocols", required_argument, NULL, OPTION_DUMP_PROTOCOLS },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	int c;

	opts->services.registry = REGISTRY_PATH;
	opts->protocols.registry = PROTOCOL_REGISTRY_PATH;
	opts->default_overlay = true;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:P:s:p:i:o:O:nd:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': opts->services.registry = optarg; opts->sources_given = true; break;
		case 'P': opts->protocols.registry = optarg; opts->sources_given = true; break;
		case 's': opts->outputs[OUTPUT_SERVICES] = optarg; break;
		case 'p': opts->outputs[OUTPUT_PROTOCOLS] = optarg; break;
		case 'i': opts->outputs[OUTPUT_INDEX] = optarg; break;
		case 'o': opts->services.overlays[opts->services.noverlays++] = optarg; opts->sources_given = true; break;
		case 'O': opts->protocols.overlays[opts->protocols.noverlays++] = optarg; opts->sources_given = true; break;
		case 'n': opts->default_overlay = false; opts->sources_given = true; break;
		case 'd': opts->diff = optarg; break;
		case OPTION_PROTOCOL_DIFF: opts->protocol_diff = optarg; break;
		case 'v': opts->verbose = true; break;
		case 'h': usage(stdout); return EXIT_SUCCESS;
		case 'V': printf(PROGRAM_NAME " " PROJECT_VERSION "\n"); return EXIT_SUCCESS;
		case OPTION_CHECK_INDEX:
		case OPTION_DUMP:
		case OPTION_DUMP_PROTOCOLS:
			if (opts->checked_index)
				return usage_error("give --check-index, --dump or --dump-protocols once, for one index");
			opts->checked_index = optarg;
			opts->printout = c == OPTION_DUMP ? PRINT_SERVICES : c == OPTION_DUMP_PROTOCOLS ? PRINT_PROTOCOLS
												: PRINT_REPORT;
			break;
		case ':': return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return check_outputs(opts);
}

/* One database's loaders, its built-in overlay, and where its table lists the overlays applied. */
struct database {
	void *table;
	int (*load_registry)(void *table, const char *path, bool verbose);
	int (*load_overlay)(void *table, FILE *f, const char *label, unsigned source, bool verbose);
	const char *builtin_overlay;
	const char **applied;
	size_t *napplied;
};

static int load_services_registry(void *t, const char *path, bool verbose)
{
	return load_registry(t, path, verbose);
}

static int load_services_overlay(void *t, FILE *f, const char *label, unsigned source, bool verbose)
{
	return load_overlay(t, f, label, source, verbose);
}

static int load_protocols_registry(void *t, const char *path, bool verbose)
{
	return load_protocol_registry(t, path, verbose);
}

static int load_protocols_overlay(void *t, FILE *f, const char *label, unsigned source, bool verbose)
{
	return load_protocol_overlay(t, f, label, source, verbose);
}

/* An overlay file, or the built-in one's text where path is NULL. */
static int load_one_overlay(const struct database *db, const char *path, unsigned source, bool verbose)
{
	const char *text = db->builtin_overlay;
	FILE *f = path ? overlay_open(path) : fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!f) {
		if (!path)
			log_error(NULL, "cannot read the built-in overlay: %s", strerror(errno));
		return -1;
	}
	ret = db->load_overlay(db->table, f, path ? path : DEFAULT_OVERLAY_LABEL, source, verbose);
	fclose(f);
	if (ret == 0)
		db->applied[(*db->napplied)++] = path ? path : DEFAULT_OVERLAY_LABEL;
	return ret;
}

/* The registry, then the overlays in order: the built-in one first, so any other wins over it. */
static int load_sources(const struct options *opts, const struct source_files *files, const struct database *db)
{
	unsigned source = 1;

	if (db->load_registry(db->table, files->registry, opts->verbose) < 0)
		return -1;
	if (opts->default_overlay && load_one_overlay(db, NULL, source++, opts->verbose) < 0)
		return -1;
	for (size_t i = 0; i < files->noverlays; i++)
		if (load_one_overlay(db, files->overlays[i], source++, opts->verbose) < 0)
			return -1;
	return 0;
}

/* The files one run writes, in the order they are renamed into place: the index's data first, which
 * nothing names yet, its link last, so that a reader finds the new data through it. */
enum output_file { FILE_INDEX_DATA, FILE_SERVICES, FILE_PROTOCOLS, FILE_INDEX_LINK, OUTPUT_FILES };

/* What one run generates from. */
struct tables {
	struct service_table services;
	struct protocol_table protocols;
	struct index_blob blob;
};

struct planned_output {
	struct output out;
	char *data_path;
};

static int write_content(enum output_file k, struct planned_output *p, const struct tables *t)
{
	switch (k) {
	case FILE_SERVICES: return services_write(p[k].out.f, &t->services);
	case FILE_PROTOCOLS: return protocols_write(p[k].out.f, &t->protocols);
	case FILE_INDEX_DATA: return index_write(p[k].out.f, &t->blob);
	default: return index_link_write(p[k].out.f, p[FILE_INDEX_DATA].data_path, &t->blob);
	}
}

static const char *output_path(enum output_file k, const struct options *opts, struct planned_output *p,
			       const struct index_blob *blob)
{
	const char *index = opts->outputs[OUTPUT_INDEX];

	if (k == FILE_SERVICES)
		return opts->outputs[OUTPUT_SERVICES];
	if (k == FILE_PROTOCOLS)
		return opts->outputs[OUTPUT_PROTOCOLS];
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
static int write_outputs(const struct options *opts, const struct tables *t)
{
	struct planned_output p[OUTPUT_FILES] = { 0 };
	int lock = -1, k;

	for (k = 0; k < OUTPUT_FILES; k++) {
		const char *path = output_path((enum output_file)k, opts, p, &t->blob);

		if (!path)
			continue;
		if (output_begin(&p[k].out, path) < 0)
			goto fail;
		if (write_content((enum output_file)k, p, t) < 0) {
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
	unsigned long per_rank[INDEX_TRANSPORT_COUNT + 1] = { 0 };
	char counts[128];
	size_t len = 0;

	for (size_t i = 0; i < t->nlines; i++)
		per_rank[index_transport_rank(line_proto(t, &t->lines[i]))]++;
	for (int r = 0; r <= INDEX_TRANSPORT_COUNT; r++)
		len += (size_t)snprintf(counts + len, sizeof(counts) - len, "%s%s %lu", r ? ", " : "",
					r < INDEX_TRANSPORT_COUNT ? index_transports[r] : "other", per_rank[r]);
	log_info("  %zu entries: %s", t->nlines, counts);
	log_info("  %zu names gave way to an overlay's, %zu left off later lines of their protocol, %zu lines left "
		 "without a name, %zu lower-case aliases added",
		 t->shadowed_names, t->repeated_names, t->unnamed_lines, t->lowercase_aliases);
}

static void report_protocol_lines(const struct protocol_table *t)
{
	log_info("  %zu protocols lines; %zu registry lines joined an overlay's line of their number, %zu names "
		 "left off lines after the first that has them, %zu lines left without a name",
		 t->nlines, t->joined_lines, t->dropped_names, t->unnamed_lines);
}

static int load_services(const struct options *opts, struct service_table *t)
{
	const struct database db = { t, load_services_registry, load_services_overlay, netbase_compat_overlay,
				     t->overlays, &t->noverlays };

	if (load_sources(opts, &opts->services, &db) < 0)
		return -1;
	table_build(t);
	if (opts->verbose)
		report_lines(t);
	return services_check(t);
}

static int load_protocols(const struct options *opts, struct protocol_table *t)
{
	const struct database db = { t, load_protocols_registry, load_protocols_overlay,
				     netbase_compat_protocols_overlay, t->overlays, &t->noverlays };

	if (load_sources(opts, &opts->protocols, &db) < 0)
		return -1;
	protocol_table_build(t);
	if (opts->verbose)
		report_protocol_lines(t);
	return protocols_check(t);
}

/* The exit status of the reports asked for: 1 if a name would stop resolving or a file cannot be read. */
static int report_diffs(const struct options *opts, const struct tables *t)
{
	long lost = 0, protocols_lost = 0;

	if (opts->diff)
		lost = diff_services(&t->services, opts->diff, stdout);
	if (opts->protocol_diff && lost >= 0)
		protocols_lost = diff_protocols(&t->protocols, opts->protocol_diff, stdout);
	return lost == 0 && protocols_lost == 0 ? EXIT_SUCCESS : EXIT_BAD_INPUT;
}

static int run(const struct options *opts, struct tables *t)
{
	const char *index = opts->outputs[OUTPUT_INDEX];

	if ((opts->outputs[OUTPUT_SERVICES] || index || opts->diff) && load_services(opts, &t->services) < 0)
		return EXIT_BAD_INPUT;
	if ((opts->outputs[OUTPUT_PROTOCOLS] || index || opts->protocol_diff) && load_protocols(opts, &t->protocols) < 0)
		return EXIT_BAD_INPUT;
	if (opts->diff || opts->protocol_diff)
		return report_diffs(opts, t);
	if (index && index_build(&t->services, &t->protocols, &t->blob) < 0)
		return EXIT_BAD_INPUT;
	return write_outputs(opts, t) < 0 ? EXIT_BAD_INPUT : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	/* Every argument could be an overlay; the tables list them after the built-in one. */
	const char **given = xreallocarray(NULL, 2 * ((size_t)argc + 1), sizeof(char *));
	const char **applied = xreallocarray(NULL, 2 * ((size_t)argc + 2), sizeof(char *));
	struct options opts = { .services.overlays = given, .protocols.overlays = given + argc + 1 };
	struct tables *t = xmalloc(sizeof(*t));
	int status;

	*t = (struct tables){ .services.overlays = applied, .protocols.overlays = applied + argc + 2 };
	status = parse_options(argc, argv, &opts);
	if (status < 0)
		status = opts.checked_index ? check_index(opts.checked_index, opts.printout) : run(&opts, t);
	index_blob_free(&t->blob);
	table_free(&t->services);
	protocol_table_free(&t->protocols);
	free(t);
	free(applied);
	free(given);
	xmlCleanupParser();
	return status;
}
