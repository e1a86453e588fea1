/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench.h: the benchmark's data sets and settings, shared by its parts, and the work directory they run from. */
#pragma once
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "child.h"
#include "measure.h"

#define SEED 20260817u
#define MAX_SETS 4
#define MAX_ROUNDS 64
#define MAX_PROCESSES 256 /* of one backend on one set */
#define LINE_MAX_LEN 512
#define MAX_FRESH_PROCESSES 100000 /* of one backend, kind or question and set, in the fresh parts */

struct data_set {
	const char *label, *services, *index;
	char index_data[PATH_MAX]; /* the file the index path leads to, which a process maps */
	char *db; /* built in the work directory; NULL without libnss-db */
	size_t entries;
	struct kind_result results[BACKENDS][MAX_PROCESSES][QUESTION_KINDS]; /* the first process checks */
	unsigned processes[BACKENDS];
	bool measured[BACKENDS];
};

/* The parts measured in fresh processes: how many and how often. */
struct fresh_settings {
	bool first_lookups, getent;
	unsigned rounds;        /* the spread is given over these */
	unsigned first_runs;    /* a round's processes per first-lookup question and backend */
	size_t first_questions; /* of each kind */
	unsigned getent_runs;   /* a round's getent processes per question and backend */
};

struct bench {
	char self[PATH_MAX], workdir[PATH_MAX], conf[BACKENDS][PATH_MAX + 32], module_dir[PATH_MAX + 16];
	const char *module_path, *db_maker;
	struct data_set sets[MAX_SETS];
	int nsets;
	unsigned rounds, pairs;
	size_t sample_count;
	double budget_s, check_budget_s;
	bool lookups, memory, verbose, failed;
	bool at_index_places; /* no NSS_IANA_INDEX: the module finds its index where it was built to look */
	bool skip[BACKENDS]; /* left out by --backends */
	struct fresh_settings fresh;
};

/* Makes the work directory (an nsswitch.conf per backend, both modules linked side by side, each
 * set's services.db when libnss-db is installed) and finds each set's index data; 0, or -1. */
int bench_prepare(struct bench *b);
void bench_remove_workdir(struct bench *b);
/* What a process of this backend on this set runs in. */
struct child_setup child_setup_for(const struct bench *b, const struct data_set *set, enum backend backend);
