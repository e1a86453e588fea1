/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* output.h: output files that appear whole or not at all (temporary file, flush, rename). */
#pragma once
#include <stdbool.h>
#include <stdio.h>

struct output {
	const char *path; /* "-" is standard output, written directly */
	char *tmp_path;
	FILE *f;
};

/* 0 and an open o->f, or -1 after a message. */
int output_begin(struct output *o, const char *path);
/* Flushes, syncs and closes the temporary file; 0, or -1 after a message and output_abort(). */
int output_finish(struct output *o);
/* Renames the finished temporary file over the path; 0, or -1 after a message and output_abort(). */
int output_rename(struct output *o);
/* After a failed write: says why (errno) and drops the temporary file. */
void output_fail(struct output *o);
/* Drops the temporary file; the old file stays as it was. */
void output_abort(struct output *o);
