/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench.c: the benchmark's work directory, and what a process of one backend on one data set runs in. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "index-reader.h"

struct child_setup child_setup_for(const struct bench *b, const struct data_set *set, enum backend backend)
{
	return (struct child_setup){
		.program = b->self,
		.module_path = b->module_dir,
		.index = b->at_index_places ? NULL : set->index,
		.sandbox = { .nsswitch_conf = b->conf[backend], .services = set->services, .services_db = set->db },
	};
}

static bool on_path(const char *program)
{
	const char *dir = getenv("PATH");
	char candidate[PATH_MAX];

	for (dir = dir ? dir : "/usr/bin:/bin"; *dir;) {
		size_t len = strcspn(dir, ":");

		snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)len, dir, program);
		if (access(candidate, X_OK) == 0)
			return true;
		dir += dir[len] ? len + 1 : len;
	}
	return false;
}

/* libnss-db's services.db from the set's services file, when libnss-db is installed. */
static void build_db(struct bench *b, struct data_set *set, int n)
{
	char db[PATH_MAX + 32];
	pid_t pid;

	if (!b->db_maker || !on_path("makedb"))
		return;
	snprintf(db, sizeof(db), "%s/services-%d.db", b->workdir, n);
	pid = fork();
	if (pid == 0) {
		execl(b->db_maker, b->db_maker, set->services, db, (char *)NULL);
		_exit(127);
	}
	if (pid > 0 && finished_well(pid))
		set->db = strdup(db);
	else
		fprintf(stderr, "nss-bench: %s: %s failed; db not measured\n", set->label, b->db_maker);
}

static int write_confs(struct bench *b)
{
	for (int k = 0; k < BACKENDS; k++) {
		FILE *f;

		snprintf(b->conf[k], sizeof(b->conf[k]), "%s/nsswitch-%s.conf", b->workdir, backend_module[k]);
		if (!(f = fopen(b->conf[k], "we")))
			return -1;
		fprintf(f, "services: %s\n", backend_module[k]);
		if (fclose(f) != 0)
			return -1;
	}
	return 0;
}

static const char *const module_files[] = { "libnss_iana.so.2", "libnss_noop.so.2" };

/* The first directory of the colon-separated list dirs that holds name, resolved into found. */
static int find_module(const char *dirs, const char *name, char found[PATH_MAX])
{
	char candidate[PATH_MAX];

	while (*dirs) {
		size_t len = strcspn(dirs, ":");

		snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)len, dirs, name);
		if (access(candidate, R_OK) == 0 && realpath(candidate, found))
			return 0;
		dirs += dirs[len] ? len + 1 : len;
	}
	return -1;
}

/* dlopen searches every directory of LD_LIBRARY_PATH (and its glibc-hwcaps subdirectories) in
 * turn: with both modules in one directory, the floor's and iana's first lookups search alike. */
static int link_modules(struct bench *b)
{
	snprintf(b->module_dir, sizeof(b->module_dir), "%s/modules", b->workdir);
	if (mkdir(b->module_dir, 0755) < 0)
		return -1;
	for (size_t m = 0; m < sizeof(module_files) / sizeof(module_files[0]); m++) {
		char found[PATH_MAX], link[PATH_MAX + 64];

		if (find_module(b->module_path, module_files[m], found) < 0) {
			fprintf(stderr, "nss-bench: no %s in %s\n", module_files[m], b->module_path);
			return -1;
		}
		snprintf(link, sizeof(link), "%s/%s", b->module_dir, module_files[m]);
		if (symlink(found, link) < 0)
			return -1;
	}
	return 0;
}

/* The file an index path leads to: the data file its link names, beside it, or the path itself when
 * it holds a whole index. */
static int find_index_data(struct data_set *set)
{
	unsigned char start[INDEX_LINK_MAX_SIZE];
	struct index_link link;
	char path[PATH_MAX], *slash;
	FILE *f = fopen(set->index, "re");
	size_t got;

	if (!f)
		return -1;
	got = fread(start, 1, sizeof(start), f);
	fclose(f);
	if (!realpath(set->index, path))
		return -1;
	if (index_link_parse(&link, start, got) < 0) {
		memcpy(set->index_data, path, sizeof(path));
		return 0;
	}
	slash = strrchr(path, '/');
	*slash = '\0';
	return snprintf(set->index_data, sizeof(set->index_data), "%s/%s", path, link.name) < (int)sizeof(set->index_data)
		       ? 0
		       : -1;
}

int bench_prepare(struct bench *b)
{
	const char *tmp = getenv("TMPDIR");
	ssize_t n = readlink("/proc/self/exe", b->self, sizeof(b->self) - 1);

	if (n < 0)
		return -1;
	b->self[n] = '\0';
	snprintf(b->workdir, sizeof(b->workdir), "%s/nss-bench.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(b->workdir) || write_confs(b) < 0 || link_modules(b) < 0) {
		fprintf(stderr, "nss-bench: cannot set up %s: %s\n", b->workdir, strerror(errno));
		return -1;
	}
	for (int s = 0; s < b->nsets; s++) {
		if (find_index_data(&b->sets[s]) < 0) {
			fprintf(stderr, "nss-bench: %s: cannot read the index %s\n", b->sets[s].label, b->sets[s].index);
			return -1;
		}
		build_db(b, &b->sets[s], s);
	}
	if (b->db_maker && !b->sets[0].db)
		fprintf(stderr, "nss-bench: libnss-db's makedb is not installed (apt-get install libnss-db): db not measured\n");
	return 0;
}

void bench_remove_workdir(struct bench *b)
{
	char link[PATH_MAX + 64];

	for (size_t m = 0; m < sizeof(module_files) / sizeof(module_files[0]); m++) {
		snprintf(link, sizeof(link), "%s/%s", b->module_dir, module_files[m]);
		unlink(link);
	}
	rmdir(b->module_dir);
	for (int k = 0; k < BACKENDS; k++)
		unlink(b->conf[k]);
	for (int s = 0; s < b->nsets; s++)
		if (b->sets[s].db) {
			unlink(b->sets[s].db);
			free(b->sets[s].db);
		}
	rmdir(b->workdir);
}
