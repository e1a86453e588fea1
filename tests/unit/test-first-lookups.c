/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-first-lookups.c: threads whose first lookups come together, while one of them loads the index, all answer. */
#include <pthread.h>

#include "check.h"

#define THREADS 8
#define PROCESSES 300

static struct module *module;
static pthread_barrier_t start;
static int unanswered;

static void *first_lookup(void *unused)
{
	struct servent s;
	char buf[1024];
	int err;

	pthread_barrier_wait(&start);
	if (module->getservbyname_r("tcponly", "tcp", &s, buf, sizeof(buf), &err) != NSS_STATUS_SUCCESS)
		__atomic_add_fetch(&unanswered, 1, __ATOMIC_RELAXED);
	return unused;
}

/* The others arrive while the first load is under way, after it has moved the next check on. */
static void together(struct module *m)
{
	pthread_t threads[THREADS];

	module = m;
	pthread_barrier_init(&start, NULL, THREADS);
	for (int t = 0; t < THREADS; t++)
		pthread_create(&threads[t], NULL, first_lookup, NULL);
	for (int t = 0; t < THREADS; t++)
		pthread_join(threads[t], NULL);
	CHECK_INT(unanswered, 0);
}

int main(void)
{
	const char *index = env_path("LOOKUPS_INDEX");

	for (int p = 0; p < PROCESSES; p++)
		run_case("first lookups together", index, together);
	return check_exit();
}
