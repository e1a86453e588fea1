/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* live-replace.c: threads look up through glibc while the generator replaces the index, alternating registries. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

/* Usage: live-replace GEN REGISTRY_A REGISTRY_B INDEX ROUNDS THREADS
 * Run with nsswitch.conf saying "services: iana" and NSS_IANA_INDEX=INDEX. Threads ask for names whose
 * port is the same in both registries, and must always get it; the main thread has the generator write
 * the index from A and B in turn, and times how long until a name only one of them has shows the change. */

#define MAX_NAMES 4096

extern char **environ;

struct name {
	char name[64], proto[16];
	int port;
};

struct expectations {
	struct name stable[MAX_NAMES]; /* the same port in A and B */
	size_t nstable;
	struct name only_in_b; /* in B, not in A: tells which index is live */
};

static atomic_bool stop;
static atomic_ulong lookups, wrong;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_generator(const char *gen, const char *registry, const char *services, const char *index)
{
	/* The protocol registry the tests pass (an index carries protocols too), not an installed one. */
	const char *protocols = getenv("PROTOCOL_REGISTRY");
	char *argv[] = { (char *)gen, "--registry", (char *)registry, "--index", (char *)index, NULL, NULL, NULL, NULL, NULL };
	int next = 5;
	posix_spawn_file_actions_t quiet;
	pid_t pid;
	int status, spawned;

	if (protocols) {
		argv[next++] = "--protocol-registry";
		argv[next++] = (char *)protocols;
	}
	if (services) {
		argv[next++] = "--services";
		argv[next++] = (char *)services;
	}
	/* The 2024 registry has records with unusable names: their warnings are expected. */
	posix_spawn_file_actions_init(&quiet);
	posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
	spawned = posix_spawn(&pid, gen, &quiet, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&quiet);
	if (spawned != 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* "name port/proto ..." lines of a services file, the first line for each name and protocol. */
static size_t read_services(const char *path, struct name *out, size_t max)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t n = 0;

	while (f && fgets(line, sizeof(line), f) && n < max) {
		struct name e;

		if (line[0] == '#' || sscanf(line, "%63s %d/%15s", e.name, &e.port, e.proto) != 3)
			continue;
		out[n++] = e;
	}
	if (f)
		fclose(f);
	return n;
}

static const struct name *find(const struct name *list, size_t n, const struct name *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].name, key->name) == 0 && strcmp(list[i].proto, key->proto) == 0)
			return &list[i];
	return NULL;
}

static int expect(struct expectations *x, const char *a_services, const char *b_services)
{
	static struct name a[20000], b[20000];
	size_t na = read_services(a_services, a, 20000), nb = read_services(b_services, b, 20000);

	x->only_in_b.name[0] = '\0';
	for (size_t i = 0; i < nb; i++) {
		const struct name *in_a = find(a, na, &b[i]);

		if (in_a && in_a->port == b[i].port && x->nstable < MAX_NAMES && find(b, i, &b[i]) == NULL)
			x->stable[x->nstable++] = b[i];
		else if (!in_a && !x->only_in_b.name[0])
			x->only_in_b = b[i];
	}
	return x->nstable > 1000 && x->only_in_b.name[0] ? 0 : -1;
}

static int port_of(const char *name, const char *proto)
{
	struct servent s, *found = NULL;
	char buf[2048];

	if (getservbyname_r(name, proto, &s, buf, sizeof(buf), &found) != 0 || !found)
		return -1;
	return ntohs((uint16_t)found->s_port);
}

static void *look_up(void *arg)
{
	const struct expectations *x = arg;

	for (size_t i = (size_t)rand(); !atomic_load(&stop); i++) {
		const struct name *e = &x->stable[i % x->nstable];

		if (port_of(e->name, e->proto) != e->port) {
			if (atomic_fetch_add(&wrong, 1) < 10)
				fprintf(stderr, "wrong answer for %s/%s\n", e->name, e->proto);
		}
		atomic_fetch_add(&lookups, 1);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static struct expectations x;
	char a_services[4200], b_services[4200];
	int rounds, nthreads;
	double worst = 0;
	pthread_t threads[64];

	if (argc != 7 || (rounds = atoi(argv[5])) < 1 || (nthreads = atoi(argv[6])) < 1 || nthreads > 64) {
		fprintf(stderr, "usage: live-replace GEN REGISTRY_A REGISTRY_B INDEX ROUNDS THREADS\n");
		return 2;
	}
	snprintf(a_services, sizeof(a_services), "%s.a-services", argv[4]);
	snprintf(b_services, sizeof(b_services), "%s.b-services", argv[4]);
	if (run_generator(argv[1], argv[3], b_services, argv[4]) < 0 ||
	    run_generator(argv[1], argv[2], a_services, argv[4]) < 0 || expect(&x, a_services, b_services) < 0) {
		fprintf(stderr, "live-replace: cannot prepare the two indexes\n");
		return 2;
	}
	printf("%zu names with the same port in both; %s/%s is only in B\n", x.nstable, x.only_in_b.name, x.only_in_b.proto);
	for (int t = 0; t < nthreads; t++)
		pthread_create(&threads[t], NULL, look_up, &x);
	for (int r = 1; r <= rounds; r++) {
		int b_live = r % 2;
		double start, seen;

		if (run_generator(argv[1], b_live ? argv[3] : argv[2], NULL, argv[4]) < 0) {
			fprintf(stderr, "live-replace: the generator failed in round %d\n", r);
			atomic_fetch_add(&wrong, 1);
			break;
		}
		start = now();
		while ((port_of(x.only_in_b.name, x.only_in_b.proto) >= 0) != b_live && now() - start < 5)
			nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
		seen = now() - start;
		worst = seen > worst ? seen : worst;
	}
	atomic_store(&stop, true);
	for (int t = 0; t < nthreads; t++)
		pthread_join(threads[t], NULL);
	printf("%d replacements under %d threads: %lu lookups, %lu wrong answers, each change seen within %.3f s\n",
	       rounds, nthreads, atomic_load(&lookups), atomic_load(&wrong), worst);
	return atomic_load(&wrong) == 0 && worst < 1.0 ? 0 : 1;
}
