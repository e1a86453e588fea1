/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* main.c: iana-services-gen, the IANA registries to canonical services(5) and protocols(5) files and an index. */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "canonical-file.h"
#include "check-index.h"
#include "diff.h"
#include "explain.h"
#include "index-file.h"
#include "log.h"
#include "output.h"
#include "sources.h"
#include "xalloc.h"

#define EXIT_BAD_INPUT 1
#define EXIT_USAGE 2
#define DEFAULT_OVERLAY_LABEL "netbase-compat (built in)"

/* data/netbase-compat.services and data/netbase-compat.protocols, compiled in by embed.py. */
extern const char netbase_compat_overlay[], netbase_compat_protocols_overlay[];

/* The databases, each a description that the one pipeline reads, merges and writes. */
enum database_id { DB_SERVICES, DB_PROTOCOLS, DATABASES };

struct database {
	const struct merge_kind *merge;
	const struct file_layout *file;
	const struct diff_kind *diff;
	const struct index_database *index;
	const char *builtin_overlay;
};

static const struct database databases[DATABASES] = {
	[DB_SERVICES] = { &services_merge, &services_file, &services_diff, &index_services, netbase_compat_overlay },
	[DB_PROTOCOLS] = { &protocols_merge, &protocols_file, &protocols_diff, &index_protocols,
			   netbase_compat_protocols_overlay },
};

/* Each database's canonical file, then the index. */
enum output_kind { OUTPUT_SERVICES = DB_SERVICES, OUTPUT_PROTOCOLS = DB_PROTOCOLS, OUTPUT_INDEX, OUTPUT_KINDS };

/* Options with no short form. */
enum { OPTION_CHECK_INDEX = 256, OPTION_DUMP, OPTION_DUMP_PROTOCOLS, OPTION_PROTOCOL_DIFF, OPTION_EXPLAIN,
       OPTION_SINCE, OPTION_JSON };

/* A registry and the overlays given for it, in the order given: a later one wins. */
struct source_files {
	const char *registry;
	const char **overlays;
	size_t noverlays;
};

struct options {
	struct source_files sources[DATABASES];
	const char *diff[DATABASES];
	const char *outputs[OUTPUT_KINDS];
	bool default_overlay, verbose;
	const char *checked_index; /* --check-index or --dump: read an index, generate nothing */
	enum index_printout printout; /* of checked_index */
	bool sources_given;
	const char *explained, *since; /* --explain QUESTION, --since DATE: read the services registry, answer */
	bool json;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROGRAM_NAME " [OPTION]... [--services FILE] [--protocols FILE] [--index FILE]\n"
		"  or:  " PROGRAM_NAME " [OPTION]... [--diff FILE] [--protocol-diff FILE]\n"
		"  or:  " PROGRAM_NAME " --check-index FILE | --dump FILE | --dump-protocols FILE\n"
		"  or:  " PROGRAM_NAME " [OPTION]... [--json] --explain QUESTION | --since DATE\n"
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
		"      --explain QUESTION    say what a port or a service name is (PORT, PORT/PROTOCOL,\n"
		"                            NAME or NAME/PROTOCOL, any case): the registry's records\n"
		"                            for it and the services file's lines, with their sources\n"
		"      --since DATE          list the records registered or modified after DATE\n"
		"                            (YYYY-MM-DD)\n"
		"      --json                with --explain or --since: one JSON document\n"
		"  -v, --verbose             say what was kept and dropped, with counts\n"
		"  -h, --help                show this help and exit\n"
		"  -V, --version             show the version and exit\n\n"
		"Outputs are written to a temporary file and renamed into place, so an existing\n"
		"file is replaced whole or left untouched.\n"
		"Exit status: 0 on success, 1 on bad input, a failed write, a damaged index or\n"
		"(with --diff or --protocol-diff) a lost name, 2 on a usage error; with --explain\n"
		"or --since: 0 on an answer, 1 when nothing matches, 2 on a bad question or input.\n",
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

static bool any_diff(const struct options *opts)
{
	return opts->diff[DB_SERVICES] || opts->diff[DB_PROTOCOLS];
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
	static const char *const printout_options[] = { [PRINT_REPORT] = "--check-index", [PRINT_SERVICES] = "--dump",
							[PRINT_PROTOCOLS] = "--dump-protocols" };
	const char *index = opts->outputs[OUTPUT_INDEX];

	/* --check-index, --dump and --dump-protocols read one index and generate nothing. */
	if (opts->checked_index && (any_output(opts) || any_diff(opts) || opts->sources_given))
		return usage_error("%s reads an index: give it without --services, --protocols, --index, --diff, "
				   "--protocol-diff, --registry, --protocol-registry, --overlay, --protocol-overlay "
				   "and --no-default-overlay", printout_options[opts->printout]);
	if (opts->checked_index)
		return -1;
	if (opts->json && !opts->explained && !opts->since)
		return usage_error("--json is for --explain and --since");
	if (opts->explained && opts->since)
		return usage_error("give --explain or --since, not both");
	if ((opts->explained || opts->since) && (any_output(opts) || any_diff(opts)))
		return usage_error("%s only answers: give it without --services, --protocols, --index, --diff and "
				   "--protocol-diff", opts->explained ? "--explain" : "--since");
	if (opts->explained || opts->since)
		return -1;
	if (any_diff(opts) && any_output(opts))
		return usage_error("%s only reports: give it without --services, --protocols and --index",
				   opts->diff[DB_SERVICES] ? "--diff" : "--protocol-diff");
	if (!any_output(opts) && !any_diff(opts))
		return usage_error("no output requested: give --services FILE, --protocols FILE, --index FILE, "
				   "--diff FILE or --protocol-diff FILE");
	if (index && strcmp(index, "-") == 0)
		return usage_error("the index is binary: give --index a file, not standard output");
	return check_same_files(opts);
}

static void add_overlay(struct options *opts, enum database_id db, const char *path)
{
	opts->sources[db].overlays[opts->sources[db].noverlays++] = path;
	opts->sources_given = true;
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
		{ "explain", required_argument, NULL, OPTION_EXPLAIN },
		{ "since", required_argument, NULL, OPTION_SINCE },
		{ "json", no_argument, NULL, OPTION_JSON },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	int c;

	opts->sources[DB_SERVICES].registry = REGISTRY_PATH;
	opts->sources[DB_PROTOCOLS].registry = PROTOCOL_REGISTRY_PATH;
	opts->default_overlay = true;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:P:s:p:i:o:O:nd:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': opts->sources[DB_SERVICES].registry = optarg; opts->sources_given = true; break;
		case 'P': opts->sources[DB_PROTOCOLS].registry = optarg; opts->sources_given = true; break;
		case 's': opts->outputs[OUTPUT_SERVICES] = optarg; break;
		case 'p': opts->outputs[OUTPUT_PROTOCOLS] = optarg; break;
		case 'i': opts->outputs[OUTPUT_INDEX] = optarg; break;
		case 'o': add_overlay(opts, DB_SERVICES, optarg); break;
		case 'O': add_overlay(opts, DB_PROTOCOLS, optarg); break;
		case 'n': opts->default_overlay = false; opts->sources_given = true; break;
		case 'd': opts->diff[DB_SERVICES] = optarg; break;
		case OPTION_PROTOCOL_DIFF: opts->diff[DB_PROTOCOLS] = optarg; break;
		case OPTION_EXPLAIN: opts->explained = optarg; break;
		case OPTION_SINCE: opts->since = optarg; break;
		case OPTION_JSON: opts->json = true; break;
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

/* An overlay file, or the built-in one's text where path is NULL. */
static int load_one_overlay(struct table *t, const struct database *db, const char *path, unsigned source,
			    bool verbose)
{
	const char *text = db->builtin_overlay;
	FILE *f = path ? overlay_open(path) : fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!f) {
		if (!path)
			log_error(NULL, "cannot read the built-in overlay: %s", strerror(errno));
		return -1;
	}
	ret = load_overlay(t, f, path ? path : DEFAULT_OVERLAY_LABEL, source, verbose);
	fclose(f);
	if (ret == 0)
		t->overlays[t->noverlays++] = path ? path : DEFAULT_OVERLAY_LABEL;
	return ret;
}

/* The registry, then the overlays in order: the built-in one first, so any other wins over it; then the
 * merge, and the check that every line fits. */
static int load_database(const struct options *opts, enum database_id id, struct table *t)
{
	const struct source_files *files = &opts->sources[id];
	const struct database *db = &databases[id];
	unsigned source = 1;

	t->kind = db->merge;
	if (load_registry(t, files->registry, opts->verbose) < 0)
		return -1;
	if (opts->default_overlay && load_one_overlay(t, db, NULL, source++, opts->verbose) < 0)
		return -1;
	for (size_t i = 0; i < files->noverlays; i++)
		if (load_one_overlay(t, db, files->overlays[i], source++, opts->verbose) < 0)
			return -1;
	table_build(t);
	if (opts->verbose)
		t->kind->report(t);
	return canonical_check(t, db->file);
}

/* The files one run writes, in the order they are renamed into place: the index's data first, which
 * nothing names yet, its link last, so that a reader finds the new data through it. */
enum output_file { FILE_INDEX_DATA, FILE_CANONICAL, FILE_INDEX_LINK = FILE_CANONICAL + DATABASES, OUTPUT_FILES };

/* What one run generates from. */
struct tables {
	struct table db[DATABASES];
	struct index_blob blob;
};

struct planned_output {
	struct output out;
	char *data_path;
};

static int write_content(enum output_file k, struct planned_output *p, const struct tables *t)
{
	int id = k - FILE_CANONICAL;

	if (k == FILE_INDEX_DATA)
		return index_write(p[k].out.f, &t->blob);
	if (k == FILE_INDEX_LINK)
		return index_link_write(p[k].out.f, p[FILE_INDEX_DATA].data_path, &t->blob);
	return canonical_write(p[k].out.f, &t->db[id], databases[id].file);
}

static const char *output_path(enum output_file k, const struct options *opts, struct planned_output *p,
			       const struct index_blob *blob)
{
	const char *index = opts->outputs[OUTPUT_INDEX];

	if (k != FILE_INDEX_DATA && k != FILE_INDEX_LINK)
		return opts->outputs[k - FILE_CANONICAL];
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
static int write_outputs(const struct options *opts, struct tables *t)
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
	/* The index is read back from its file to be checked, into the memory it took. */
	index_blob_free(&t->blob);
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

/* Whether a run needs the database: for its file, its report or the index. */
static bool wanted(const struct options *opts, enum database_id id)
{
	return opts->outputs[id] || opts->diff[id] || opts->outputs[OUTPUT_INDEX];
}

/* --explain or --since, whose exit statuses are their own: 2 for input that cannot be read. */
static int answer(const struct options *opts, struct tables *t)
{
	struct explain_request req = {
		.table = &t->db[DB_SERVICES],
		.registry = opts->sources[DB_SERVICES].registry,
		.builtin_overlay = opts->default_overlay,
		.json = opts->json,
	};
	int status;

	t->db[DB_SERVICES].keep_bindings = true;
	if (load_database(opts, DB_SERVICES, &t->db[DB_SERVICES]) < 0)
		return EXPLAIN_BAD;
	status = opts->explained ? explain_question(&req, opts->explained, stdout) : explain_since(&req, opts->since, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_error("standard output", "write error: %s", strerror(errno ? errno : EIO));
		return EXPLAIN_BAD;
	}
	return status;
}

/* The exit status of the reports asked for: 1 if a name would stop resolving or a file cannot be read. */
static int report_diffs(const struct options *opts, const struct tables *t)
{
	long all_lost = 0;

	for (int id = 0; id < DATABASES && all_lost >= 0; id++) {
		long lost = opts->diff[id] ? diff_table(&t->db[id], databases[id].diff, opts->diff[id], stdout) : 0;

		all_lost = lost < 0 ? -1 : all_lost + lost;
	}
	return all_lost == 0 ? EXIT_SUCCESS : EXIT_BAD_INPUT;
}

static int run(const struct options *opts, struct tables *t)
{
	struct index_input in[DATABASES];

	for (int id = 0; id < DATABASES; id++) {
		if (wanted(opts, (enum database_id)id) && load_database(opts, (enum database_id)id, &t->db[id]) < 0)
			return EXIT_BAD_INPUT;
		in[id] = (struct index_input){ &t->db[id], databases[id].index };
	}
	if (any_diff(opts))
		return report_diffs(opts, t);
	if (opts->outputs[OUTPUT_INDEX] && index_build(in, DATABASES, &t->blob) < 0)
		return EXIT_BAD_INPUT;
	return write_outputs(opts, t) < 0 ? EXIT_BAD_INPUT : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	const char **given, **applied;
	struct options opts = { 0 };
	struct tables *t;
	int status;

	/* The generator builds its tables, writes them and exits; what it frees midway is soon used again. Its
	 * heap grows 16 MiB at a time and is not handed back to the kernel between: a page given back is
	 * faulted in again, and the first touch of a page costs more than most work done on it. */
	mallopt(M_TOP_PAD, 16 * 1024 * 1024);
	/* Every argument could be an overlay; each table lists them after the built-in one. */
	given = xreallocarray(NULL, DATABASES * ((size_t)argc + 1), sizeof(char *));
	applied = xreallocarray(NULL, DATABASES * ((size_t)argc + 2), sizeof(char *));
	t = xmalloc(sizeof(*t));
	*t = (struct tables){ 0 };
	for (int id = 0; id < DATABASES; id++) {
		opts.sources[id].overlays = given + id * ((size_t)argc + 1);
		t->db[id].overlays = applied + id * ((size_t)argc + 2);
	}
	status = parse_options(argc, argv, &opts);
	if (status < 0 && opts.checked_index)
		status = check_index(opts.checked_index, opts.printout);
	else if (status < 0 && (opts.explained || opts.since))
		status = answer(&opts, t);
	else if (status < 0)
		status = run(&opts, t);
	index_blob_free(&t->blob);
	for (int id = 0; id < DATABASES; id++)
		table_free(&t->db[id]);
	free(t);
	free(applied);
	free(given);
	xmlCleanupParser();
	return status;
}
