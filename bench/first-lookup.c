/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* first-lookup.c: what the first services lookup of a fresh process costs through iana, the floor and files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "figures.h"
#include "first-lookup.h"
#include "sample.h"

#define TARGET_FIRST_IANA_OVER_FLOOR 1.30
#define TARGET_FIRST_LARGER_OVER_FIRST_SET 1.05 /* flat in the index's size */

struct first_run {
	struct bench *b;
	struct sample questions[MAX_SETS];
	size_t per_round; /* processes of a backend, kind and set in a round */
	double *ns;       /* [set][backend][kind][round][per_round] */
	double *page_tables_kib, *minor_faults; /* the same shape: what each process's first question added */
	size_t right[MAX_SETS][BACKENDS][QUESTION_KINDS], asked[MAX_SETS][BACKENDS][QUESTION_KINDS];
};

static size_t cell_of(const struct first_run *r, int set, enum backend backend, enum question_kind kind, unsigned round)
{
	return ((((size_t)set * BACKENDS + backend) * QUESTION_KINDS + kind) * r->b->fresh.rounds + round) * r->per_round;
}

/* One process asks one question; its time, or a negative number if it failed. */
static double time_in_process(struct first_run *r, int set, enum backend backend, enum question_kind kind,
			      const struct question *q, struct first_growth *g)
{
	char kind_arg[16], port[16], line[LINE_MAX_LEN];
	char *argv[] = { r->b->self, "first", kind_arg, (char *)q->name, (char *)q->protocol, port, (char *)q->official, NULL };
	struct child_setup c = child_setup_for(r->b, &r->b->sets[set], backend);
	double ns = -1;
	int right = 0;
	pid_t pid;
	FILE *from;

	snprintf(kind_arg, sizeof(kind_arg), "%d", kind);
	snprintf(port, sizeof(port), "%u", q->port);
	if (!(from = spawn_child(&c, argv, &pid, NULL)))
		return -1;
	if (!fgets(line, sizeof(line), from) ||
	    sscanf(line, "first %lf %d %ld %ld", &ns, &right, &g->page_tables_kib, &g->minor_faults) != 4)
		ns = -1;
	fclose(from);
	if (!finished_well(pid) || ns < 0)
		return -1;
	r->right[set][backend][kind] += right == 1;
	r->asked[set][backend][kind]++;
	return ns;
}

/* Every kind of one question through every backend, each in a process of its own, in the
 * order of the turn. */
static int run_question(struct first_run *r, int set, unsigned round, size_t slot, size_t i, unsigned turn)
{
	for (int k = 0; k < QUESTION_KINDS; k++)
		for (size_t j = 0; j < FRESH_BACKENDS; j++) {
			enum backend backend = fresh_backend(turn + (unsigned)k, j);
			size_t at = cell_of(r, set, backend, (enum question_kind)k, round) + slot;
			struct first_growth g;
			double ns;

			if (r->b->skip[backend])
				continue;
			if ((ns = time_in_process(r, set, backend, (enum question_kind)k, &r->questions[set].questions[k][i], &g)) < 0) {
				fprintf(stderr, "nss-bench: %s on %s: the first-lookup process failed\n", backend_module[backend],
					r->b->sets[set].label);
				return -1;
			}
			r->ns[at] = ns;
			r->page_tables_kib[at] = (double)g.page_tables_kib;
			r->minor_faults[at] = (double)g.minor_faults;
		}
	return 0;
}

static int run_round(struct first_run *r, unsigned round)
{
	const struct fresh_settings *f = &r->b->fresh;

	fprintf(stderr, "nss-bench: first lookups, round %u of %u\n", round + 1, f->rounds);
	for (int s = 0; s < r->b->nsets; s++)
		for (unsigned run = 0; run < f->first_runs; run++)
			for (size_t i = 0; i < f->first_questions; i++)
				if (run_question(r, s, round, run * f->first_questions + i, i, round * f->first_runs + run) < 0)
					return -1;
	return 0;
}

/* The median of one measure over the processes of the given rounds [from, to), which cell_of
 * lays side by side. */
static double median_in(const struct first_run *r, const double *measure, int set, enum backend backend,
			enum question_kind kind, unsigned from, unsigned to)
{
	return median_of_copy(measure + cell_of(r, set, backend, kind, from), (to - from) * r->per_round);
}

static double median_ns(const struct first_run *r, int set, enum backend backend, enum question_kind kind,
			unsigned from, unsigned to)
{
	return median_in(r, r->ns, set, backend, kind, from, to);
}

static double all_rounds(const struct first_run *r, int set, enum backend backend, enum question_kind kind)
{
	return median_ns(r, set, backend, kind, 0, r->b->fresh.rounds);
}

static double iana_over_floor(const struct first_run *r, int set, enum question_kind kind, unsigned from, unsigned to)
{
	return median_ns(r, set, IANA, kind, from, to) / median_ns(r, set, NOOP, kind, from, to);
}

static void print_round_spread(const struct first_run *r, int set)
{
	printf("| iana / floor, lowest and highest round |");
	for (int k = 0; k < QUESTION_KINDS; k++) {
		double low = 1e300, high = 0;

		for (unsigned round = 0; round < r->b->fresh.rounds; round++) {
			double v = iana_over_floor(r, set, (enum question_kind)k, round, round + 1);

			low = v < low ? v : low;
			high = v > high ? v : high;
		}
		printf(" %.2f to %.2f |", low, high);
	}
	putchar('\n');
}

static void print_ratio_row(const struct first_run *r, int set, const char *label, enum backend over)
{
	printf("| %s |", label);
	for (int k = 0; k < QUESTION_KINDS; k++)
		printf(" %.2f |", all_rounds(r, set, over, (enum question_kind)k) / all_rounds(r, set, NOOP, (enum question_kind)k));
	putchar('\n');
}

static void print_answers(const struct first_run *r, int set)
{
	for (enum backend backend = IANA; backend <= FILES; backend++) {
		if (r->b->skip[backend])
			continue;
		printf("| %s answered right |", backend_label[backend]);
		for (int k = 0; k < QUESTION_KINDS; k++)
			printf(" %zu/%zu |", r->right[set][backend][k], r->asked[set][backend][k]);
		putchar('\n');
	}
}

typedef void print_cell(const struct first_run *r, int set, enum backend backend, enum question_kind kind);

/* A row per backend that ran, a cell per kind of question. */
static void print_backend_rows(const struct first_run *r, int set, print_cell *cell)
{
	for (size_t j = 0; j < FRESH_BACKENDS; j++) {
		enum backend backend = fresh_backend(0, j);

		if (r->b->skip[backend])
			continue;
		printf("| %s |", backend_label[backend]);
		for (int k = 0; k < QUESTION_KINDS; k++)
			cell(r, set, backend, (enum question_kind)k);
		putchar('\n');
	}
}

static void print_ns(const struct first_run *r, int set, enum backend backend, enum question_kind kind)
{
	printf(" %.0f |", all_rounds(r, set, backend, kind));
}

/* What the first question added to the process: page tables, minor faults. */
static void print_growth(const struct first_run *r, int set, enum backend backend, enum question_kind kind)
{
	printf(" %.0f, %.0f |", median_in(r, r->page_tables_kib, set, backend, kind, 0, r->b->fresh.rounds),
	       median_in(r, r->minor_faults, set, backend, kind, 0, r->b->fresh.rounds));
}

static void print_set(const struct first_run *r, int set)
{
	char header[64];

	printf("\n## First lookup of a fresh process, %s\n\n", r->b->sets[set].label);
	snprintf(header, sizeof(header), "ns, median of %zu processes", r->per_round * r->b->fresh.rounds);
	print_kinds_header(header);
	print_backend_rows(r, set, print_ns);
	print_ratio_row(r, set, "iana / floor", IANA);
	print_round_spread(r, set);
	if (!r->b->skip[FILES])
		print_ratio_row(r, set, "files / floor", FILES);
	print_answers(r, set);
	printf("\nWhat the first lookup added to the process (VmPTE of /proc/self/status, and getrusage's minor faults), "
	       "median of its processes:\n\n");
	print_kinds_header("page tables KiB, minor faults");
	print_backend_rows(r, set, print_growth);
}

static double highest_ratio(const struct first_run *r, int set)
{
	double highest = 0;

	for (int k = 0; k < QUESTION_KINDS; k++) {
		double v = iana_over_floor(r, set, (enum question_kind)k, 0, r->b->fresh.rounds);

		highest = v > highest ? v : highest;
	}
	return highest;
}

static void print_targets(const struct first_run *r)
{
	printf("\n## First-lookup targets\n\n| target | measured | |\n| --- | ---: | --- |\n");
	for (int s = 0; s < r->b->nsets; s++) {
		double v = highest_ratio(r, s);

		printf("| first lookup, iana / floor, every kind, at most %.2f, %s | %.2f | %s |\n",
		       TARGET_FIRST_IANA_OVER_FLOOR, r->b->sets[s].label, v,
		       v <= TARGET_FIRST_IANA_OVER_FLOOR ? "met" : "**not met**");
	}
	for (int s = 1; s < r->b->nsets; s++) {
		double v = highest_ratio(r, s) / highest_ratio(r, 0);

		printf("| first lookup, the figure above on %s over the one on %s, at most %.2f | %.2f | %s |\n",
		       r->b->sets[s].label, r->b->sets[0].label, TARGET_FIRST_LARGER_OVER_FIRST_SET, v,
		       v <= TARGET_FIRST_LARGER_OVER_FIRST_SET ? "met" : "**not met**");
	}
}

static void print_method(const struct first_run *r)
{
	const struct fresh_settings *f = &r->b->fresh;

	printf("\n# The first lookup of a fresh process, ns\n\n");
	print_machine();
	print_load("before the first lookups");
	printf("\n%zu questions of each kind drawn from each services file (seed %u), each asked as the one lookup of a\n"
	       "process started for it in a mount namespace of its own, and timed inside it around the call:\n"
	       "glibc reading nsswitch.conf, loading the module and the module opening its index are in the time,\n"
	       "setting up the namespace and starting the program are not. %u rounds; in each, every question %u\n"
	       "times through every backend, the backends taking their six orders in turn, so that each follows\n"
	       "each other as often. Each figure is the median of its processes.\n",
	       f->first_questions, SEED, f->rounds, f->first_runs);
}

static bool all_answered_right(const struct first_run *r)
{
	for (int s = 0; s < r->b->nsets; s++)
		for (enum backend backend = IANA; backend <= FILES; backend++)
			for (int k = 0; k < QUESTION_KINDS; k++)
				if (r->right[s][backend][k] != r->asked[s][backend][k]) {
					fprintf(stderr, "nss-bench: %s on %s answered a first lookup wrong\n",
						backend_module[backend], r->b->sets[s].label);
					return false;
				}
	return true;
}

static int draw_questions(struct first_run *r)
{
	for (int s = 0; s < r->b->nsets; s++)
		if (sample_draw(&r->questions[s], r->b->sets[s].services, r->b->fresh.first_questions, SEED) < 0)
			return -1;
	return 0;
}

void run_first_lookups(struct bench *b)
{
	struct first_run r = { .b = b, .per_round = (size_t)b->fresh.first_runs * b->fresh.first_questions };
	int ok;

	size_t cells = (size_t)b->nsets * BACKENDS * QUESTION_KINDS * b->fresh.rounds * r.per_round;

	r.ns = calloc(cells, sizeof(*r.ns));
	r.page_tables_kib = calloc(cells, sizeof(*r.page_tables_kib));
	r.minor_faults = calloc(cells, sizeof(*r.minor_faults));
	if (!r.ns || !r.page_tables_kib || !r.minor_faults)
		abort();
	print_method(&r);
	ok = draw_questions(&r) == 0;
	/* Once untimed, that the module and index files are in the page cache whatever ran before. */
	for (int s = 0; ok && s < b->nsets; s++)
		ok = run_question(&r, s, 0, 0, 0, 0) == 0;
	memset(r.right, 0, sizeof(r.right));
	memset(r.asked, 0, sizeof(r.asked));
	for (unsigned round = 0; ok && round < b->fresh.rounds; round++)
		ok = run_round(&r, round) == 0;
	if (ok) {
		printf("\n");
		print_load("after them");
		for (int s = 0; s < b->nsets; s++)
			print_set(&r, s);
		print_targets(&r);
	}
	if (!ok || !all_answered_right(&r))
		b->failed = true;
	for (int s = 0; s < b->nsets; s++)
		sample_free(&r.questions[s]);
	free(r.ns);
	free(r.page_tables_kib);
	free(r.minor_faults);
}

/* In the sandbox: "first KIND NAME PROTOCOL PORT OFFICIAL": one question, the process's first. */
int first_lookup_main(char **argv)
{
	struct question q = { .port = (uint16_t)strtoul(argv[4], NULL, 10) };
	unsigned long kind = strtoul(argv[1], NULL, 10);
	struct first_growth g;
	bool right;
	double ns;

	if (kind >= QUESTION_KINDS)
		return 2;
	snprintf(q.name, sizeof(q.name), "%s", argv[2]);
	snprintf(q.protocol, sizeof(q.protocol), "%s", argv[3]);
	snprintf(q.official, sizeof(q.official), "%s", argv[5]);
	ns = time_first_question((enum question_kind)kind, &q, &right, &g);
	printf("first %.0f %d %ld %ld\n", ns, right, g.page_tables_kib, g.minor_faults);
	return 0;
}
