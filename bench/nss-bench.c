/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* nss-bench.c: services lookups through glibc for iana, a no-op module, files and db: the options, and which parts run. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "first-lookup.h"
#include "getent-runs.h"
#include "lookups.h"
#include "module-memory.h"
#include "sample.h"

static int add_set(struct bench *b, char *spec)
{
	struct data_set *set = &b->sets[b->nsets];
	char *services = strchr(spec, '='), *index = services ? strchr(services, ',') : NULL;
	struct sample s;

	if (b->nsets == MAX_SETS || !index) {
		fprintf(stderr, "nss-bench: %s: not LABEL=SERVICES,INDEX (at most %d)\n", spec, MAX_SETS);
		return -1;
	}
	*services++ = '\0';
	*index++ = '\0';
	*set = (struct data_set){ .label = spec, .services = services, .index = index };
	if (sample_draw(&s, services, 1, SEED) < 0) {
		fprintf(stderr, "nss-bench: %s: cannot read the services file\n", services);
		return -1;
	}
	set->entries = s.entries;
	sample_free(&s);
	b->nsets++;
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: nss-bench [OPTION...] LABEL=SERVICES,INDEX...\n"
		   "  -m, --module-path DIRS  where libnss_iana.so.2 and libnss_noop.so.2 are (colon-separated)\n"
		   "  -d, --db-maker PATH     make-services-db, to measure libnss-db when makedb is installed\n"
		   "  -r, --rounds N          processes per backend and set (default 5)\n"
		   "  -p, --pairs N           floor and iana processes, in turn, in each round (default 3)\n"
		   "  -n, --sample N          questions of each kind (default 2000)\n"
		   "  -b, --budget-ms N       time spent timing each kind in a process (default 200)\n"
		   "  -M, --memory            also measure the private memory the module adds (first set)\n"
		   "  -B, --backends LIST     only these of noop,iana,files,db (default: all)\n"
		   "  -v, --verbose           each process's figures, ns per call, on standard error\n"
		   "  -f, --first-lookups     also time the first lookup of fresh processes\n"
		   "  -g, --getent            also time whole getent processes\n"
		   "  -L, --no-lookups        leave out the lookups timed over and over in a process\n"
		   "  -R, --fresh-rounds N    rounds of the fresh processes' parts (default 5)\n"
		   "  -F, --first-runs N      a round's processes per first-lookup question and backend (default 5)\n"
		   "  -Q, --first-questions N first-lookup questions of each kind (default 8)\n"
		   "  -G, --getent-runs N     a round's getent processes per question and backend (default 40)\n"
		   "  -P, --at-index-places   no NSS_IANA_INDEX: the module finds its index at its built-in places\n"
		   "The first set is the full registry; the second, if any, a larger one for growth.\n");
}

static int choose_backends(struct bench *b, const char *list)
{
	for (int k = 0; k < BACKENDS; k++) {
		size_t n = strlen(backend_module[k]);
		const char *at = strstr(list, backend_module[k]);

		b->skip[k] = !(at && (at == list || at[-1] == ',') && (at[n] == ',' || at[n] == '\0'));
	}
	if (b->skip[NOOP] || b->skip[IANA]) {
		fprintf(stderr, "nss-bench: --backends: the ratios need noop and iana\n");
		return -1;
	}
	return 0;
}

static bool fresh_settings_valid(const struct fresh_settings *f)
{
	return f->rounds >= 1 && f->first_runs >= 1 && f->first_questions >= 1 && f->getent_runs >= 1 &&
	       (size_t)f->rounds * f->first_runs * f->first_questions <= MAX_FRESH_PROCESSES &&
	       (size_t)f->rounds * f->getent_runs <= MAX_FRESH_PROCESSES;
}

static int parse_options(struct bench *b, int argc, char **argv)
{
	static const struct option options[] = {
		{ "module-path", required_argument, NULL, 'm' }, { "db-maker", required_argument, NULL, 'd' },
		{ "rounds", required_argument, NULL, 'r' },      { "pairs", required_argument, NULL, 'p' },
		{ "sample", required_argument, NULL, 'n' },
		{ "budget-ms", required_argument, NULL, 'b' },   { "memory", no_argument, NULL, 'M' },
		{ "verbose", no_argument, NULL, 'v' },           { "backends", required_argument, NULL, 'B' },
		{ "first-lookups", no_argument, NULL, 'f' },     { "getent", no_argument, NULL, 'g' },
		{ "no-lookups", no_argument, NULL, 'L' },        { "fresh-rounds", required_argument, NULL, 'R' },
		{ "first-runs", required_argument, NULL, 'F' },  { "first-questions", required_argument, NULL, 'Q' },
		{ "getent-runs", required_argument, NULL, 'G' }, { "help", no_argument, NULL, 'h' },
		{ "at-index-places", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "m:d:r:p:n:b:MvB:fgLR:F:Q:G:Ph", options, NULL)) != -1) {
		switch (c) {
		case 'm': b->module_path = optarg; break;
		case 'd': b->db_maker = optarg; break;
		case 'r': b->rounds = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'p': b->pairs = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'n': b->sample_count = strtoul(optarg, NULL, 10); break;
		case 'b': b->budget_s = strtod(optarg, NULL) / 1000; break;
		case 'M': b->memory = true; break;
		case 'v': b->verbose = true; break;
		case 'B': if (choose_backends(b, optarg) < 0) return -1; break;
		case 'f': b->fresh.first_lookups = true; break;
		case 'g': b->fresh.getent = true; break;
		case 'L': b->lookups = false; break;
		case 'R': b->fresh.rounds = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'F': b->fresh.first_runs = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'Q': b->fresh.first_questions = strtoul(optarg, NULL, 10); break;
		case 'G': b->fresh.getent_runs = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'P': b->at_index_places = true; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (b->rounds < 1 || b->rounds > MAX_ROUNDS || b->pairs < 1 || b->rounds * b->pairs > MAX_PROCESSES ||
	    b->sample_count < 1 || b->budget_s <= 0 || !b->module_path || !fresh_settings_valid(&b->fresh) ||
	    optind == argc) {
		usage(stderr);
		return -1;
	}
	for (int i = optind; i < argc; i++)
		if (add_set(b, argv[i]) < 0)
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static struct bench b = {
		.rounds = 5, .pairs = 3, .sample_count = 2000, .budget_s = 0.2, .check_budget_s = 5, .lookups = true,
		.fresh = { .rounds = 5, .first_runs = 5, .first_questions = 8, .getent_runs = 40 },
	};

	/* The processes the parts start in a sandbox run this program again, with their part's word first. */
	if (argc == 7 && strcmp(argv[1], "child") == 0)
		return lookups_child_main(argv + 1);
	if (argc == 7 && strcmp(argv[1], "memory") == 0)
		return memory_child_main(argv + 1);
	if (argc == 7 && strcmp(argv[1], "first") == 0)
		return first_lookup_main(argv + 1);
	if (argc >= 2 && strcmp(argv[1], "getent-launcher") == 0)
		return getent_launcher_main(argc - 1, argv + 1);
	if (parse_options(&b, argc, argv) < 0 || bench_prepare(&b) < 0)
		return 2;
	if (b.lookups)
		run_lookups_part(&b);
	/* --memory goes with the lookups, and is measured only when they went well. */
	if (b.lookups && b.memory && !b.failed)
		run_memory(&b);
	if (b.fresh.first_lookups)
		run_first_lookups(&b);
	if (b.fresh.getent)
		run_getent(&b);
	bench_remove_workdir(&b);
	return b.failed || any_wrong_answer(&b) ? 1 : 0;
}
