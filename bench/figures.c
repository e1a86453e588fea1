/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* figures.c: what the parts' reports share: the machine, its load, medians, the kinds of question as columns. */
#include <gnu/libc-version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "figures.h"
#include "sample.h"

int compare_doubles(const void *a, const void *b)
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

double median_of_copy(const double *v, size_t n)
{
	double *copy, m;

	if (n == 0)
		return 0;
	if (!(copy = malloc(n * sizeof(*copy))))
		abort();
	memcpy(copy, v, n * sizeof(*copy));
	m = median_of(copy, n);
	free(copy);
	return m;
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
