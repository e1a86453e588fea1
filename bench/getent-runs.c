/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* getent-runs.c: what a whole `getent services` process costs through iana, the floor and files. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "figures.h"
#include "getent-runs.h"
#include "sample.h"

#define TARGET_GETENT_IANA_OVER_FLOOR 1.10
#define WARMUP_RUNS 5
#define QUESTIONS 4
#define QUESTION_MAX 32

extern char **environ;

/* A process in a backend's sandbox that starts getent when asked and times it from there:
 * setting up the namespace is done once, and the backends can take turns run by run. */
struct launcher {
	FILE *from, *to;
	pid_t pid;
};

struct getent_run {
	struct bench *b;
	char questions[MAX_SETS][QUESTIONS][QUESTION_MAX];
	const char *where[QUESTIONS];
	struct landmark landmarks[MAX_SETS][LANDMARKS];
	size_t per_round; /* runs of a question through a backend in a round */
	double *ns;       /* [set][question][backend][round][per_round] */
	bool answers_agree[MAX_SETS];
};

static double *round_ns(const struct getent_run *r, int set, int question, enum backend backend, unsigned round)
{
	size_t cell = (((size_t)set * QUESTIONS + (size_t)question) * BACKENDS + backend) * r->b->fresh.rounds + round;

	return r->ns + cell * r->per_round;
}

static int start_launcher(struct getent_run *r, int set, enum backend backend, struct launcher *l)
{
	struct child_setup c = child_setup_for(r->b, &r->b->sets[set], backend);
	char *argv[QUESTIONS + 3] = { r->b->self, "getent-launcher" };
	int to;

	for (int q = 0; q < QUESTIONS; q++)
		argv[q + 2] = r->questions[set][q];
	if (!(l->from = spawn_child(&c, argv, &l->pid, &to)))
		return -1;
	if (!(l->to = fdopen(to, "w"))) {
		close(to);
		return -1;
	}
	setvbuf(l->to, NULL, _IOLBF, 0);
	return 0;
}

static void stop_launcher(struct launcher *l)
{
	if (l->pid <= 0)
		return;
	fclose(l->to);
	fclose(l->from);
	finished_well(l->pid);
	l->pid = 0;
}

/* Sends "COMMAND QUESTION" and reads the answer line into reply. */
static int ask_launcher(struct launcher *l, const char *command, int question, char *reply, size_t size)
{
	if (fprintf(l->to, "%s %d\n", command, question) < 0 || fflush(l->to) != 0 || !fgets(reply, (int)size, l->from))
		return -1;
	reply[strcspn(reply, "\n")] = '\0';
	return 0;
}

/* One getent process, timed; its exit status in *status. */
static double time_getent(struct launcher *l, int question, int *status)
{
	char reply[LINE_MAX_LEN];
	double ns;

	if (ask_launcher(l, "time", question, reply, sizeof(reply)) < 0 || sscanf(reply, "%lf %d", &ns, status) != 2)
		return -1;
	return ns;
}

/* Untimed, the answers: iana's the same as files's, both found; the floor finds nothing (exit 2). */
static bool check_answers(struct getent_run *r, int set, struct launcher l[BACKENDS])
{
	bool agree = true;

	for (int q = 0; q < QUESTIONS; q++) {
		char reply[BACKENDS][LINE_MAX_LEN];

		for (enum backend backend = NOOP; backend <= FILES; backend++)
			if (!r->b->skip[backend] && ask_launcher(&l[backend], "check", q, reply[backend], LINE_MAX_LEN) < 0)
				return false;
		agree = agree && strcmp(reply[NOOP], "2 ") == 0 && strncmp(reply[IANA], "0 ", 2) == 0 &&
			(r->b->skip[FILES] || strcmp(reply[IANA], reply[FILES]) == 0);
		if (!agree)
			fprintf(stderr, "nss-bench: getent services %s on %s: noop \"%s\", iana \"%s\", files \"%s\"\n",
				r->questions[set][q], r->b->sets[set].label, reply[NOOP], reply[IANA],
				r->b->skip[FILES] ? "" : reply[FILES]);
	}
	return agree;
}

/* Every question through every backend, in the order of the turn; timed unless warming up. */
static int run_sweep(struct getent_run *r, int set, struct launcher l[BACKENDS], unsigned round, long slot,
		     unsigned turn)
{
	for (int q = 0; q < QUESTIONS; q++)
		for (size_t j = 0; j < FRESH_BACKENDS; j++) {
			enum backend backend = fresh_backend(turn + (unsigned)q, j);
			int status;
			double ns;

			if (r->b->skip[backend])
				continue;
			if ((ns = time_getent(&l[backend], q, &status)) < 0 || status != (backend == NOOP ? 2 : 0)) {
				fprintf(stderr, "nss-bench: getent services %s through %s on %s failed\n", r->questions[set][q],
					backend_module[backend], r->b->sets[set].label);
				return -1;
			}
			if (slot >= 0)
				round_ns(r, set, q, backend, round)[slot] = ns;
		}
	return 0;
}

static int run_set(struct getent_run *r, int set, struct launcher l[BACKENDS])
{
	const struct fresh_settings *f = &r->b->fresh;

	for (enum backend backend = NOOP; backend <= FILES; backend++)
		if (!r->b->skip[backend] && start_launcher(r, set, backend, &l[backend]) < 0)
			return -1;
	if (!(r->answers_agree[set] = check_answers(r, set, l)))
		return -1;
	for (unsigned w = 0; w < WARMUP_RUNS; w++)
		if (run_sweep(r, set, l, 0, -1, w) < 0)
			return -1;
	for (unsigned round = 0; round < f->rounds; round++) {
		fprintf(stderr, "nss-bench: getent on %s, round %u of %u\n", r->b->sets[set].label, round + 1, f->rounds);
		for (unsigned run = 0; run < f->getent_runs; run++)
			if (run_sweep(r, set, l, round, run, round * f->getent_runs + run) < 0)
				return -1;
	}
	return 0;
}

/* Over the rounds [from, to), which round_ns lays side by side. */
static double median_ns(const struct getent_run *r, int set, int q, enum backend backend, unsigned from, unsigned to)
{
	return median_of_copy(round_ns(r, set, q, backend, from), (to - from) * r->per_round);
}

static double ratio(const struct getent_run *r, int set, int q, enum backend over, enum backend under, unsigned from,
		    unsigned to)
{
	return median_ns(r, set, q, over, from, to) / median_ns(r, set, q, under, from, to);
}

static void print_row(const struct getent_run *r, int set, int q)
{
	const struct landmark *m = &r->landmarks[set][q < LANDMARKS ? q : AT_END];
	unsigned rounds = r->b->fresh.rounds;
	double low = 1e300, high = 0, v = ratio(r, set, q, IANA, NOOP, 0, rounds);

	for (unsigned round = 0; round < rounds; round++) {
		double one = ratio(r, set, q, IANA, NOOP, round, round + 1);

		low = one < low ? one : low;
		high = one > high ? one : high;
	}
	printf("| `getent services %s` | %s, entry %zu | %.0f | %.0f |", r->questions[set][q], r->where[q], m->entry,
	       median_ns(r, set, q, NOOP, 0, rounds) / 1e3, median_ns(r, set, q, IANA, 0, rounds) / 1e3);
	if (!r->b->skip[FILES])
		printf(" %.0f |", median_ns(r, set, q, FILES, 0, rounds) / 1e3);
	printf(" %.2f | %.2f to %.2f |", v, low, high);
	if (!r->b->skip[FILES])
		printf(" %.2f |", ratio(r, set, q, IANA, FILES, 0, rounds));
	printf(" %s |\n", v <= TARGET_GETENT_IANA_OVER_FLOOR ? "met" : "**not met**");
}

static void print_set(const struct getent_run *r, int set)
{
	bool files = !r->b->skip[FILES];

	printf("\n## Whole getent processes, %s: %zu entries\n\n", r->b->sets[set].label, r->landmarks[set][0].entries);
	printf("| question | where | floor (noop), us | iana, us |%s iana / floor | lowest and highest round |%s at most %.2f |\n",
	       files ? " files, us |" : "", files ? " iana / files |" : "", TARGET_GETENT_IANA_OVER_FLOOR);
	printf("| --- | --- | ---: | ---: |%s ---: | ---: |%s --- |\n", files ? " ---: |" : "", files ? " ---: |" : "");
	for (int q = 0; q < QUESTIONS; q++)
		print_row(r, set, q);
}

static void print_targets(const struct getent_run *r)
{
	printf("\n## Whole-process targets\n\n| target | measured | |\n| --- | ---: | --- |\n");
	for (int s = 0; s < r->b->nsets; s++) {
		double highest = 0;

		for (int q = 0; q < QUESTIONS; q++) {
			double v = ratio(r, s, q, IANA, NOOP, 0, r->b->fresh.rounds);

			highest = v > highest ? v : highest;
		}
		printf("| whole getent, iana / floor, every question, at most %.2f, %s | %.2f | %s |\n",
		       TARGET_GETENT_IANA_OVER_FLOOR, r->b->sets[s].label, highest,
		       highest <= TARGET_GETENT_IANA_OVER_FLOOR ? "met" : "**not met**");
	}
}

static void print_method(const struct getent_run *r)
{
	const struct fresh_settings *f = &r->b->fresh;

	printf("\n# Whole getent processes, us\n\n");
	print_machine();
	print_load("before the getent runs");
	printf("\nWall time of `getent services QUESTION`, from posix_spawn to waitpid, started by a process that waits\n"
	       "in the backend's mount namespace; one such process per backend, and the backends take turns run by\n"
	       "run, in their six orders in turn, so that each follows each other as often. %d untimed runs of\n"
	       "each, then %u rounds of %u runs of each question through each backend; each figure is the median\n"
	       "of its %zu runs. Through the floor getent finds nothing and exits 2, which only spares it writing\n"
	       "the answer line; iana's answers are checked the same as files's.\n",
	       WARMUP_RUNS, f->rounds, f->getent_runs, f->rounds * r->per_round);
}

static int choose_questions(struct getent_run *r)
{
	static const char *const where[QUESTIONS] = { "start", "middle", "end", "end, by port" };

	for (int s = 0; s < r->b->nsets; s++) {
		struct landmark *m = r->landmarks[s];

		if (sample_landmarks(m, r->b->sets[s].services) < 0)
			return -1;
		for (int l = 0; l < LANDMARKS; l++)
			snprintf(r->questions[s][l], QUESTION_MAX, "%s", m[l].name);
		snprintf(r->questions[s][LANDMARKS], QUESTION_MAX, "%u/%s", m[AT_END].port, m[AT_END].protocol);
	}
	memcpy(r->where, where, sizeof(where));
	return 0;
}

void run_getent(struct bench *b)
{
	struct getent_run r = { .b = b, .per_round = b->fresh.getent_runs };
	int ok;

	r.ns = calloc((size_t)b->nsets * QUESTIONS * BACKENDS * b->fresh.rounds * r.per_round, sizeof(*r.ns));
	if (!r.ns)
		abort();
	print_method(&r);
	ok = choose_questions(&r) == 0;
	for (int s = 0; ok && s < b->nsets; s++) {
		struct launcher l[BACKENDS] = { 0 };

		ok = run_set(&r, s, l) == 0;
		for (enum backend backend = NOOP; backend <= FILES; backend++)
			stop_launcher(&l[backend]);
	}
	if (ok) {
		printf("\n");
		print_load("after them");
		for (int s = 0; s < b->nsets; s++)
			print_set(&r, s);
		print_targets(&r);
	} else {
		b->failed = true;
	}
	free(r.ns);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* getent services QUESTION, its standard output on out; its exit status, or -1. */
static int run_getent_process(const char *question, int null, int out)
{
	char *argv[] = { "getent", "services", (char *)question, NULL };
	posix_spawn_file_actions_t actions;
	int status = -1;
	pid_t pid;

	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, null, STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
	if (posix_spawnp(&pid, "getent", &actions, NULL, argv, environ) != 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	posix_spawn_file_actions_destroy(&actions);
	return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The exit status and the first line of what getent printed: "STATUS LINE". */
static void check_one(const char *question, int null)
{
	char line[LINE_MAX_LEN] = "";
	int out[2], status;
	FILE *f;

	if (pipe2(out, O_CLOEXEC) < 0) {
		printf("-1 \n");
		return;
	}
	status = run_getent_process(question, null, out[1]);
	close(out[1]);
	if ((f = fdopen(out[0], "r"))) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	line[strcspn(line, "\n")] = '\0';
	printf("%d %s\n", status, line);
}

static void time_one(const char *question, int null)
{
	double start = now_ns();
	int status = run_getent_process(question, null, null);

	printf("%.0f %d\n", now_ns() - start, status);
}

/* In the sandbox: "getent-launcher QUESTION...", then "time N" or "check N" a line on standard input. */
int getent_launcher_main(int argc, char **argv)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	char command[32];
	int q;

	if (null < 0)
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (scanf("%31s %d", command, &q) == 2 && q >= 0 && q < argc - 1) {
		if (strcmp(command, "check") == 0)
			check_one(argv[q + 1], null);
		else
			time_one(argv[q + 1], null);
	}
	close(null);
	return 0;
}
