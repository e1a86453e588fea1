/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* measure.h: timing glibc's getservbyname_r and getservbyport_r on a sample, in the process that asks. */
#pragma once
#include <stdio.h>

#include "sample.h"

struct measure_options {
	size_t check_count;   /* questions checked untimed first: hits answered right, misses not found */
	double check_budget_s; /* ... unless that would take longer; then fewer */
	double budget_s;      /* time spent timing each kind */
	unsigned planned_sweeps;   /* sweeps the budget is sized for; a slow backend may get one */
};

struct kind_result {
	double ns_fastest; /* per call: each chunk of questions at its fastest */
	double ns_median;  /* per call: the median sweep over all the chunks */
	size_t asked, sweeps;
	size_t checked, right;
};

/* Checks, then times, every kind of question; glibc answers through whatever nsswitch.conf says. */
void measure_sample(const struct sample *s, const struct measure_options *o, struct kind_result out[QUESTION_KINDS]);
/* What a process's first question added to it: the kernel's page tables for its mappings and the
 * minor page faults, read outside the timed call. */
struct first_growth {
	long page_tables_kib, minor_faults;
};

/* Asks one question and times it: in a process that has not looked services up yet, glibc reads
 * nsswitch.conf and loads the module on the way. */
double time_first_question(enum question_kind kind, const struct question *q, bool *right, struct first_growth *g);
/* Asks the first n questions of a kind once; how many were answered right. */
size_t ask_all(const struct sample *s, enum question_kind kind, size_t n);
void print_results(FILE *f, const struct kind_result r[QUESTION_KINDS]);
int parse_result_line(const char *line, struct kind_result r[QUESTION_KINDS]);
