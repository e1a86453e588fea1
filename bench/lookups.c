/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lookups.c: ns per services lookup, timed over and over in a process, for iana, a no-op module, files and db. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "figures.h"
#include "lookups.h"
#include "sample.h"

/* Targets of issue 6, checked on the first data set (and the second, for growth). */
#define TARGET_IANA_OVER_FLOOR 1.15
#define TARGET_FILES_OVER_IANA 500.0
#define TARGET_DB_OVER_IANA 20.0
#define TARGET_GROWTH 1.1

/* One process: the set's sample timed through one backend, and checked by its first process. */
static int run_lookups(struct bench *b, struct data_set *set, enum backend backend)
{
	char sample[32], check[32], check_budget[32], budget[32], line[LINE_MAX_LEN];
	char *argv[] = { b->self, "child", (char *)set->services, sample, check, check_budget, budget, NULL };
	struct child_setup c = child_setup_for(b, set, backend);
	struct kind_result *r = set->results[backend][set->processes[backend]];
	unsigned parsed = 0;
	pid_t pid;
	FILE *from;

	snprintf(sample, sizeof(sample), "%zu", b->sample_count);
	snprintf(check, sizeof(check), "%zu", set->processes[backend] == 0 ? b->sample_count : 0);
	snprintf(check_budget, sizeof(check_budget), "%g", b->check_budget_s);
	snprintf(budget, sizeof(budget), "%g", b->budget_s);
	if (!(from = spawn_child(&c, argv, &pid, NULL)))
		return -1;
	while (fgets(line, sizeof(line), from))
		parsed += parse_result_line(line, r) == 0;
	fclose(from);
	if (!finished_well(pid) || parsed != QUESTION_KINDS) {
		fprintf(stderr, "nss-bench: %s on %s: the measuring process failed\n", backend_module[backend], set->label);
		return -1;
	}
	set->measured[backend] = true;
	set->processes[backend]++;
	return 0;
}

static long file_size(const char *path)
{
	struct stat sb;

	return path && stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* A process's figures as they come: each chunk at its fastest, and the median sweep. */
static void print_process(const struct data_set *set, enum backend backend)
{
	const struct kind_result *r = set->results[backend][set->processes[backend] - 1];

	fprintf(stderr, "nss-bench: %s, %s:", set->label, backend_module[backend]);
	for (int k = 0; k < QUESTION_KINDS; k++)
		fprintf(stderr, " %.0f/%.0f", r[k].ns_fastest, r[k].ns_median);
	fputc('\n', stderr);
}

static void run_one(struct bench *b, struct data_set *set, enum backend backend)
{
	if (b->skip[backend] || (backend == DB && !set->db))
		return;
	if (set->processes[backend] == MAX_PROCESSES || run_lookups(b, set, backend) < 0)
		b->failed = true;
	else if (b->verbose)
		print_process(set, backend);
}

/* The floor and iana in turn, pairs times: their ratio is the figure that matters most and
 * moves most with the machine's load, and their processes are short. */
static void run_pairs(struct bench *b, struct data_set *set, unsigned round)
{
	for (unsigned p = 0; p < b->pairs; p++) {
		bool floor_first = (round + p) % 2 == 0;

		run_one(b, set, floor_first ? NOOP : IANA);
		run_one(b, set, floor_first ? IANA : NOOP);
	}
}

/* Every set through every backend, in a fresh process each; the order turns round by round,
 * so that the machine's drift spreads over all of them. */
static void run_rounds(struct bench *b)
{
	for (unsigned round = 0; round < b->rounds; round++) {
		fprintf(stderr, "nss-bench: round %u of %u\n", round + 1, b->rounds);
		for (int s = 0; s < b->nsets; s++)
			for (int i = 0; i < BACKENDS; i++) {
				enum backend backend = (enum backend)((i + round) % BACKENDS);

				if (backend == NOOP)
					run_pairs(b, &b->sets[s], round);
				else if (backend != IANA)
					run_one(b, &b->sets[s], backend);
			}
	}
}

/* The fastest of the backend's processes, or their median. A process runs at one of two speeds
 * here, as the other CPU (a hyperthread of the same core, by the look of it) is idle or busy with
 * the neighbours' work: the median mixes the two in proportions that vary from backend to backend,
 * the fastest process compares like with like. */
static double over_processes(const struct data_set *set, enum backend backend, enum question_kind kind, bool median)
{
	double v[MAX_PROCESSES];
	unsigned n = set->processes[backend];

	if (n == 0)
		return 0;
	for (unsigned i = 0; i < n; i++)
		v[i] = set->results[backend][i][kind].ns_fastest;
	if (median)
		return median_of(v, n);
	qsort(v, n, sizeof(v[0]), compare_doubles);
	return v[0];
}

static double ns_per_call(const struct data_set *set, enum backend backend, enum question_kind kind)
{
	return over_processes(set, backend, kind, false);
}

static void print_ratio_row(const char *label, const struct data_set *top, enum backend over,
			    const struct data_set *bottom, enum backend under)
{
	if (!top->measured[over] || !bottom->measured[under])
		return;
	printf("| %s |", label);
	for (int k = 0; k < QUESTION_KINDS; k++) {
		double ratio = ns_per_call(top, over, (enum question_kind)k) /
			       ns_per_call(bottom, under, (enum question_kind)k);

		printf(ratio >= 100 ? " %.0f |" : ratio >= 10 ? " %.1f |" : " %.2f |", ratio);
	}
	putchar('\n');
}

static void print_median_ratio_row(const struct data_set *set)
{
	printf("| iana / floor, medians over the processes |");
	for (int k = 0; k < QUESTION_KINDS; k++)
		printf(" %.2f |", over_processes(set, IANA, (enum question_kind)k, true) /
				      over_processes(set, NOOP, (enum question_kind)k, true));
	putchar('\n');
}

/* How much iana's cost grew from the first set, with the floor's drift between the two taken out. */
static double growth_over_floor(const struct bench *b, const struct data_set *set, enum question_kind k)
{
	const struct data_set *first = &b->sets[0];

	return ns_per_call(set, IANA, k) / ns_per_call(set, NOOP, k) /
	       (ns_per_call(first, IANA, k) / ns_per_call(first, NOOP, k));
}

static double highest_growth_over_floor(const struct bench *b, const struct data_set *set)
{
	double highest = 0;

	for (int k = 0; k < QUESTION_KINDS; k++) {
		double g = growth_over_floor(b, set, (enum question_kind)k);

		highest = g > highest ? g : highest;
	}
	return highest;
}

static void print_growth_row(const char *label, const struct bench *b, const struct data_set *set)
{
	printf("| %s |", label);
	for (int k = 0; k < QUESTION_KINDS; k++)
		printf(" %.2f |", growth_over_floor(b, set, (enum question_kind)k));
	putchar('\n');
}

static void print_checks(const struct data_set *set)
{
	printf("\nAnswers checked in the first round (hits answered right, misses not found; the floor finds nothing):\n\n");
	print_kinds_header("checked");
	for (int backend = 0; backend < BACKENDS; backend++) {
		if (!set->measured[backend])
			continue;
		printf("| %s |", backend_label[backend]);
		for (int k = 0; k < QUESTION_KINDS; k++)
			printf(" %zu/%zu |", set->results[backend][0][k].right, set->results[backend][0][k].checked);
		putchar('\n');
	}
}

static void print_set(const struct bench *b, const struct data_set *set)
{
	long services = file_size(set->services), index = file_size(set->index_data);

	printf("\n## %s: %zu entries\n\n", set->label, set->entries);
	printf("services file %ld B, index %ld B (%.2f of the file)", services, index, (double)index / (double)services);
	if (strcmp(set->index_data, set->index) != 0)
		printf(", the link to it at the index path %ld B", file_size(set->index));
	if (set->db)
		printf(", services.db %ld B", file_size(set->db));
	printf("\n\n");
	print_kinds_header("ns per call");
	for (int backend = 0; backend < BACKENDS; backend++) {
		if (!set->measured[backend])
			continue;
		printf("| %s |", backend_label[backend]);
		for (int k = 0; k < QUESTION_KINDS; k++)
			printf(" %.0f |", ns_per_call(set, (enum backend)backend, (enum question_kind)k));
		putchar('\n');
	}
	print_ratio_row("iana / floor", set, IANA, set, NOOP);
	print_median_ratio_row(set);
	print_ratio_row("files / iana", set, FILES, set, IANA);
	print_ratio_row("files / floor, the most any module can reach", set, FILES, set, NOOP);
	print_ratio_row("db / iana", set, DB, set, IANA);
	if (set != &b->sets[0]) {
		char label[128];

		snprintf(label, sizeof(label), "iana / iana on %s", b->sets[0].label);
		print_ratio_row(label, set, IANA, &b->sets[0], IANA);
		snprintf(label, sizeof(label), "(iana / floor) / (iana / floor on %s)", b->sets[0].label);
		print_growth_row(label, b, set);
	}
	print_checks(set);
}

/* The extreme (lowest, or highest) of a ratio over the kinds of question. */
static double ratio_over_kinds(const struct data_set *top, enum backend over, const struct data_set *bottom,
			       enum backend under, bool highest)
{
	double extreme = highest ? 0 : 1e300;

	for (int k = 0; k < QUESTION_KINDS; k++) {
		double ratio = ns_per_call(top, over, (enum question_kind)k) /
			       ns_per_call(bottom, under, (enum question_kind)k);

		extreme = highest ? (ratio > extreme ? ratio : extreme) : (ratio < extreme ? ratio : extreme);
	}
	return extreme;
}

static void print_target(const char *what, const char *measured, bool met)
{
	printf("| %s | %s | %s |\n", what, measured, met ? "met" : "**not met**");
}

static void print_ratio_target(const char *what, double value, bool met)
{
	char measured[32];

	snprintf(measured, sizeof(measured), "%.2f", value);
	print_target(what, measured, met);
}

/* Every question checked answered right; with sample_count set, every question of the sample checked too. */
static bool all_right(const struct data_set *set, enum backend backend, size_t sample_count)
{
	for (int k = 0; k < QUESTION_KINDS; k++) {
		const struct kind_result *r = &set->results[backend][0][k];

		if (r->right != r->checked || (sample_count && r->checked != sample_count))
			return false;
	}
	return true;
}

/* A wrong answer is a failed benchmark; the floor is meant to find nothing. */
bool any_wrong_answer(const struct bench *b)
{
	for (int s = 0; s < b->nsets; s++)
		for (int backend = IANA; backend < BACKENDS; backend++)
			if (b->sets[s].measured[backend] && !all_right(&b->sets[s], (enum backend)backend, 0)) {
				fprintf(stderr, "nss-bench: %s on %s answered wrong\n", backend_module[backend], b->sets[s].label);
				return true;
			}
	return false;
}

static void print_targets(const struct bench *b)
{
	const struct data_set *full = &b->sets[0];
	char measured[96];
	double v;

	printf("\n## Lookup targets (on %s)\n\n| target | measured | |\n| --- | ---: | --- |\n", full->label);
	v = ns_per_call(full, IANA, NAME_HIT) / ns_per_call(full, NOOP, NAME_HIT);
	print_ratio_target("iana / floor, byname hit, at most 1.15", v, v <= TARGET_IANA_OVER_FLOOR);
	v = ns_per_call(full, IANA, PORT_HIT) / ns_per_call(full, NOOP, PORT_HIT);
	print_ratio_target("iana / floor, byport hit, at most 1.15", v, v <= TARGET_IANA_OVER_FLOOR);
	if (full->measured[FILES]) {
		v = ratio_over_kinds(full, FILES, full, IANA, false);
		print_ratio_target("files / iana, every kind, at least 500", v, v >= TARGET_FILES_OVER_IANA);
	}
	if (full->measured[DB]) {
		v = ratio_over_kinds(full, DB, full, IANA, false);
		print_ratio_target("db / iana, every kind, at least 20", v, v >= TARGET_DB_OVER_IANA);
	}
	if (b->nsets > 1) {
		v = ratio_over_kinds(&b->sets[1], IANA, full, IANA, true);
		snprintf(measured, sizeof(measured), "iana on %s / on %s, every kind, at most 1.1", b->sets[1].label,
			 full->label);
		print_ratio_target(measured, v, v <= TARGET_GROWTH);
		v = highest_growth_over_floor(b, &b->sets[1]);
		print_ratio_target("the same, each over its own floor, every kind, at most 1.1", v, v <= TARGET_GROWTH);
	}
	snprintf(measured, sizeof(measured), "%zu of each kind", b->sample_count);
	print_target("iana finds every sampled name and port, and no miss", measured,
		     all_right(full, IANA, b->sample_count));
	snprintf(measured, sizeof(measured), "%ld B / %ld B", file_size(full->index_data), file_size(full->services));
	print_target("index no larger than the services file", measured,
		     file_size(full->index_data) <= file_size(full->services));
}

static void print_method(const struct bench *b)
{
	printf("# Services lookups through glibc, ns per call\n\n");
	print_machine();
	print_load("before the lookups");
	putchar('\n');
	printf("%zu questions of each kind drawn from each services file (seed %u). Each backend runs in a process and\n"
	       "mount namespace of its own: %u rounds with the backends interleaved, the floor and iana %u times a round\n"
	       "in turn. A process asks its questions in chunks of about 200 us, sweep after sweep for %.2f s, and takes\n"
	       "each chunk at its fastest, which leaves out the preemptions of a busy machine; each figure is the fastest\n"
	       "of the processes (the medians are given for iana and the floor). Files and db, slower, are timed on the\n"
	       "first questions of the sample (at least 128), as many as their budget allows.\n",
	       b->sample_count, SEED, b->rounds, b->pairs, b->budget_s);
}

void run_lookups_part(struct bench *b)
{
	print_method(b);
	run_rounds(b);
	printf("\n");
	print_load("after them");
	for (int s = 0; s < b->nsets; s++)
		print_set(b, &b->sets[s]);
	if (!b->failed)
		print_targets(b);
}

/* In the sandbox: "child SERVICES SAMPLE CHECK CHECK_BUDGET BUDGET". */
int lookups_child_main(char **argv)
{
	struct measure_options o = { .check_count = strtoul(argv[3], NULL, 10), .check_budget_s = strtod(argv[4], NULL),
				     .budget_s = strtod(argv[5], NULL), .planned_sweeps = 3 };
	struct kind_result r[QUESTION_KINDS];
	struct sample s;

	if (sample_draw(&s, argv[1], strtoul(argv[2], NULL, 10), SEED) < 0) {
		fprintf(stderr, "nss-bench: %s: cannot read the services file\n", argv[1]);
		return 1;
	}
	measure_sample(&s, &o, r);
	print_results(stdout, r);
	sample_free(&s);
	return 0;
}
