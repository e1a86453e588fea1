/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explain.c: what a port or a service name is: the registry's records for it, and the services file's lines. */
#include <stdlib.h>
#include <string.h>

#include "explained.h"
#include "explain.h"
#include "index-format.h"
#include "log.h"
#include "record.h"
#include "xalloc.h"

#define QUESTION_MAX 128

static const struct port_range port_ranges[] = {
	{ 0, 1023, "System Ports", true },
	{ 1024, 49151, "User Ports", true },
	{ 49152, 65535, "Dynamic and/or Private Ports", false },
};

static int bad_question(const char *question)
{
	char shown[QUESTION_MAX];

	log_error(NULL, "'%s' is neither a port, PORT/PROTOCOL nor a service name",
		  printable(question, shown, sizeof(shown)));
	return EXPLAIN_BAD;
}

/* The protocol after a '/', lower-cased: a word of letters, digits and hyphens. */
static bool parse_protocol(const char *s, char protocol[PROTOCOL_MAX])
{
	size_t len = strlen(s);

	if (len == 0 || len >= PROTOCOL_MAX || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != len)
		return false;
	for (size_t i = 0; i <= len; i++)
		protocol[i] = (char)index_ascii_lower((unsigned char)s[i]);
	return true;
}

/* 0, or EXPLAIN_BAD after a message. */
static int parse_question(const char *text, struct question *q, char what[QUESTION_MAX])
{
	const char *slash = strchr(text, '/');
	size_t len = slash ? (size_t)(slash - text) : strlen(text);

	*q = (struct question){ .text = text };
	if (strlen(text) >= QUESTION_MAX || len == 0 || (slash && !parse_protocol(slash + 1, q->protocol)))
		return bad_question(text);
	memcpy(what, text, len);
	what[len] = '\0';
	if (strspn(what, "0123456789") == len) {
		if (len > 5 || strtoul(what, NULL, 10) > 65535) {
			log_error(NULL, "port %s is over 65535", what);
			return EXPLAIN_BAD;
		}
		q->port = (unsigned)strtoul(what, NULL, 10);
		return 0;
	}
	if (!name_usable(what, len))
		return bad_question(text);
	q->name = what;
	return 0;
}

static bool protocol_matches(const struct question *q, const char *protocol)
{
	return !q->protocol[0] || !protocol || !*protocol || strcmp(q->protocol, protocol) == 0;
}

static bool record_matches(const struct registry_key *key, void *userdata)
{
	const struct question *q = userdata;
	struct number_range range;

	if (!protocol_matches(q, key->protocol))
		return false;
	if (q->name)
		return key->name && index_names_equal(key->name, q->name);
	return key->number && parse_number_range(key->number, 65535, &range) == 0 && range.first <= q->port &&
	       q->port <= range.last;
}

static bool later(const char *date, const char *since)
{
	return date && strcmp(date, since) > 0;
}

static bool record_changed(const struct registry_key *key, void *since)
{
	return later(key->registered, since) || later(key->modified, since);
}

static bool line_has_name(const struct table *t, const struct line *l, const char *name)
{
	for (uint32_t n = 0; n < l->name_count; n++)
		if (index_names_equal(line_name(t, l, n), name))
			return true;
	return false;
}

static bool line_answers(const struct table *t, const struct line *l, const struct question *q)
{
	if (q->protocol[0] && strcmp(line_proto(t, l), q->protocol) != 0)
		return false;
	return q->name ? line_has_name(t, l, q->name) : l->number == q->port;
}

/* The first line of a protocol with the name: the one every reader answers it from. */
static const struct line *line_of_name(const struct table *t, const char *name, const char *protocol)
{
	for (size_t i = 0; i < t->nlines; i++)
		if ((!protocol || strcmp(line_proto(t, &t->lines[i]), protocol) == 0) && line_has_name(t, &t->lines[i], name))
			return &t->lines[i];
	return NULL;
}

static const struct line *line_at(const struct table *t, unsigned port, const char *protocol)
{
	for (size_t i = 0; i < t->nlines; i++)
		if (t->lines[i].number == port && strcmp(line_proto(t, &t->lines[i]), protocol) == 0)
			return &t->lines[i];
	return NULL;
}

/* The source of the overlay binding of the name (on the protocol, or on any) that wins; 0 for none. */
static unsigned overlay_binding(const struct table *t, const char *name, const char *protocol)
{
	unsigned source = 0;

	for (size_t i = 0; i < t->nbindings; i++) {
		const struct binding *b = &t->bindings[i];

		if (b->source > source && (!protocol || strcmp(strpool_get(&t->pool, b->proto), protocol) == 0) &&
		    index_names_equal(strpool_get(&t->pool, b->name), name))
			source = b->source;
	}
	return source;
}

const char *answer_source_label(const struct explain_request *req, unsigned source)
{
	if (source == SOURCE_REGISTRY)
		return "the registry";
	if (source == 1 && req->builtin_overlay)
		return "the built-in netbase overlay";
	return req->table->overlays[source - 1];
}

/* Why the record's name is not on the line of its port: the line that has it instead, and what put it there. */
static void explain_absence(const struct answer *a, const struct registry_entry *e, const struct number_range *range,
			    unsigned port, struct file_status *st)
{
	const struct table *t = a->req->table;
	const struct line *at = line_of_name(t, e->name, e->protocol);
	unsigned source = overlay_binding(t, e->name, at ? e->protocol : NULL);

	st->has_at = at != NULL;
	if (at) {
		st->at_port = at->number;
		st->at_protocol = e->protocol;
	}
	if (at && at->number >= range->first && at->number < port)
		snprintf(st->why, sizeof(st->why), "a name stays on the first line of its protocol: the range's first port, "
			 "%u/%s, has it", at->number, e->protocol);
	else if (at && source)
		snprintf(st->why, sizeof(st->why), "%.160s has a line of the same name, %u/%s, which wins over the registry",
			 answer_source_label(a->req, source), at->number, e->protocol);
	else if (at)
		snprintf(st->why, sizeof(st->why), "a name stays on the first line of its protocol: %u/%s has it",
			 at->number, e->protocol);
	else if (source)
		snprintf(st->why, sizeof(st->why), "%.160s binds it on another protocol, which then answers it: the "
			 "lines of lower ports lose it", answer_source_label(a->req, source));
	else
		snprintf(st->why, sizeof(st->why), "no line has it");
}

/* A record that gives no line: its name may still answer, from another record's line or an overlay's. */
static void no_line_of_record(const struct answer *a, const struct registry_entry *e, enum record_verdict verdict,
			      struct file_status *st)
{
	const char *protocol = e->protocol && *e->protocol ? e->protocol
			       : a->question && a->question->protocol[0] ? a->question->protocol : NULL;
	const struct line *at = line_of_name(a->req->table, e->name, protocol);
	int len = snprintf(st->why, sizeof(st->why), "no line comes of a record %s", record_verdict_text(verdict));

	if (!at)
		return;
	st->has_at = true;
	st->at_port = at->number;
	st->at_protocol = line_proto(a->req->table, at);
	snprintf(st->why + len, sizeof(st->why) - (size_t)len, "; %u/%s has the name", at->number, st->at_protocol);
}

static void find_status(const struct answer *a, const struct registry_entry *e, struct file_status *st)
{
	struct registry_record rec = { .name = e->name, .protocol = e->protocol, .number = e->number };
	enum record_verdict verdict = record_classify(&rec);
	const struct line *l;
	struct number_range range;
	unsigned port;

	*st = (struct file_status){ .applies = e->name != NULL };
	if (!st->applies)
		return;
	if (verdict != RECORD_KEPT || parse_number_range(e->number, 65535, &range) < 0) {
		no_line_of_record(a, e, verdict, st);
		return;
	}
	port = a->question && !a->question->name ? a->question->port : range.first;
	l = line_at(a->req->table, port, e->protocol);
	st->listed = l && line_has_name(a->req->table, l, e->name);
	if (!st->listed) {
		explain_absence(a, e, &range, port, st);
		return;
	}
	*st = (struct file_status){ .applies = true, .listed = true, .has_at = true, .at_port = port, .at_protocol = e->protocol };
	if (range.first != range.last)
		snprintf(st->why, sizeof(st->why), "on %u/%s only: a name stays on the first line of its protocol", port,
			 e->protocol);
}

static bool binding_on_line(const struct table *t, const struct binding *b, const struct line *l)
{
	if (b->number != l->number || b->proto != l->proto)
		return false;
	for (uint32_t n = 0; n < l->name_count; n++)
		if (t->line_names[l->first_name + n] == b->name)
			return true;
	return false;
}

static int later_first(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The sources whose bindings put a name on the line, each once, the latest first. */
static void find_sources(const struct table *t, struct answer_line *al)
{
	const struct line *l = &t->lines[al->index];

	for (size_t i = 0; i < t->nbindings; i++) {
		const struct binding *b = &t->bindings[i];
		bool seen = false;

		if (!binding_on_line(t, b, l))
			continue;
		for (size_t s = 0; s < al->nsources && !seen; s++)
			seen = al->sources[s] == b->source;
		if (!seen) {
			al->sources = xreallocarray(al->sources, al->nsources + 1, sizeof(*al->sources));
			al->sources[al->nsources++] = b->source;
		}
	}
	if (al->nsources)
		qsort(al->sources, al->nsources, sizeof(*al->sources), later_first);
}

static void find_lines(struct answer *a)
{
	const struct table *t = a->req->table;

	a->lines = xreallocarray(NULL, t->nlines ? t->nlines : 1, sizeof(*a->lines));
	for (size_t i = 0; i < t->nlines; i++) {
		if (!line_answers(t, &t->lines[i], a->question))
			continue;
		a->lines[a->nlines] = (struct answer_line){ .index = i };
		find_sources(t, &a->lines[a->nlines++]);
	}
}

static void print_answer(const struct answer *a, FILE *out)
{
	if (a->req->json)
		answer_print_json(a, out);
	else
		answer_print_text(a, out);
}

static void free_answer(struct answer *a)
{
	registry_details_free(&a->details);
	free(a->status);
	for (size_t i = 0; i < a->nlines; i++)
		free(a->lines[i].sources);
	free(a->lines);
}

int explain_question(const struct explain_request *req, const char *text, FILE *out)
{
	char what[QUESTION_MAX];
	struct question q;
	struct answer a = { .req = req, .question = &q };
	int status = parse_question(text, &q, what);

	if (status != 0)
		return status;
	for (size_t r = 0; !q.name && r < sizeof(port_ranges) / sizeof(port_ranges[0]); r++)
		if (q.port >= port_ranges[r].first && q.port <= port_ranges[r].last)
			a.range = &port_ranges[r];
	if (registry_details_read(req->registry, req->table->kind->schema, record_matches, &q, &a.details) < 0)
		return EXPLAIN_BAD;
	a.status = xreallocarray(NULL, a.details.count ? a.details.count : 1, sizeof(*a.status));
	for (size_t i = 0; i < a.details.count; i++)
		find_status(&a, &a.details.entries[i], &a.status[i]);
	find_lines(&a);
	print_answer(&a, out);
	status = a.details.count || a.nlines ? EXPLAIN_ANSWERED : EXPLAIN_NOTHING;
	if (status == EXPLAIN_NOTHING)
		log_error(NULL, "no record or line for %s", text);
	free_answer(&a);
	return status;
}

/* A date as the registry writes one, of a month and day that can be. */
static bool valid_date(const char *s)
{
	int month, day;

	if (!registry_date_valid(s))
		return false;
	month = atoi(s + 5);
	day = atoi(s + 8);
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

int explain_since(const struct explain_request *req, const char *date, FILE *out)
{
	struct answer a = { .req = req, .since = date };
	char shown[QUESTION_MAX];
	int status;

	if (!valid_date(date)) {
		log_error(NULL, "'%s' is not a date: give --since YYYY-MM-DD", printable(date, shown, sizeof(shown)));
		return EXPLAIN_BAD;
	}
	if (registry_details_read(req->registry, req->table->kind->schema, record_changed, (void *)date, &a.details) < 0)
		return EXPLAIN_BAD;
	print_answer(&a, out);
	status = a.details.count ? EXPLAIN_ANSWERED : EXPLAIN_NOTHING;
	if (status == EXPLAIN_NOTHING)
		log_error(NULL, "no record registered or modified after %s", date);
	free_answer(&a);
	return status;
}
