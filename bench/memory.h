/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* memory.h: what a process and its mappings hold in memory, from /proc/self/smaps. */
#pragma once
#include <stdio.h>

/* In KiB, as smaps counts them: "private" pages are mapped by this process alone. */
struct memory_use {
	long rss, shared_clean, private_clean, private_dirty, anonymous;
};

/* The whole process (path NULL), or the mappings of the file whose path ends with path. */
int memory_use_of(const char *path, struct memory_use *m);
void print_memory_use(FILE *f, const char *label, const struct memory_use *m);
/* Reads a line print_memory_use wrote into m, if its label is label; 0 when it did. */
int parse_memory_use(const char *line, const char *label, struct memory_use *m);
