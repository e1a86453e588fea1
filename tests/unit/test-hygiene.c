/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-hygiene.c: a million lookups and a thousand reloads leave no fd, mapping or memory behind, and print nothing. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"

#define LOOKUPS 1000000
#define RELOADS 1000

static char dir[PATH_MAX], live[PATH_MAX];

static int count_dir(const char *path)
{
	DIR *d = opendir(path);
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

/* Mappings of files in the test's directory, and the resident set in kB, from /proc. */
static int index_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;

	while (f && fgets(line, sizeof(line), f))
		n += strstr(line, dir) != NULL;
	if (f)
		fclose(f);
	return n;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static void wait_for(struct module *m, const char *name, enum nss_status want)
{
	CHECK(seconds_until(m, name, want) < 5);
}

static void lookups_and_reloads(struct module *m)
{
	int fds = count_dir("/proc/self/fd");
	long rss_before, rss_after;

	CHECK_INT(ask_tcp(m, "tcponly"), NSS_STATUS_SUCCESS);
	rss_before = rss_kb();
	for (long i = 0; i < LOOKUPS; i++)
		if (ask_tcp(m, i % 2 ? "tcponly" : "nosuchname") == NSS_STATUS_UNAVAIL)
			CHECK(!"the index went away");
	for (int r = 0; r < RELOADS; r++) {
		install_index(getenv(r % 2 ? "LOOKUPS_INDEX" : "ALIASES_INDEX"), live);
		wait_for(m, "tcponly", r % 2 ? NSS_STATUS_SUCCESS : NSS_STATUS_NOTFOUND);
	}
	rss_after = rss_kb();
	fprintf(stderr, "%d lookups, %d reloads: %d open fds before, %d after; %d index mappings; RSS %ld kB -> %ld kB\n",
		LOOKUPS, RELOADS, fds, count_dir("/proc/self/fd"), index_mappings(), rss_before, rss_after);
	CHECK_INT(count_dir("/proc/self/fd"), fds);
	CHECK_INT(index_mappings(), 1);
	CHECK(rss_after - rss_before < 1024);
}

/* Whatever happens, the module itself writes nothing to stdout or stderr. */
static void silent(struct module *m)
{
	char out[PATH_MAX + 16], not_an_index[PATH_MAX + 16], buf[16];
	struct servent s;
	int fd, err;
	struct stat sb;

	snprintf(out, sizeof(out), "%s/output", dir);
	snprintf(not_an_index, sizeof(not_an_index), "%s/not-an-index", dir);
	write_file(not_an_index, "localhost\n", 10);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	fflush(stdout);
	fflush(stderr);
	if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		exit(2);
	ask_tcp(m, "tcponly");
	ask_tcp(m, "nosuchname");
	m->getservbyname_r("tcponly", "tcp", &s, buf, sizeof(buf), &err);
	m->setservent(0);
	while (m->getservent_r(&s, buf, sizeof(buf), &err) != NSS_STATUS_NOTFOUND)
		if (err == ERANGE)
			break;
	unlink(live);
	wait_for(m, "tcponly", NSS_STATUS_UNAVAIL);
	install_index(not_an_index, live);
	nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	ask_tcp(m, "tcponly");
	fflush(stdout);
	fflush(stderr);
	if (fstat(fd, &sb) < 0 || sb.st_size != 0)
		_exit(1);
	close(fd);
}

int main(void)
{
	live_index_create("hygiene", dir, live);
	run_case("a million lookups and a thousand reloads", live, lookups_and_reloads);
	install_index(env_path("LOOKUPS_INDEX"), live);
	run_case("nothing on stdout or stderr", live, silent);
	test_dir_remove(dir);
	return check_exit();
}
