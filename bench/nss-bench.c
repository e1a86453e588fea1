/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* nss-bench.c: ns per services lookup through glibc, for iana, a no-op module, files and db, side by side. */
#include <errno.h>
#include <getopt.h>
#include <gnu/libc-version.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "index-reader.h"
#include "memory.h"
#include "nss-bench.h"
#include "sample.h"

/* Targets of issue 6, checked on the first data set (and the second, for growth). */
#define TARGET_IANA_OVER_FLOOR 1.15
#define TARGET_FILES_OVER_IANA 500.0
#define TARGET_DB_OVER_IANA 20.0
#define TARGET_GROWTH 1.1
#define TARGET_MODULE_PRIVATE_KIB 16

struct child_setup child_setup_for(const struct bench *b, const struct data_set *set, enum backend backend)
{
	return (struct child_setup){
		.program = b->self,
		.module_path = b->module_dir,
		.index = set->index,
		.sandbox = { .nsswitch_conf = b->conf[backend], .services = set->services, .services_db = set->db },
	};
}

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

static bool on_path(const char *program)
{
	const char *dir = getenv("PATH");
	char candidate[PATH_MAX];

	for (dir = dir ? dir : "/usr/bin:/bin"; *dir;) {
		size_t len = strcspn(dir, ":");

		snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)len, dir, program);
		if (access(candidate, X_OK) == 0)
			return true;
		dir += dir[len] ? len + 1 : len;
	}
	return false;
}

/* libnss-db's services.db from the set's services file, when libnss-db is installed. */
static void build_db(struct bench *b, struct data_set *set, int n)
{
	char db[PATH_MAX + 32];
	pid_t pid;

	if (!b->db_maker || !on_path("makedb"))
		return;
	snprintf(db, sizeof(db), "%s/services-%d.db", b->workdir, n);
	pid = fork();
	if (pid == 0) {
		execl(b->db_maker, b->db_maker, set->services, db, (char *)NULL);
		_exit(127);
	}
	if (pid > 0 && finished_well(pid))
		set->db = strdup(db);
	else
		fprintf(stderr, "nss-bench: %s: %s failed; db not measured\n", set->label, b->db_maker);
}

static int write_confs(struct bench *b)
{
	for (int k = 0; k < BACKENDS; k++) {
		FILE *f;

		snprintf(b->conf[k], sizeof(b->conf[k]), "%s/nsswitch-%s.conf", b->workdir, backend_module[k]);
		if (!(f = fopen(b->conf[k], "we")))
			return -1;
		fprintf(f, "services: %s\n", backend_module[k]);
		if (fclose(f) != 0)
			return -1;
	}
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

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double median_of(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(v[0]), compare_doubles);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
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

void print_kinds_header(const char *first)
{
	printf("| %s |", first);
	for (int k = 0; k < QUESTION_KINDS; k++)
		printf(" %s |", question_kind_name((enum question_kind)k));
	printf("\n| --- |");
	for (int k = 0; k < QUESTION_KINDS; k++)
		printf(" ---: |");
	putchar('\n');
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
static bool any_wrong_answer(const struct bench *b)
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

struct memory_report {
	struct memory_use before, after, module, index;
};

/* A process that has looked up the sample through a backend and keeps its mappings until
 * its standard input closes: with one, the module's code and the index are shared pages. */
struct holder {
	FILE *from;
	int to;
	pid_t pid;
};

/* Runs "memory" in a sandbox: a holder (hold set) returns once it is ready, a measure once it is done. */
static int run_memory_child(struct bench *b, const struct data_set *set, enum backend backend, struct holder *hold,
			    struct memory_report *m)
{
	char sample[32], line[LINE_MAX_LEN], module[64];
	char *argv[] = { b->self, "memory", (char *)set->services, (char *)set->index_data, module, sample,
			 hold ? "hold" : "measure", NULL };
	struct child_setup c = child_setup_for(b, set, backend);
	struct memory_report unused;
	unsigned parsed = 0;
	FILE *from;
	pid_t pid;

	if (!m)
		m = &unused;
	snprintf(module, sizeof(module), "/libnss_%s.so.2", backend_module[backend]);
	snprintf(sample, sizeof(sample), "%zu", b->sample_count);
	if (!(from = spawn_child(&c, argv, &pid, hold ? &hold->to : NULL)))
		return -1;
	while (fgets(line, sizeof(line), from)) {
		if (hold && strcmp(line, "ready\n") == 0) {
			hold->from = from;
			hold->pid = pid;
			return 0;
		}
		parsed += parse_memory_use(line, "before", &m->before) == 0 || parse_memory_use(line, "after", &m->after) == 0 ||
			  parse_memory_use(line, "module", &m->module) == 0 || parse_memory_use(line, "index", &m->index) == 0;
	}
	fclose(from);
	return finished_well(pid) && parsed == 4 && !hold ? 0 : -1;
}

static void release(struct holder *h)
{
	if (h->pid <= 0)
		return;
	close(h->to);
	fclose(h->from);
	finished_well(h->pid);
}

static long dirty_added(const struct memory_report *m)
{
	return m->after.private_dirty - m->before.private_dirty;
}

static long private_added(const struct memory_report *m)
{
	return m->after.private_clean - m->before.private_clean + dirty_added(m);
}

static void print_memory_rows(const struct memory_report *noop, const struct memory_report *iana)
{
	printf("| private memory added (Private_Clean + Private_Dirty) | %ld | %ld |\n", private_added(noop),
	       private_added(iana));
	printf("| of it dirty (Private_Dirty) | %ld | %ld |\n", dirty_added(noop), dirty_added(iana));
	printf("| the module's mappings: Rss, Private_Clean + Private_Dirty | %ld, %ld | %ld, %ld |\n", noop->module.rss,
	       noop->module.private_clean + noop->module.private_dirty, iana->module.rss,
	       iana->module.private_clean + iana->module.private_dirty);
	printf("| the index mapping: Rss, Shared_Clean, Private_Clean, Private_Dirty | | %ld, %ld, %ld, %ld |\n",
	       iana->index.rss, iana->index.shared_clean, iana->index.private_clean, iana->index.private_dirty);
}

static void print_memory(const struct memory_report alone[BACKENDS], const struct memory_report shared[BACKENDS],
			 size_t count)
{
	long added = private_added(&shared[IANA]) - private_added(&shared[NOOP]);

	printf("\n## Memory: what the first lookup and %zu hits of each kind add to a process (KiB, /proc/self/smaps)\n\n",
	       count);
	printf("smaps counts a page as private while no other process maps it, clean file pages too.\n\n");
	printf("Alone: no other process maps the module or the index.\n\n| | floor (noop) | iana |\n| --- | ---: | ---: |\n");
	print_memory_rows(&alone[NOOP], &alone[IANA]);
	printf("\nShared: another process holds the same module and index mapped, as on a system where many\n"
	       "processes look services up.\n\n| | floor (noop) | iana |\n| --- | ---: | ---: |\n");
	print_memory_rows(&shared[NOOP], &shared[IANA]);
	printf("\n| target | measured | |\n| --- | ---: | --- |\n");
	printf("| private memory the module adds to a process (iana - floor, shared), at most %d KiB | %ld KiB | %s |\n",
	       TARGET_MODULE_PRIVATE_KIB, added, added <= TARGET_MODULE_PRIVATE_KIB ? "met" : "**not met**");
	/* No Rss means the index was not found among the mappings: nothing measured, nothing met. */
	printf("| the index mapping is clean page cache (Rss over 0, Private_Dirty 0, Anonymous 0) | %ld, %ld, %ld | %s |\n",
	       alone[IANA].index.rss, alone[IANA].index.private_dirty, alone[IANA].index.anonymous,
	       alone[IANA].index.rss > 0 && alone[IANA].index.private_dirty == 0 && alone[IANA].index.anonymous == 0
		       ? "met"
		       : "**not met**");
}

static void run_memory(struct bench *b)
{
	static const enum backend measured[] = { NOOP, IANA };
	struct memory_report alone[BACKENDS] = { 0 }, shared[BACKENDS] = { 0 };
	struct holder holders[2] = { { .pid = -1 }, { .pid = -1 } };
	int ok = 1;

	fprintf(stderr, "nss-bench: memory\n");
	for (int i = 0; i < 2; i++)
		ok = ok && run_memory_child(b, &b->sets[0], measured[i], NULL, &alone[measured[i]]) == 0;
	for (int i = 0; i < 2; i++)
		ok = ok && run_memory_child(b, &b->sets[0], measured[i], &holders[i], NULL) == 0;
	for (int i = 0; i < 2; i++)
		ok = ok && run_memory_child(b, &b->sets[0], measured[i], NULL, &shared[measured[i]]) == 0;
	for (int i = 0; i < 2; i++)
		release(&holders[i]);
	if (!ok) {
		fprintf(stderr, "nss-bench: the memory measurement failed\n");
		b->failed = true;
		return;
	}
	print_memory(alone, shared, b->sample_count);
}

/* The machine is shared: its load says how far the figures can be trusted. */
void print_load(const char *when)
{
	char line[128] = "unknown";
	FILE *f = fopen("/proc/loadavg", "re");

	if (f) {
		if (fgets(line, sizeof(line), f))
			line[strcspn(line, "\n")] = '\0';
		fclose(f);
	}
	printf("Load average (/proc/loadavg) %s: %s.\n", when, line);
}

void print_machine(void)
{
	char model[256] = "unknown", line[512];
	struct utsname u;
	FILE *f = fopen("/proc/cpuinfo", "re");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "model name", 10) == 0) {
			snprintf(model, sizeof(model), "%s", strchr(line, ':') + 2);
			model[strcspn(model, "\n")] = '\0';
			break;
		}
	if (f)
		fclose(f);
	uname(&u);
	printf("Machine: %s, %ld CPUs online, Linux %s %s, glibc %s.\n", model, sysconf(_SC_NPROCESSORS_ONLN), u.release,
	       u.machine, gnu_get_libc_version());
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

static void run_lookups_part(struct bench *b)
{
	print_method(b);
	run_rounds(b);
	printf("\n");
	print_load("after them");
	for (int s = 0; s < b->nsets; s++)
		print_set(b, &b->sets[s]);
	if (!b->failed)
		print_targets(b);
	if (b->memory && !b->failed)
		run_memory(b);
}

/* In the sandbox: "child SERVICES SAMPLE CHECK CHECK_BUDGET BUDGET". */
static int child_main(char **argv)
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

/* In the sandbox: "memory SERVICES INDEX MODULE SAMPLE hold|measure". A holder keeps the index
 * mapped until its standard input closes. */
static int memory_main(char **argv)
{
	struct memory_use before, after, module, index;
	size_t count = strtoul(argv[4], NULL, 10);
	struct sample s;

	if (sample_draw(&s, argv[1], count, SEED) < 0)
		return 1;
	ask_all(&s, NAME_MISS, 0); /* what measuring allocates is allocated before the first reading */
	memory_use_of(NULL, &before);
	for (int k = 0; k < QUESTION_KINDS; k++)
		ask_all(&s, (enum question_kind)k, count);
	memory_use_of(NULL, &after);
	memory_use_of(argv[3], &module);
	memory_use_of(argv[2], &index);
	print_memory_use(stdout, "before", &before);
	print_memory_use(stdout, "after", &after);
	print_memory_use(stdout, "module", &module);
	print_memory_use(stdout, "index", &index);
	if (strcmp(argv[5], "hold") == 0) {
		char c;

		printf("ready\n");
		fflush(stdout);
		while (read(STDIN_FILENO, &c, 1) > 0)
			;
	}
	sample_free(&s);
	return 0;
}

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
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "m:d:r:p:n:b:MvB:fgLR:F:Q:G:h", options, NULL)) != -1) {
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

static const char *const module_files[] = { "libnss_iana.so.2", "libnss_noop.so.2" };

/* The first directory of the colon-separated list dirs that holds name, resolved into found. */
static int find_module(const char *dirs, const char *name, char found[PATH_MAX])
{
	char candidate[PATH_MAX];

	while (*dirs) {
		size_t len = strcspn(dirs, ":");

		snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)len, dirs, name);
		if (access(candidate, R_OK) == 0 && realpath(candidate, found))
			return 0;
		dirs += dirs[len] ? len + 1 : len;
	}
	return -1;
}

/* dlopen searches every directory of LD_LIBRARY_PATH (and its glibc-hwcaps subdirectories) in
 * turn: with both modules in one directory, the floor's and iana's first lookups search alike. */
static int link_modules(struct bench *b)
{
	snprintf(b->module_dir, sizeof(b->module_dir), "%s/modules", b->workdir);
	if (mkdir(b->module_dir, 0755) < 0)
		return -1;
	for (size_t m = 0; m < sizeof(module_files) / sizeof(module_files[0]); m++) {
		char found[PATH_MAX], link[PATH_MAX + 64];

		if (find_module(b->module_path, module_files[m], found) < 0) {
			fprintf(stderr, "nss-bench: no %s in %s\n", module_files[m], b->module_path);
			return -1;
		}
		snprintf(link, sizeof(link), "%s/%s", b->module_dir, module_files[m]);
		if (symlink(found, link) < 0)
			return -1;
	}
	return 0;
}

static void remove_workdir(struct bench *b)
{
	char link[PATH_MAX + 64];

	for (size_t m = 0; m < sizeof(module_files) / sizeof(module_files[0]); m++) {
		snprintf(link, sizeof(link), "%s/%s", b->module_dir, module_files[m]);
		unlink(link);
	}
	rmdir(b->module_dir);
	for (int k = 0; k < BACKENDS; k++)
		unlink(b->conf[k]);
	for (int s = 0; s < b->nsets; s++)
		if (b->sets[s].db) {
			unlink(b->sets[s].db);
			free(b->sets[s].db);
		}
	rmdir(b->workdir);
}

/* The file an index path leads to: the data file its link names, beside it, or the path itself when
 * it holds a whole index. */
static int find_index_data(struct data_set *set)
{
	unsigned char start[INDEX_LINK_MAX_SIZE];
	struct index_link link;
	char path[PATH_MAX], *slash;
	FILE *f = fopen(set->index, "re");
	size_t got;

	if (!f)
		return -1;
	got = fread(start, 1, sizeof(start), f);
	fclose(f);
	if (!realpath(set->index, path))
		return -1;
	if (index_link_parse(&link, start, got) < 0) {
		memcpy(set->index_data, path, sizeof(path));
		return 0;
	}
	slash = strrchr(path, '/');
	*slash = '\0';
	return snprintf(set->index_data, sizeof(set->index_data), "%s/%s", path, link.name) < (int)sizeof(set->index_data)
		       ? 0
		       : -1;
}

static int prepare(struct bench *b)
{
	const char *tmp = getenv("TMPDIR");
	ssize_t n = readlink("/proc/self/exe", b->self, sizeof(b->self) - 1);

	if (n < 0)
		return -1;
	b->self[n] = '\0';
	snprintf(b->workdir, sizeof(b->workdir), "%s/nss-bench.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(b->workdir) || write_confs(b) < 0 || link_modules(b) < 0) {
		fprintf(stderr, "nss-bench: cannot set up %s: %s\n", b->workdir, strerror(errno));
		return -1;
	}
	for (int s = 0; s < b->nsets; s++) {
		if (find_index_data(&b->sets[s]) < 0) {
			fprintf(stderr, "nss-bench: %s: cannot read the index %s\n", b->sets[s].label, b->sets[s].index);
			return -1;
		}
		build_db(b, &b->sets[s], s);
	}
	if (b->db_maker && !b->sets[0].db)
		fprintf(stderr, "nss-bench: libnss-db's makedb is not installed (apt-get install libnss-db): db not measured\n");
	return 0;
}

int main(int argc, char **argv)
{
	static struct bench b = {
		.rounds = 5, .pairs = 3, .sample_count = 2000, .budget_s = 0.2, .check_budget_s = 5, .lookups = true,
		.fresh = { .rounds = 5, .first_runs = 5, .first_questions = 8, .getent_runs = 40 },
	};

	if (argc == 7 && strcmp(argv[1], "child") == 0)
		return child_main(argv + 1);
	if (argc == 7 && strcmp(argv[1], "memory") == 0)
		return memory_main(argv + 1);
	if (argc == 7 && strcmp(argv[1], "first") == 0)
		return first_lookup_main(argv + 1);
	if (argc >= 2 && strcmp(argv[1], "getent-launcher") == 0)
		return getent_launcher_main(argc - 1, argv + 1);
	if (parse_options(&b, argc, argv) < 0 || prepare(&b) < 0)
		return 2;
	if (b.lookups)
		run_lookups_part(&b);
	if (b.fresh.first_lookups)
		run_first_lookups(&b);
	if (b.fresh.getent)
		run_getent(&b);
	remove_workdir(&b);
	return b.failed || any_wrong_answer(&b) ? 1 : 0;
}
