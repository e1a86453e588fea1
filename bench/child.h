/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* child.h: the backends, and starting the benchmark's own processes in a sandbox of one of them. */
#pragma once
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "sandbox.h"

enum backend { NOOP, IANA, FILES, DB, BACKENDS };

extern const char *const backend_module[BACKENDS]; /* the word of nsswitch.conf */
extern const char *const backend_label[BACKENDS];

/* The floor, iana and files, in the turn-th of their orders: each backend follows each other as
 * often over six turns, so that what a slow one leaves behind (files has read a large file through
 * the caches) falls on the others alike. */
#define FRESH_BACKENDS 3
enum backend fresh_backend(unsigned turn, size_t position);

/* Every backend's processes get the same environment, so that only nsswitch.conf differs. */
struct child_setup {
	const char *program;     /* run with argv in the sandbox */
	const char *module_path; /* LD_LIBRARY_PATH */
	const char *index;       /* NSS_IANA_INDEX, or NULL for the module's own places */
	struct sandbox sandbox;
};

/* Starts the program in its sandbox, its standard output (and input, if to_child is not NULL)
 * piped to us; NULL on failure. */
FILE *spawn_child(const struct child_setup *c, char **argv, pid_t *pid, int *to_child);
/* Waits for the process: true if it exited with 0. */
bool finished_well(pid_t pid);
