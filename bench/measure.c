/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* measure.c: timing glibc's getservbyname_r and getservbyport_r on a sample, in the process that asks. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"

#define ANSWER_BUFFER 4096
#define WARMUP_CALLS 16
#define CHUNK_NS 200e3 /* well under a time slice of a busy CPU */
#define MIN_CHUNK 8
#define MIN_ASKED 128
#define MAX_CHUNKS 256
#define MAX_SWEEPS 4096

struct asker {
	struct servent entry;
	char buffer[ANSWER_BUFFER];
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static struct servent *ask(struct asker *a, enum question_kind kind, const struct question *q)
{
	struct servent *found = NULL;

	if (kind == NAME_HIT || kind == NAME_MISS)
		getservbyname_r(q->name, q->protocol, &a->entry, a->buffer, sizeof(a->buffer), &found);
	else
		getservbyport_r(htons(q->port), q->protocol, &a->entry, a->buffer, sizeof(a->buffer), &found);
	return found;
}

static bool has_name(const struct servent *e, const char *name)
{
	if (strcasecmp(e->s_name, name) == 0)
		return true;
	for (char **alias = e->s_aliases; *alias; alias++)
		if (strcasecmp(*alias, name) == 0)
			return true;
	return false;
}

/* A hit must come back with the asked protocol, and the name or the port (and its official name). */
static bool answered_right(enum question_kind kind, const struct question *q, const struct servent *e)
{
	switch (kind) {
	case NAME_HIT:
		return e && strcmp(e->s_proto, q->protocol) == 0 && has_name(e, q->name);
	case PORT_HIT:
		return e && strcmp(e->s_proto, q->protocol) == 0 && ntohs((uint16_t)e->s_port) == q->port &&
		       strcmp(e->s_name, q->official) == 0;
	default:
		return !e;
	}
}

static void check(struct asker *a, enum question_kind kind, const struct question *q, size_t count,
		  double budget_ns, struct kind_result *r)
{
	double start = now_ns();

	for (r->checked = 0; r->checked < count && (r->checked < WARMUP_CALLS || now_ns() - start < budget_ns);
	     r->checked++)
		r->right += answered_right(kind, &q[r->checked], ask(a, kind, &q[r->checked]));
}

static double ns_for(struct asker *a, enum question_kind kind, const struct question *q, size_t n)
{
	double start = now_ns();

	for (size_t i = 0; i < n; i++)
		ask(a, kind, &q[i]);
	return now_ns() - start;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static size_t clamp(size_t n, size_t low, size_t high)
{
	return n < low ? low : n > high ? high : n;
}

/* The first r->asked questions, in chunks of about CHUNK_NS, sweep after sweep until the budget is
 * spent. On a busy machine a chunk that short runs uninterrupted now and then, a whole sweep
 * seldom: the sum of each chunk's fastest time is the cost of the questions themselves. */
static void time_kind(struct asker *a, enum question_kind kind, const struct question *q, size_t count,
		      const struct measure_options *o, struct kind_result *r)
{
	size_t warmup = count < WARMUP_CALLS ? count : WARMUP_CALLS, chunk, chunks;
	double fastest[MAX_CHUNKS], sweep[MAX_SWEEPS], budget_ns = o->budget_s * 1e9, spent = 0, estimate, sum = 0;

	/* The first call of a process loads the module and reads nsswitch.conf: never timed. */
	ns_for(a, kind, q, warmup);
	estimate = ns_for(a, kind, q, warmup) / (double)warmup;
	chunk = clamp((size_t)(CHUNK_NS / estimate), MIN_CHUNK, count);
	/* As many chunks as planned_sweeps sweeps of them fit in the budget, but enough questions that a
	 * slow backend (files reads up to the line it finds) is timed on a fair share of the file. */
	chunks = (size_t)(budget_ns / o->planned_sweeps / estimate) / chunk;
	chunks = clamp(chunks, (MIN_ASKED + chunk - 1) / chunk, count / chunk);
	chunks = clamp(chunks, 1, MAX_CHUNKS);
	r->asked = chunks * chunk;
	for (size_t c = 0; c < chunks; c++)
		fastest[c] = 1e300;
	for (r->sweeps = 0; r->sweeps < MAX_SWEEPS && (r->sweeps == 0 || spent < budget_ns); r->sweeps++) {
		double total = 0;

		for (size_t c = 0; c < chunks; c++) {
			double t = ns_for(a, kind, q + c * chunk, chunk);

			fastest[c] = t < fastest[c] ? t : fastest[c];
			total += t;
		}
		sweep[r->sweeps] = total / (double)r->asked;
		spent += total;
	}
	for (size_t c = 0; c < chunks; c++)
		sum += fastest[c];
	qsort(sweep, r->sweeps, sizeof(*sweep), compare_doubles);
	r->ns_fastest = sum / (double)r->asked;
	r->ns_median = sweep[r->sweeps / 2];
}

void measure_sample(const struct sample *s, const struct measure_options *o, struct kind_result out[QUESTION_KINDS])
{
	struct asker *a = malloc(sizeof(*a));

	if (!a)
		abort();
	for (int k = 0; k < QUESTION_KINDS; k++) {
		memset(&out[k], 0, sizeof(out[k]));
		check(a, (enum question_kind)k, s->questions[k], o->check_count < s->count ? o->check_count : s->count,
		      o->check_budget_s * 1e9, &out[k]);
		time_kind(a, (enum question_kind)k, s->questions[k], s->count, o, &out[k]);
	}
	free(a);
}

/* VmPTE of /proc/self/status, read with no allocation, so that the heap stays as the call finds it. */
static long page_tables_kib(void)
{
	char status[4096];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, status, sizeof(status) - 1);
	const char *line;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	status[n] = '\0';
	line = strstr(status, "\nVmPTE:");
	return line ? strtol(line + strlen("\nVmPTE:"), NULL, 10) : -1;
}

static long minor_faults(void)
{
	struct rusage u;

	return getrusage(RUSAGE_SELF, &u) == 0 ? u.ru_minflt : -1;
}

double time_first_question(enum question_kind kind, const struct question *q, bool *right, struct first_growth *g)
{
	struct asker *a = malloc(sizeof(*a));
	struct servent *found;
	double start, ns;
	long tables, faults;

	if (!a)
		abort();
	tables = page_tables_kib();
	faults = minor_faults();
	start = now_ns();
	found = ask(a, kind, q);
	ns = now_ns() - start;
	g->minor_faults = minor_faults() - faults;
	g->page_tables_kib = page_tables_kib() - tables;
	*right = answered_right(kind, q, found);
	free(a);
	return ns;
}

size_t ask_all(const struct sample *s, enum question_kind kind, size_t n)
{
	struct kind_result r = { 0 };
	struct asker *a = malloc(sizeof(*a));

	if (!a)
		abort();
	check(a, kind, s->questions[kind], n < s->count ? n : s->count, 1e18, &r);
	free(a);
	return r.right;
}

/* One line per kind: "result KIND FASTEST MEDIAN ASKED SWEEPS CHECKED RIGHT". */
void print_results(FILE *f, const struct kind_result r[QUESTION_KINDS])
{
	for (int k = 0; k < QUESTION_KINDS; k++)
		fprintf(f, "result %d %.1f %.1f %zu %zu %zu %zu\n", k, r[k].ns_fastest, r[k].ns_median, r[k].asked,
			r[k].sweeps, r[k].checked, r[k].right);
}

int parse_result_line(const char *line, struct kind_result r[QUESTION_KINDS])
{
	struct kind_result one;
	int k;

	if (sscanf(line, "result %d %lf %lf %zu %zu %zu %zu", &k, &one.ns_fastest, &one.ns_median, &one.asked,
		   &one.sweeps, &one.checked, &one.right) != 7 || k < 0 || k >= QUESTION_KINDS)
		return -1;
	r[k] = one;
	return 0;
}
