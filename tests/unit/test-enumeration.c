/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-enumeration.c: getservent_r and getprotoent_r give every entry once, through short buffers, from many
 * threads and across reloads. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdint.h>

#include "check.h"

#define THREADS 4
#define MAX_ENTRIES 200000

static const char *const lookups_entries[] = {
	"discard 9/tcp", "discard 9/udp", "discard 9/sctp", "discard 9/dccp", "http 80/tcp", "http 80/udp",
	"CAIlic 216/tcp", "spread 4000/tcp", "spread-two 4100/tcp", "tcponly 5000/tcp", "longnames 7000/tcp",
};

/* The protocols of LOOKUPS_INDEX; ALIASES_INDEX has the whole registry's. */
static const char *const lookups_protocols[] = {
	"hopopt 0", "tcp 6", "udp 17", "ipv6-icmp 58", "ipv6-nonxt 59", "mobility-header 135",
};

#define LOOKUPS_PROTOCOLS (sizeof(lookups_protocols) / sizeof(*lookups_protocols))

/* The next entry, growing the buffer from a single byte as glibc does on ERANGE. */
static enum nss_status next_entry(struct module *m, struct servent *s, char **buf, size_t *len)
{
	enum nss_status status;
	int err = 0;

	while ((status = m->getservent_r(s, *buf, *len, &err)) == NSS_STATUS_TRYAGAIN) {
		CHECK_INT(err, ERANGE);
		*len *= 2;
		*buf = realloc(*buf, *len);
	}
	return status;
}

static void in_file_order_through_short_buffers(struct module *m)
{
	size_t len = 1, n = 0;
	char *buf = malloc(len), text[128];
	struct servent s;

	CHECK_INT(m->setservent(0), NSS_STATUS_SUCCESS);
	while (next_entry(m, &s, &buf, &len) == NSS_STATUS_SUCCESS) {
		snprintf(text, sizeof(text), "%s %d/%s", s.s_name, ntohs((uint16_t)s.s_port), s.s_proto);
		CHECK(n < sizeof(lookups_entries) / sizeof(*lookups_entries));
		if (n < sizeof(lookups_entries) / sizeof(*lookups_entries))
			CHECK_STR(text, lookups_entries[n]);
		n++;
	}
	CHECK_INT(n, sizeof(lookups_entries) / sizeof(*lookups_entries));
	/* At the end it stays at the end; setservent starts again. */
	CHECK_INT(next_entry(m, &s, &buf, &len), NSS_STATUS_NOTFOUND);
	CHECK_INT(m->setservent(0), NSS_STATUS_SUCCESS);
	CHECK_INT(next_entry(m, &s, &buf, &len), NSS_STATUS_SUCCESS);
	CHECK_STR(s.s_name, "discard");
	CHECK_INT(m->endservent(), NSS_STATUS_SUCCESS);
	CHECK_INT(next_entry(m, &s, &buf, &len), NSS_STATUS_SUCCESS);
	CHECK_STR(s.s_name, "discard");
	free(buf);
}

static enum nss_status next_protocol(struct module *m, struct protoent *p, char **buf, size_t *len)
{
	enum nss_status status;
	int err = 0;

	while ((status = m->getprotoent_r(p, *buf, *len, &err)) == NSS_STATUS_TRYAGAIN) {
		CHECK_INT(err, ERANGE);
		*len *= 2;
		*buf = realloc(*buf, *len);
	}
	return status;
}

/* The protocol entries from the next on, checked against LOOKUPS_INDEX's from entry n: the count. */
static size_t rest_of_lookups_protocols(struct module *m, size_t n, char **buf, size_t *len)
{
	char text[128];
	struct protoent p;

	for (; next_protocol(m, &p, buf, len) == NSS_STATUS_SUCCESS; n++) {
		snprintf(text, sizeof(text), "%s %d", p.p_name, p.p_proto);
		CHECK(n < LOOKUPS_PROTOCOLS);
		if (n < LOOKUPS_PROTOCOLS)
			CHECK_STR(text, lookups_protocols[n]);
	}
	return n;
}

static void protocols_in_file_order_through_short_buffers(struct module *m)
{
	size_t len = 1;
	char *buf = malloc(len);
	struct protoent p;

	CHECK_INT(m->setprotoent(0), NSS_STATUS_SUCCESS);
	CHECK_INT(rest_of_lookups_protocols(m, 0, &buf, &len), LOOKUPS_PROTOCOLS);
	CHECK_INT(next_protocol(m, &p, &buf, &len), NSS_STATUS_NOTFOUND);
	CHECK_INT(m->setprotoent(0), NSS_STATUS_SUCCESS);
	CHECK_INT(next_protocol(m, &p, &buf, &len), NSS_STATUS_SUCCESS);
	CHECK_STR(p.p_name, "hopopt");
	free(buf);
}

/* Each database has a cursor of its own: one enumeration does not move the other. */
static void cursors_apart(struct module *m)
{
	size_t len = 1;
	char *buf = malloc(len);
	struct protoent p;
	struct servent s;

	CHECK_INT(m->setprotoent(0), NSS_STATUS_SUCCESS);
	CHECK_INT(next_protocol(m, &p, &buf, &len), NSS_STATUS_SUCCESS);
	CHECK_INT(next_protocol(m, &p, &buf, &len), NSS_STATUS_SUCCESS);
	CHECK_INT(m->setservent(0), NSS_STATUS_SUCCESS);
	CHECK_INT(next_entry(m, &s, &buf, &len), NSS_STATUS_SUCCESS);
	CHECK_STR(s.s_name, "discard");
	CHECK_INT(m->endservent(), NSS_STATUS_SUCCESS);
	CHECK_INT(rest_of_lookups_protocols(m, 2, &buf, &len), LOOKUPS_PROTOCOLS);
	free(buf);
}

static char dir[PATH_MAX], live[PATH_MAX];

/* An enumeration begun on one index ends on it when another replaces it midway; lookups move on, and
 * the next enumeration is of the new index. */
static void across_a_reload(struct module *m)
{
	const size_t total = sizeof(lookups_entries) / sizeof(*lookups_entries);
	size_t len = 1, n = 0;
	char *buf = malloc(len), text[128];
	struct servent s;

	CHECK_INT(m->setservent(0), NSS_STATUS_SUCCESS);
	while (n < 3 && next_entry(m, &s, &buf, &len) == NSS_STATUS_SUCCESS)
		n++;
	install_index(env_path("ALIASES_INDEX"), live);
	CHECK(seconds_until(m, "tcponly", NSS_STATUS_NOTFOUND) < 1.0);
	while (next_entry(m, &s, &buf, &len) == NSS_STATUS_SUCCESS) {
		snprintf(text, sizeof(text), "%s %d/%s", s.s_name, ntohs((uint16_t)s.s_port), s.s_proto);
		if (n < total)
			CHECK_STR(text, lookups_entries[n]);
		n++;
	}
	CHECK_INT(n, total);
	CHECK_INT(m->setservent(0), NSS_STATUS_SUCCESS);
	CHECK_INT(next_entry(m, &s, &buf, &len), NSS_STATUS_SUCCESS);
	CHECK_STR(s.s_name, "http");
	free(buf);
}

/* Each database's enumeration keeps the index it began on, when each began on another and two more
 * replace them: four indexes at once, none spliced. */
static void both_across_reloads(struct module *m)
{
	const size_t total = sizeof(lookups_entries) / sizeof(*lookups_entries);
	size_t len = 1, services = 0, protocols;
	char *buf = malloc(len), text[128];
	struct servent s;
	struct protoent p;

	CHECK_INT(m->setservent(0), NSS_STATUS_SUCCESS);
	while (services < 2 && next_entry(m, &s, &buf, &len) == NSS_STATUS_SUCCESS)
		services++;
	install_index(env_path("ALIASES_INDEX"), live);
	CHECK(seconds_until(m, "tcponly", NSS_STATUS_NOTFOUND) < 1.0);
	/* This one begins on the whole registry's protocols. */
	CHECK_INT(m->setprotoent(0), NSS_STATUS_SUCCESS);
	CHECK_INT(next_protocol(m, &p, &buf, &len), NSS_STATUS_SUCCESS);
	install_index(env_path("LOOKUPS_INDEX"), live);
	CHECK(seconds_until(m, "tcponly", NSS_STATUS_SUCCESS) < 1.0);
	install_index(env_path("ALIASES_INDEX"), live);
	CHECK(seconds_until(m, "tcponly", NSS_STATUS_NOTFOUND) < 1.0);
	while (next_entry(m, &s, &buf, &len) == NSS_STATUS_SUCCESS) {
		snprintf(text, sizeof(text), "%s %d/%s", s.s_name, ntohs((uint16_t)s.s_port), s.s_proto);
		if (services < total)
			CHECK_STR(text, lookups_entries[services]);
		services++;
	}
	CHECK_INT(services, total);
	for (protocols = 1; next_protocol(m, &p, &buf, &len) == NSS_STATUS_SUCCESS; protocols++)
		;
	/* Spliced onto the third index, it would have ended after the few protocols that one has. */
	CHECK(protocols > 140);
	free(buf);
}

/* A protocols enumeration begun on one index ends on it when another replaces it midway. */
static void protocols_across_a_reload(struct module *m)
{
	size_t len = 1;
	char *buf = malloc(len);
	struct protoent p;

	CHECK_INT(m->setprotoent(0), NSS_STATUS_SUCCESS);
	CHECK_INT(next_protocol(m, &p, &buf, &len), NSS_STATUS_SUCCESS);
	CHECK_INT(next_protocol(m, &p, &buf, &len), NSS_STATUS_SUCCESS);
	install_index(env_path("ALIASES_INDEX"), live);
	CHECK(seconds_until(m, "tcponly", NSS_STATUS_NOTFOUND) < 1.0);
	CHECK_INT(rest_of_lookups_protocols(m, 2, &buf, &len), LOOKUPS_PROTOCOLS);
	free(buf);
}

struct seen {
	struct module *m;
	int id;
	uint32_t *keys; /* port << 8 | protocol of each entry this thread got */
	size_t count;
};

static uint32_t protocol_code(const char *p)
{
	return (uint32_t)(unsigned char)p[0] << 8 | (unsigned char)p[1];
}

static void *enumerate_thread(void *arg)
{
	struct seen *seen = arg;
	size_t len = 1 + (size_t)seen->id; /* each thread starts short, differently */
	char *buf = malloc(len);
	struct servent s;

	while (next_entry(seen->m, &s, &buf, &len) == NSS_STATUS_SUCCESS && seen->count < MAX_ENTRIES)
		seen->keys[seen->count++] = (uint32_t)ntohs((uint16_t)s.s_port) << 16 | protocol_code(s.s_proto);
	free(buf);
	return NULL;
}

static int compare_keys(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* One cursor for the process: four threads together get every entry exactly once. */
static void shared_by_threads(struct module *m)
{
	struct seen seen[THREADS];
	pthread_t threads[THREADS];
	uint32_t *all = malloc(sizeof(uint32_t) * MAX_ENTRIES * THREADS);
	size_t total = 0, expected = 0;
	char buf[2048];
	struct servent s;
	int err;

	m->setservent(0);
	while (m->getservent_r(&s, buf, sizeof(buf), &err) == NSS_STATUS_SUCCESS)
		expected++;
	m->setservent(0);
	for (int t = 0; t < THREADS; t++) {
		seen[t] = (struct seen){ .m = m, .id = t, .keys = malloc(sizeof(uint32_t) * MAX_ENTRIES) };
		pthread_create(&threads[t], NULL, enumerate_thread, &seen[t]);
	}
	for (int t = 0; t < THREADS; t++) {
		pthread_join(threads[t], NULL);
		memcpy(all + total, seen[t].keys, seen[t].count * sizeof(uint32_t));
		total += seen[t].count;
		fprintf(stderr, "thread %d got %zu entries\n", t, seen[t].count);
		free(seen[t].keys);
	}
	CHECK(expected > 11000);
	CHECK_INT(total, expected);
	qsort(all, total, sizeof(*all), compare_keys);
	for (size_t i = 1; i < total; i++)
		CHECK(all[i] != all[i - 1]);
	free(all);
}

int main(void)
{
	run_case("in file order through short buffers", env_path("LOOKUPS_INDEX"), in_file_order_through_short_buffers);
	run_case("shared by four threads", env_path("FULL_INDEX"), shared_by_threads);
	live_index_create("enumeration", dir, live);
	run_case("across a reload, to the end of the index it began on", live, across_a_reload);
	test_dir_remove(dir);
	run_case("protocols in file order through short buffers", env_path("LOOKUPS_INDEX"),
		 protocols_in_file_order_through_short_buffers);
	run_case("each database's cursor apart", env_path("LOOKUPS_INDEX"), cursors_apart);
	live_index_create("enumeration", dir, live);
	run_case("protocols across a reload, to the end of the index they began on", live, protocols_across_a_reload);
	test_dir_remove(dir);
	live_index_create("enumeration", dir, live);
	run_case("both databases across reloads, each on the index it began on", live, both_across_reloads);
	test_dir_remove(dir);
	return check_exit();
}
