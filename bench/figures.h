/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* figures.h: what the parts' reports share: the machine, its load, medians, the kinds of question as columns. */
#pragma once
#include <stddef.h>

/* For qsort: lowest first. */
int compare_doubles(const void *a, const void *b);
double median_of(double *v, size_t n); /* sorts v */
/* The median of n figures, left in their order. */
double median_of_copy(const double *v, size_t n);
/* The machine and its load, which says how far the figures can be trusted on a shared one. */
void print_machine(void);
void print_load(const char *when);
/* A Markdown table's header row: first, then one column per kind of question. */
void print_kinds_header(const char *first);
