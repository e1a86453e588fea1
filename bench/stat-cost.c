/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* stat-cost.c: the stat() of nsswitch.conf glibc makes on every lookup, timed alone and within a whole lookup. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#define CHUNK 64
#define CHUNKS 32
#define SWEEPS 200

enum timed { STAT_ALONE, LOOKUP, TIMED_COUNT };

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double chunk_ns(enum timed what, const char *path)
{
	struct servent entry, *found;
	struct stat st;
	char buffer[1024];
	double start = now_ns();

	for (int i = 0; i < CHUNK; i++)
		if (what == STAT_ALONE)
			stat(path, &st);
		else
			getservbyname_r("imaps", "tcp", &entry, buffer, sizeof(buffer), &found);
	return now_ns() - start;
}

/* Usage: stat-cost [PATH]. The two are timed in turn, chunk by chunk, so that both see the same
 * machine; each chunk is taken at its fastest sweep, as nss-bench does. Run it where nsswitch.conf
 * says "services: noop", and the lookup is glibc's dispatch floor. */
int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/etc/nsswitch.conf";
	static double fastest[TIMED_COUNT][CHUNKS];
	double sum[TIMED_COUNT] = { 0 };

	for (int t = 0; t < TIMED_COUNT; t++)
		for (int c = 0; c < CHUNKS; c++)
			fastest[t][c] = 1e300;
	chunk_ns(LOOKUP, path); /* loads the module: never timed */
	for (int s = 0; s < SWEEPS; s++)
		for (int c = 0; c < CHUNKS; c++)
			for (int t = 0; t < TIMED_COUNT; t++) {
				double ns = chunk_ns((enum timed)t, path);

				fastest[t][c] = ns < fastest[t][c] ? ns : fastest[t][c];
			}
	for (int t = 0; t < TIMED_COUNT; t++)
		for (int c = 0; c < CHUNKS; c++)
			sum[t] += fastest[t][c] / (CHUNK * CHUNKS);
	printf("stat %.0f lookup %.0f\n", sum[STAT_ALONE], sum[LOOKUP]);
	return 0;
}
