/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* diff.c: what replacing a services or protocols file with the generated one would change (--diff,
 * --protocol-diff). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "keymap.h"
#include "log.h"
#include "overlay.h"

#define NOTHING UINT32_MAX

/* What one services file answers: glibc's files and musl take the first line with a name or port,
 * with its protocol or with none ("name/"); Go takes the last, its question lower-cased. */
struct answers {
	struct keymap port_of;      /* "name/proto" and "name/" -> port, first line */
	struct keymap official_of;  /* "port/proto" and "port/" -> id in names, first line */
	struct keymap last_port_of; /* "name/proto" -> port, last line */
	struct strpool names;
};

static void add_line(struct answers *a, char **names, size_t nnames, unsigned port, const char *protocol)
{
	char key[SERVICE_KEY_MAX], port_text[8];
	uint32_t official = strpool_intern(&a->names, names[0], strlen(names[0]));

	snprintf(port_text, sizeof(port_text), "%u", port);
	keymap_put_first(&a->official_of, service_key(key, sizeof(key), port_text, protocol, false), official);
	keymap_put_first(&a->official_of, service_key(key, sizeof(key), port_text, "", false), official);
	for (size_t i = 0; i < nnames; i++) {
		keymap_put_first(&a->port_of, service_key(key, sizeof(key), names[i], protocol, false), port);
		keymap_put_first(&a->port_of, service_key(key, sizeof(key), names[i], "", false), port);
		if (port > 0)
			keymap_set(&a->last_port_of, service_key(key, sizeof(key), names[i], protocol, false), port);
	}
}

static int add_services_line(const struct overlay_line *l, void *userdata)
{
	add_line(userdata, (char **)l->names, l->nnames, l->number, l->protocol);
	return 0;
}

static void add_table(struct answers *a, const struct service_table *t)
{
	char *names[256];

	for (size_t i = 0; i < t->nlines; i++) {
		const struct line *l = &t->lines[i];

		for (uint32_t n = 0; n < l->name_count && n < 256; n++)
			names[n] = (char *)line_name(t, l, n);
		add_line(a, names, l->name_count < 256 ? l->name_count : 256, l->port, line_proto(t, l));
	}
}

static void answers_free(struct answers *a)
{
	keymap_free(&a->port_of);
	keymap_free(&a->official_of);
	keymap_free(&a->last_port_of);
	strpool_free(&a->names);
}

struct counts {
	unsigned long lost, moved, renamed, added;
	unsigned long moved_any, renamed_any, moved_last;
	unsigned long disagreements, inherited;
};

static bool without_protocol(const char *key)
{
	return key[strlen(key) - 1] == '/';
}

/* Go's answer to "name/proto": the last line with the name lower-cased. */
static bool last_line_port(const struct answers *a, const char *key, uint32_t *port)
{
	char lower[SERVICE_KEY_MAX];
	size_t i = 0;

	for (; key[i] && key[i] != '/' && i + 1 < sizeof(lower); i++)
		lower[i] = (char)(key[i] >= 'A' && key[i] <= 'Z' ? key[i] + ('a' - 'A') : key[i]);
	snprintf(lower + i, sizeof(lower) - i, "%s", key + i);
	return keymap_get(&a->last_port_of, lower, port);
}

/* Names whose answer, by reader, would change: moved or gone. */
static void report_reader(const struct answers *was, const struct answers *now, FILE *out, bool last_line,
			  unsigned long *changed)
{
	fprintf(out, last_line ? "Read as Go reads it (the last line wins), names that would resolve to another port:\n"
			       : "Without a protocol, names that would resolve to another port:\n");
	for (uint32_t id = 0; id < was->port_of.keys.count; id++) {
		const char *key = strpool_get(&was->port_of.keys, id);
		uint32_t before, after;
		bool had, has;

		if (without_protocol(key) == last_line)
			continue;
		had = last_line ? last_line_port(was, key, &before) : keymap_get(&was->port_of, key, &before);
		has = last_line ? last_line_port(now, key, &after) : keymap_get(&now->port_of, key, &after);
		if (!had || (has && after == before))
			continue;
		if (has)
			fprintf(out, "  %s: port %u, not %u\n", key, after, before);
		else
			fprintf(out, "  %s: nothing, not %u\n", key, before);
		(*changed)++;
	}
}

/* Names that glibc and Go would answer with different ports: inherited where the file compared with has
 * the same two answers, and so each reader keeps its own. */
static void report_disagreements(const struct answers *was, const struct answers *now, FILE *out, struct counts *c)
{
	fprintf(out, "Read as Go reads it, names answered with another port than glibc's:\n");
	for (uint32_t id = 0; id < now->port_of.keys.count; id++) {
		const char *key = strpool_get(&now->port_of.keys, id);
		uint32_t first = now->port_of.values[id], last, was_first, was_last;
		bool inherited;

		if (without_protocol(key) || !last_line_port(now, key, &last) || last == first)
			continue;
		inherited = keymap_get(&was->port_of, key, &was_first) && was_first == first &&
			    last_line_port(was, key, &was_last) && was_last == last;
		fprintf(out, "  %s: glibc %u, Go %u%s\n", key, first, last, inherited ? " (inherited: the same there)" : "");
		c->disagreements++;
		c->inherited += inherited;
	}
}

static void report_names(const struct answers *was, const struct answers *now, FILE *out, struct counts *c)
{
	for (int pass = 0; pass < 2; pass++) {
		fprintf(out, pass == 0 ? "Names that would stop resolving:\n" : "Names that would resolve to another port:\n");
		for (uint32_t id = 0; id < was->port_of.keys.count; id++) {
			const char *key = strpool_get(&was->port_of.keys, id);
			uint32_t port;
			bool found = keymap_get(&now->port_of, key, &port);

			if (without_protocol(key))
				continue;
			if (pass == 0 && !found) {
				fprintf(out, "  %s (was port %u)\n", key, was->port_of.values[id]);
				c->lost++;
			} else if (pass == 1 && found && port != was->port_of.values[id]) {
				fprintf(out, "  %s: port %u, not %u\n", key, port, was->port_of.values[id]);
				c->moved++;
			}
		}
	}
	for (uint32_t id = 0; id < now->port_of.keys.count; id++) {
		const char *key = strpool_get(&now->port_of.keys, id);

		if (!without_protocol(key) && !strpool_find(&was->port_of.keys, key, strlen(key), &(uint32_t){ 0 }))
			c->added++;
	}
}

static void report_ports(const struct answers *was, const struct answers *now, FILE *out, bool any,
			 unsigned long *renamed)
{
	fprintf(out, any ? "Without a protocol, ports whose official name would change:\n"
			 : "Ports whose official name would change:\n");
	for (uint32_t id = 0; id < was->official_of.keys.count; id++) {
		const char *key = strpool_get(&was->official_of.keys, id);
		const char *before = strpool_get(&was->names, was->official_of.values[id]);
		uint32_t name;

		if (without_protocol(key) != any)
			continue;
		if (!keymap_get(&now->official_of, key, &name))
			fprintf(out, "  %s: %s, now nothing\n", key, before);
		else if (strcmp(strpool_get(&now->names, name), before) != 0)
			fprintf(out, "  %s: %s, not %s\n", key, strpool_get(&now->names, name), before);
		else
			continue;
		(*renamed)++;
	}
}

static size_t count_with_protocol(const struct keymap *m)
{
	size_t n = 0;

	for (uint32_t id = 0; id < m->keys.count; id++)
		n += !without_protocol(strpool_get(&m->keys, id));
	return n;
}

/* Reads path leniently, as glibc would, each line to fn: 0, or -1 after a message. */
static int read_answers(const char *path, enum overlay_kind kind, overlay_line_handler *fn, void *answers,
			unsigned long *skipped)
{
	FILE *f = overlay_open(path);
	int ret;

	if (!f)
		return -1;
	ret = overlay_read(f, path, kind, false, fn, answers, skipped);
	fclose(f);
	return ret;
}

long diff_services(const struct service_table *t, const char *path, FILE *out)
{
	struct answers was = { 0 }, now = { 0 };
	struct counts c = { 0 };
	unsigned long skipped = 0;
	int ret = read_answers(path, OVERLAY_SERVICES, add_services_line, &was, &skipped);

	if (ret == 0) {
		add_table(&now, t);
		fprintf(out, "Compared with %s: %zu names on %zu ports there (%lu lines it could not parse skipped).\n",
			path, count_with_protocol(&was.port_of), count_with_protocol(&was.official_of), skipped);
		report_names(&was, &now, out, &c);
		report_ports(&was, &now, out, false, &c.renamed);
		report_reader(&was, &now, out, false, &c.moved_any);
		report_ports(&was, &now, out, true, &c.renamed_any);
		report_reader(&was, &now, out, true, &c.moved_last);
		report_disagreements(&was, &now, out, &c);
		fprintf(out, "Summary: %lu names lost, %lu moved, %lu ports renamed, %lu names new.\n", c.lost, c.moved,
			c.renamed, c.added);
		fprintf(out, "Without a protocol: %lu names moved or lost, %lu ports renamed. Read as Go reads it: %lu names "
			"moved or lost, %lu answered with another port than glibc's (%lu inherited).\n", c.moved_any,
			c.renamed_any, c.moved_last, c.disagreements, c.inherited);
	}
	answers_free(&was);
	answers_free(&now);
	return ret == 0 ? (long)c.lost : -1;
}

/* What one protocols file answers through glibc's files: a name's number and a number's official name,
 * each from the first line that has it. */
struct protocol_answers {
	struct keymap number_of;   /* name -> number */
	struct keymap official_of; /* number in decimal -> id in names */
	struct strpool names;
};

static void add_protocol(struct protocol_answers *a, const char *const *names, size_t nnames, unsigned number)
{
	char key[16];

	snprintf(key, sizeof(key), "%u", number);
	keymap_put_first(&a->official_of, key, strpool_intern(&a->names, names[0], strlen(names[0])));
	for (size_t i = 0; i < nnames; i++)
		keymap_put_first(&a->number_of, names[i], number);
}

static int add_protocols_line(const struct overlay_line *l, void *userdata)
{
	add_protocol(userdata, l->names, l->nnames, l->number);
	return 0;
}

static void add_protocol_table(struct protocol_answers *a, const struct protocol_table *t)
{
	const char *names[256];

	for (size_t i = 0; i < t->nlines; i++) {
		const struct protocol_line *l = &t->lines[i];
		size_t n = l->name_count < 256 ? l->name_count : 256;

		for (size_t j = 0; j < n; j++)
			names[j] = protocol_line_name(t, l, j);
		add_protocol(a, names, n, l->number);
	}
}

static void report_protocol_names(const struct protocol_answers *was, const struct protocol_answers *now, FILE *out,
				  struct counts *c)
{
	for (int pass = 0; pass < 2; pass++) {
		fprintf(out, pass == 0 ? "Names that would stop resolving:\n" : "Names that would resolve to another number:\n");
		for (uint32_t id = 0; id < was->number_of.keys.count; id++) {
			const char *name = strpool_get(&was->number_of.keys, id);
			uint32_t before = was->number_of.values[id], after;
			bool found = keymap_get(&now->number_of, name, &after);

			if (pass == 0 && !found) {
				fprintf(out, "  %s (was %u)\n", name, before);
				c->lost++;
			} else if (pass == 1 && found && after != before) {
				fprintf(out, "  %s: %u, not %u\n", name, after, before);
				c->moved++;
			}
		}
	}
	for (uint32_t id = 0; id < now->number_of.keys.count; id++) {
		const char *name = strpool_get(&now->number_of.keys, id);

		c->added += !strpool_find(&was->number_of.keys, name, strlen(name), &(uint32_t){ 0 });
	}
}

static void report_protocol_numbers(const struct protocol_answers *was, const struct protocol_answers *now, FILE *out,
				    struct counts *c)
{
	fprintf(out, "Numbers whose official name would change:\n");
	for (uint32_t id = 0; id < was->official_of.keys.count; id++) {
		const char *number = strpool_get(&was->official_of.keys, id);
		const char *before = strpool_get(&was->names, was->official_of.values[id]);
		uint32_t name;

		if (!keymap_get(&now->official_of, number, &name))
			fprintf(out, "  %s: %s, now nothing\n", number, before);
		else if (strcmp(strpool_get(&now->names, name), before) != 0)
			fprintf(out, "  %s: %s, not %s\n", number, strpool_get(&now->names, name), before);
		else
			continue;
		c->renamed++;
	}
}

static void protocol_answers_free(struct protocol_answers *a)
{
	keymap_free(&a->number_of);
	keymap_free(&a->official_of);
	strpool_free(&a->names);
}

long diff_protocols(const struct protocol_table *t, const char *path, FILE *out)
{
	struct protocol_answers was = { 0 }, now = { 0 };
	struct counts c = { 0 };
	unsigned long skipped = 0;
	int ret = read_answers(path, OVERLAY_PROTOCOLS, add_protocols_line, &was, &skipped);

	if (ret == 0) {
		add_protocol_table(&now, t);
		fprintf(out, "Compared with %s: %zu names of %zu numbers there (%lu lines it could not parse skipped).\n",
			path, was.number_of.keys.count, was.official_of.keys.count, skipped);
		report_protocol_names(&was, &now, out, &c);
		report_protocol_numbers(&was, &now, out, &c);
		fprintf(out, "Summary: %lu names lost, %lu moved, %lu numbers renamed, %lu names new.\n", c.lost,
			c.moved, c.renamed, c.added);
	}
	protocol_answers_free(&was);
	protocol_answers_free(&now);
	return ret == 0 ? (long)c.lost : -1;
}
