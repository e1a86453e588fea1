/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-reload.c: an index renamed over the path is seen within a second; no fd is kept; fork is safe. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netdb.h>
#include <time.h>

#include "check.h"

static char dir[] = "/tmp/nss-iana-reload.XXXXXX";
static char live[64];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum nss_status ask(struct module *m, const char *name)
{
	char buf[1024];
	struct servent s;
	int err;

	return m->getservbyname_r(name, "tcp", &s, buf, sizeof(buf), &err);
}

/* Copies an index to a temporary name beside the live one and renames it over, as the generator does. */
static void install(const char *from)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "cp '%s' '%s.new' && mv -f '%s.new' '%s'", from, live, live, live);
	if (system(cmd) != 0)
		exit(2);
}

/* Seconds until the answer for name becomes want. */
static double time_until(struct module *m, const char *name, enum nss_status want)
{
	double start = now();

	while (ask(m, name) != want && now() - start < 5)
		;
	return now() - start;
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static void replaced_removed_restored(struct module *m)
{
	int fds = open_fds();
	double t;

	CHECK_INT(ask(m, "tcponly"), NSS_STATUS_SUCCESS);
	install(getenv("ALIASES_INDEX"));
	t = time_until(m, "tcponly", NSS_STATUS_NOTFOUND);
	fprintf(stderr, "replacement seen after %.3f s\n", t);
	CHECK(t < 1.0);
	CHECK_INT(ask(m, "www"), NSS_STATUS_SUCCESS);
	unlink(live);
	t = time_until(m, "www", NSS_STATUS_UNAVAIL);
	fprintf(stderr, "removal seen after %.3f s\n", t);
	CHECK(t < 1.0);
	install(getenv("LOOKUPS_INDEX"));
	t = time_until(m, "tcponly", NSS_STATUS_SUCCESS);
	fprintf(stderr, "new index seen after %.3f s\n", t);
	CHECK(t < 1.0);
	CHECK_INT(open_fds(), fds);
}

/* The child inherits the mapping and may reload on its own. */
static void after_fork(struct module *m)
{
	pid_t pid;
	int status;

	CHECK_INT(ask(m, "tcponly"), NSS_STATUS_SUCCESS);
	pid = fork();
	if (pid == 0) {
		CHECK_INT(ask(m, "tcponly"), NSS_STATUS_SUCCESS);
		install(getenv("ALIASES_INDEX"));
		CHECK(time_until(m, "tcponly", NSS_STATUS_NOTFOUND) < 1.0);
		_exit(check_failures ? 1 : 0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(time_until(m, "tcponly", NSS_STATUS_NOTFOUND) < 1.0);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 2;
	snprintf(live, sizeof(live), "%s/services.idx", dir);
	env_path("ALIASES_INDEX");
	install(env_path("LOOKUPS_INDEX"));
	run_case("replaced, removed, restored", live, replaced_removed_restored);
	install(env_path("LOOKUPS_INDEX"));
	run_case("after fork", live, after_fork);
	unlink(live);
	rmdir(dir);
	return check_exit();
}
