/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-reload.c: an index renamed over the path is seen within a second; no fd is kept; fork is safe. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netdb.h>
#include <time.h>

#include "check.h"

static char dir[PATH_MAX], live[PATH_MAX];

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

	CHECK_INT(ask_tcp(m, "tcponly"), NSS_STATUS_SUCCESS);
	install_index(getenv("ALIASES_INDEX"), live);
	t = seconds_until(m, "tcponly", NSS_STATUS_NOTFOUND);
	fprintf(stderr, "replacement seen after %.3f s\n", t);
	CHECK(t < 1.0);
	CHECK_INT(ask_tcp(m, "www"), NSS_STATUS_SUCCESS);
	unlink(live);
	t = seconds_until(m, "www", NSS_STATUS_UNAVAIL);
	fprintf(stderr, "removal seen after %.3f s\n", t);
	CHECK(t < 1.0);
	install_index(getenv("LOOKUPS_INDEX"), live);
	t = seconds_until(m, "tcponly", NSS_STATUS_SUCCESS);
	fprintf(stderr, "new index seen after %.3f s\n", t);
	CHECK(t < 1.0);
	CHECK_INT(open_fds(), fds);
}

/* The child inherits the mapping and may reload on its own. */
static void after_fork(struct module *m)
{
	pid_t pid;
	int status;

	CHECK_INT(ask_tcp(m, "tcponly"), NSS_STATUS_SUCCESS);
	pid = fork();
	if (pid == 0) {
		CHECK_INT(ask_tcp(m, "tcponly"), NSS_STATUS_SUCCESS);
		install_index(getenv("ALIASES_INDEX"), live);
		CHECK(seconds_until(m, "tcponly", NSS_STATUS_NOTFOUND) < 1.0);
		_exit(check_failures ? 1 : 0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(seconds_until(m, "tcponly", NSS_STATUS_NOTFOUND) < 1.0);
}

int main(void)
{
	live_index_create("reload", dir, live);
	run_case("replaced, removed, restored", live, replaced_removed_restored);
	install_index(env_path("LOOKUPS_INDEX"), live);
	run_case("after fork", live, after_fork);
	test_dir_remove(dir);
	return check_exit();
}
