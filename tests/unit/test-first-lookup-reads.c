/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-first-lookup-reads.c: a process's first lookup is read from the index file and maps nothing; the next one maps it, and answers the same. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>

#include "check.h"

static char data_name[PATH_MAX]; /* the index's data file, as /proc/self/maps names it */

/* Whether this process maps the index's data file. */
static bool data_mapped(void)
{
	char line[PATH_MAX + 128];
	FILE *maps = fopen("/proc/self/maps", "r");
	bool found = false;

	if (!maps)
		exit(2);
	while (fgets(line, sizeof(line), maps))
		if (strstr(line, data_name))
			found = true;
	fclose(maps);
	return found;
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		exit(2);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* An answer as one line: status, names, port or number, protocol. */
struct answer {
	char text[512];
};

static void service_answer(struct answer *a, enum nss_status status, const struct servent *s)
{
	int n = snprintf(a->text, sizeof(a->text), "%d", (int)status);

	if (status != NSS_STATUS_SUCCESS)
		return;
	n += snprintf(a->text + n, sizeof(a->text) - (size_t)n, " %s %d/%s", s->s_name, ntohs((uint16_t)s->s_port), s->s_proto);
	for (char **alias = s->s_aliases; *alias && (size_t)n < sizeof(a->text); alias++)
		n += snprintf(a->text + n, sizeof(a->text) - (size_t)n, " %s", *alias);
}

static void protocol_answer(struct answer *a, enum nss_status status, const struct protoent *p)
{
	int n = snprintf(a->text, sizeof(a->text), "%d", (int)status);

	if (status != NSS_STATUS_SUCCESS)
		return;
	n += snprintf(a->text + n, sizeof(a->text) - (size_t)n, " %s %d", p->p_name, p->p_proto);
	for (char **alias = p->p_aliases; *alias && (size_t)n < sizeof(a->text); alias++)
		n += snprintf(a->text + n, sizeof(a->text) - (size_t)n, " %s", *alias);
}

/* A question of each kind; the port in network order, as glibc passes it. */
struct question {
	int kind;
	const char *name, *protocol;
	int number;
};

static void ask(struct module *m, const struct question *q, struct answer *a)
{
	char buf[1024];
	struct servent s;
	struct protoent p;
	int err = 0;

	switch (q->kind) {
	case 0: service_answer(a, m->getservbyname_r(q->name, q->protocol, &s, buf, sizeof(buf), &err), &s); break;
	case 1: service_answer(a, m->getservbyport_r((int)htons((uint16_t)q->number), q->protocol, &s, buf, sizeof(buf), &err), &s); break;
	case 2: protocol_answer(a, m->getprotobyname_r(q->name, &p, buf, sizeof(buf), &err), &p); break;
	default: protocol_answer(a, m->getprotobynumber_r(q->number, &p, buf, sizeof(buf), &err), &p); break;
	}
}

static const struct question questions[] = {
	{ 0, "http", "tcp", 0 },  { 0, "WWW-HTTP", NULL, 0 }, { 0, "tcponly", "udp", 0 }, { 0, "nosuch", "tcp", 0 },
	{ 0, "http", "nosuchproto", 0 }, { 1, NULL, "tcp", 80 }, { 1, NULL, NULL, 80 }, { 1, NULL, "udp", 4 },
	{ 2, "tcp", NULL, 0 },    { 2, "IPv6-NoNxt", NULL, 0 }, { 2, "nosuch", NULL, 0 }, { 3, NULL, NULL, 17 },
	{ 3, NULL, NULL, 200 },
};
#define QUESTIONS (sizeof(questions) / sizeof(*questions))

static size_t current; /* the question the case asks */

/* The first answer maps nothing, keeps no descriptor and leaves errno; the second maps the index and
 * answers the same. */
static void first_then_mapped(struct module *m)
{
	struct answer first, second;
	int fds = open_fds();

	errno = 1234;
	ask(m, &questions[current], &first);
	CHECK_INT(errno, 1234);
	CHECK(!data_mapped());
	CHECK_INT(open_fds(), fds);
	ask(m, &questions[current], &second);
	CHECK(data_mapped());
	CHECK_STR(first.text, second.text);
}

/* A short buffer on the first lookup is ERANGE, and glibc's retry with a larger one is answered. */
static void short_buffer(struct module *m)
{
	char small[8], buf[1024];
	struct servent s;
	int err = 0;

	CHECK_INT(m->getservbyname_r("http", "tcp", &s, small, sizeof(small), &err), NSS_STATUS_TRYAGAIN);
	CHECK_INT(err, ERANGE);
	CHECK_INT(m->getservbyname_r("http", "tcp", &s, buf, sizeof(buf), &err), NSS_STATUS_SUCCESS);
	CHECK_STR(s.s_name, "http");
}

static void set_data_name(const char *index)
{
	char path[PATH_MAX];
	const char *slash;

	index_data_path(index, path);
	slash = strrchr(path, '/');
	snprintf(data_name, sizeof(data_name), "%s", slash ? slash + 1 : path);
}

int main(void)
{
	const char *lookups = env_path("LOOKUPS_INDEX");

	set_data_name(lookups);
	for (current = 0; current < QUESTIONS; current++)
		run_case("first lookup read, then mapped", lookups, first_then_mapped);
	run_case("short buffer on the first lookup", lookups, short_buffer);
	return check_exit();
}
