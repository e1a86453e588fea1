/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check.h: the unit tests' assertions, cases run in child processes, and the module loaded with dlopen. */
#pragma once
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <nss.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "index-format.h"

static int check_failures;
static int check_count; /* the checks made, failed or not, in this process */

#define CHECK(cond)                                                                      \
	do {                                                                             \
		check_count++;                                                           \
		if (!(cond)) {                                                           \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			check_failures++;                                                \
		}                                                                        \
	} while (0)

#define CHECK_STR(got, want)                                                                  \
	do {                                                                                  \
		const char *got_ = (got), *want_ = (want);                                    \
		check_count++;                                                                \
		if (!got_ || strcmp(got_, want_) != 0) {                                      \
			fprintf(stderr, "%s:%d: %s is \"%s\", not \"%s\"\n", __FILE__, __LINE__, #got, \
				got_ ? got_ : "(null)", want_);                               \
			check_failures++;                                                     \
		}                                                                             \
	} while (0)

#define CHECK_INT(got, want)                                                                   \
	do {                                                                                   \
		long got_ = (long)(got), want_ = (long)(want);                                 \
		check_count++;                                                                 \
		if (got_ != want_) {                                                           \
			fprintf(stderr, "%s:%d: %s is %ld, not %ld\n", __FILE__, __LINE__, #got, got_, want_); \
			check_failures++;                                                      \
		}                                                                              \
	} while (0)

/* Text built up piece by piece, for one CHECK_STR of many lines; cut short at its size. */
struct check_text {
	char buf[2048];
	size_t len;
};

__attribute__((format(printf, 2, 3))) static inline void check_text_add(struct check_text *t, const char *fmt, ...)
{
	size_t room = sizeof(t->buf) - t->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < room ? (size_t)n : room - 1;
}

/* Runs check_one on each case of the array cases, and says ok or FAIL with the case's what. */
#define CHECK_CASES(cases, check_one)                                                                    \
	do {                                                                                             \
		for (size_t case_ = 0; case_ < sizeof(cases) / sizeof((cases)[0]); case_++) {           \
			int failures_ = check_failures;                                                  \
			check_one(&(cases)[case_]);                                                      \
			fprintf(stderr, "%s: %s\n", check_failures == failures_ ? "ok" : "FAIL",         \
				(cases)[case_].what);                                                    \
		}                                                                                        \
	} while (0)

/* The module's entry points, as glibc finds them. */
struct module {
	void *handle;
	nss_getservbyname_r *getservbyname_r;
	nss_getservbyport_r *getservbyport_r;
	nss_setservent *setservent;
	nss_getservent_r *getservent_r;
	nss_endservent *endservent;
	nss_getprotobyname_r *getprotobyname_r;
	nss_getprotobynumber_r *getprotobynumber_r;
	nss_setprotoent *setprotoent;
	nss_getprotoent_r *getprotoent_r;
	nss_endprotoent *endprotoent;
};

static void *module_symbol(void *handle, const char *name)
{
	void *sym = dlsym(handle, name);

	if (!sym) {
		fprintf(stderr, "the module does not export %s\n", name);
		exit(2);
	}
	return sym;
}

static inline struct module module_load(void)
{
	const char *path = getenv("NSS_IANA_MODULE");
	struct module m = { .handle = path ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL };

	if (!m.handle) {
		fprintf(stderr, "cannot load the module (NSS_IANA_MODULE=%s): %s\n", path ? path : "", dlerror());
		exit(2);
	}
	m.getservbyname_r = (nss_getservbyname_r *)module_symbol(m.handle, "_nss_iana_getservbyname_r");
	m.getservbyport_r = (nss_getservbyport_r *)module_symbol(m.handle, "_nss_iana_getservbyport_r");
	m.setservent = (nss_setservent *)module_symbol(m.handle, "_nss_iana_setservent");
	m.getservent_r = (nss_getservent_r *)module_symbol(m.handle, "_nss_iana_getservent_r");
	m.endservent = (nss_endservent *)module_symbol(m.handle, "_nss_iana_endservent");
	m.getprotobyname_r = (nss_getprotobyname_r *)module_symbol(m.handle, "_nss_iana_getprotobyname_r");
	m.getprotobynumber_r = (nss_getprotobynumber_r *)module_symbol(m.handle, "_nss_iana_getprotobynumber_r");
	m.setprotoent = (nss_setprotoent *)module_symbol(m.handle, "_nss_iana_setprotoent");
	m.getprotoent_r = (nss_getprotoent_r *)module_symbol(m.handle, "_nss_iana_getprotoent_r");
	m.endprotoent = (nss_endprotoent *)module_symbol(m.handle, "_nss_iana_endprotoent");
	return m;
}

static inline const char *env_path(const char *name)
{
	const char *path = getenv(name);

	if (!path) {
		fprintf(stderr, "%s is not set: run the tests through meson test\n", name);
		exit(2);
	}
	return path;
}

/* Each case runs in a child that loads the module afresh, with the index it is given. */
static inline void run_case(const char *name, const char *index, void (*fn)(struct module *))
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		struct module m;

		setenv("NSS_IANA_INDEX", index, 1);
		m = module_load();
		fn(&m);
		exit(check_failures ? 1 : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "FAIL: %s\n", name);
		check_failures++;
	} else {
		fprintf(stderr, "ok: %s\n", name);
	}
}

/* Replaces the index at live as the generator does: the data files of the link at from beside live
 * first, then a copy of the link (or of a whole index) renamed over it. */
static inline void install_index(const char *from, const char *live)
{
	char cmd[8 * PATH_MAX];

	if (snprintf(cmd, sizeof(cmd),
		     "for d in '%s'.????????????????; do [ ! -e \"$d\" ] || cp -p \"$d\" \"$(dirname '%s')\"; done && "
		     "cp '%s' '%s.new' && mv -f '%s.new' '%s'",
		     from, live, from, live, live, live) >= (int)sizeof(cmd) ||
	    system(cmd) != 0)
		exit(2);
}

/* The data file the index link at path names, beside it, into data (PATH_MAX bytes). */
static inline void index_data_path(const char *path, char *data)
{
	char link[INDEX_LINK_MAX_SIZE + 1];
	FILE *f = fopen(path, "rb");
	size_t got = f ? fread(link, 1, sizeof(link) - 1, f) : 0;
	const char *slash = strrchr(path, '/');

	if (f)
		fclose(f);
	link[got] = '\0';
	if (got <= INDEX_LINK_OFF_NAME ||
	    snprintf(data, PATH_MAX, "%.*s%s", slash ? (int)(slash - path + 1) : 0, path, link + INDEX_LINK_OFF_NAME) >=
		    PATH_MAX)
		exit(2);
}

static inline void write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len || close(fd) < 0) {
		perror(path);
		exit(2);
	}
}

/* A directory of the test's own under $TMPDIR, written into dir (PATH_MAX bytes); test_dir_remove()
 * takes it away. */
static inline void test_dir_create(const char *name, char *dir)
{
	const char *tmp = getenv("TMPDIR");

	if (snprintf(dir, PATH_MAX, "%s/nss-iana-%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", name) >= PATH_MAX ||
	    !mkdtemp(dir)) {
		perror(dir);
		exit(2);
	}
}

static inline void test_dir_remove(const char *dir)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		exit(2);
}

/* The test's directory (dir) holding the index the module is pointed at (live), first a copy of
 * LOOKUPS_INDEX; both PATH_MAX bytes. */
static inline void live_index_create(const char *name, char *dir, char *live)
{
	test_dir_create(name, dir);
	if (snprintf(live, PATH_MAX, "%s/services.idx", dir) >= PATH_MAX)
		exit(2);
	env_path("ALIASES_INDEX");
	install_index(env_path("LOOKUPS_INDEX"), live);
}

static inline enum nss_status ask_tcp(struct module *m, const char *name)
{
	char buf[1024];
	struct servent s;
	int err;

	return m->getservbyname_r(name, "tcp", &s, buf, sizeof(buf), &err);
}

static inline double monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds until the answer for name over tcp becomes want, giving up after 5. */
static inline double seconds_until(struct module *m, const char *name, enum nss_status want)
{
	double start = monotonic_seconds();

	while (ask_tcp(m, name) != want && monotonic_seconds() - start < 5)
		;
	return monotonic_seconds() - start;
}

static inline int check_exit(void)
{
	if (check_failures)
		fprintf(stderr, "%d check(s) failed\n", check_failures);
	return check_failures ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* check_exit() for a test whose checks all run in this process: it says how many there were. */
static inline int check_done(void)
{
	fprintf(stderr, "%d checks\n", check_count);
	return check_exit();
}
