/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* diff.c: what replacing a services or protocols file with the generated one would change (--diff,
 * --protocol-diff). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "log.h"
#include "overlay.h"

const struct diff_kind services_diff = { OVERLAY_SERVICES, true, "port", "Ports", "port ", "on" };
const struct diff_kind protocols_diff = { OVERLAY_PROTOCOLS, false, "number", "Numbers", "", "of" };

/* What one file answers: glibc's files and musl take the first line with a name or number, with its
 * protocol or with none ("name/"); Go takes the last, its question lower-cased. A database without
 * protocols keys its names and numbers alone. */
struct answers {
	const struct diff_kind *kind;
	struct keymap port_of;      /* "name/proto" and "name/" -> number, first line */
	struct keymap official_of;  /* "number/proto" and "number/" -> id in names, first line */
	struct keymap last_port_of; /* "name/proto" -> number, last line */
	struct strpool names;
};

/* "name/protocol", "name/" for any, or the name alone in a database without protocols. */
static const char *answer_key(const struct answers *a, char key[NAME_KEY_MAX], const char *name, const char *protocol)
{
	if (!a->kind->protocols)
		return name;
	return name_key(key, NAME_KEY_MAX, name, protocol, false);
}

static void add_official(struct answers *a, const char *official, unsigned number, const char *protocol)
{
	char key[NAME_KEY_MAX], number_text[8];
	uint32_t id = strpool_intern(&a->names, official, strlen(official));

	snprintf(number_text, sizeof(number_text), "%u", number);
	keymap_put_first(&a->official_of, answer_key(a, key, number_text, protocol), id);
	if (a->kind->protocols)
		keymap_put_first(&a->official_of, answer_key(a, key, number_text, ""), id);
}

static void add_name(struct answers *a, const char *name, unsigned number, const char *protocol)
{
	char key[NAME_KEY_MAX];

	keymap_put_first(&a->port_of, answer_key(a, key, name, protocol), number);
	if (!a->kind->protocols)
		return;
	keymap_put_first(&a->port_of, answer_key(a, key, name, ""), number);
	if (number > 0)
		keymap_set(&a->last_port_of, answer_key(a, key, name, protocol), number);
}

static int add_file_line(const struct overlay_line *l, void *userdata)
{
	add_official(userdata, l->names[0], l->number, l->protocol);
	for (size_t i = 0; i < l->nnames; i++)
		add_name(userdata, l->names[i], l->number, l->protocol);
	return 0;
}

static void add_table(struct answers *a, const struct table *t)
{
	for (size_t i = 0; i < t->nlines; i++) {
		const struct line *l = &t->lines[i];

		add_official(a, line_name(t, l, 0), l->number, line_proto(t, l));
		for (uint32_t n = 0; n < l->name_count; n++)
			add_name(a, line_name(t, l, n), l->number, line_proto(t, l));
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

/* Whether a key asks without a protocol, in a database with protocols. */
static bool without_protocol(const struct answers *a, const char *key)
{
	return a->kind->protocols && key[strlen(key) - 1] == '/';
}

/* Go's answer to "name/proto": the last line with the name lower-cased. */
static bool last_line_port(const struct answers *a, const char *key, uint32_t *port)
{
	char lower[NAME_KEY_MAX];
	const char *slash = strchr(key, '/');

	name_key(lower, sizeof(lower), key, "", true);
	snprintf(lower + (slash - key), sizeof(lower) - (size_t)(slash - key), "%s", slash);
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

		if (without_protocol(was, key) == last_line)
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

		if (without_protocol(now, key) || !last_line_port(now, key, &last) || last == first)
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
	const struct diff_kind *k = was->kind;

	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0)
			fprintf(out, "Names that would stop resolving:\n");
		else
			fprintf(out, "Names that would resolve to another %s:\n", k->unit);
		for (uint32_t id = 0; id < was->port_of.keys.count; id++) {
			const char *key = strpool_get(&was->port_of.keys, id);
			uint32_t number, before = was->port_of.values[id];
			bool found = keymap_get(&now->port_of, key, &number);

			if (without_protocol(was, key))
				continue;
			if (pass == 0 && !found) {
				fprintf(out, "  %s (was %s%u)\n", key, k->value, before);
				c->lost++;
			} else if (pass == 1 && found && number != before) {
				fprintf(out, "  %s: %s%u, not %u\n", key, k->value, number, before);
				c->moved++;
			}
		}
	}
	for (uint32_t id = 0; id < now->port_of.keys.count; id++) {
		const char *key = strpool_get(&now->port_of.keys, id);

		if (!without_protocol(now, key) && !strpool_find(&was->port_of.keys, key, strlen(key), &(uint32_t){ 0 }))
			c->added++;
	}
}

static void report_numbers(const struct answers *was, const struct answers *now, FILE *out, bool any,
			   unsigned long *renamed)
{
	fprintf(out, "%s whose official name would change:\n",
		any ? "Without a protocol, ports" : was->kind->units_title);
	for (uint32_t id = 0; id < was->official_of.keys.count; id++) {
		const char *key = strpool_get(&was->official_of.keys, id);
		const char *before = strpool_get(&was->names, was->official_of.values[id]);
		uint32_t name;

		if (without_protocol(was, key) != any)
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

static size_t count_with_protocol(const struct answers *a, const struct keymap *m)
{
	size_t n = 0;

	for (uint32_t id = 0; id < m->keys.count; id++)
		n += !without_protocol(a, strpool_get(&m->keys, id));
	return n;
}

static void report(const struct answers *was, const struct answers *now, const char *path, unsigned long skipped,
		   FILE *out, struct counts *c)
{
	const struct diff_kind *k = was->kind;

	fprintf(out, "Compared with %s: %zu names %s %zu %ss there (%lu lines it could not parse skipped).\n", path,
		count_with_protocol(was, &was->port_of), k->count_join, count_with_protocol(was, &was->official_of),
		k->unit, skipped);
	report_names(was, now, out, c);
	report_numbers(was, now, out, false, &c->renamed);
	if (k->protocols) {
		report_reader(was, now, out, false, &c->moved_any);
		report_numbers(was, now, out, true, &c->renamed_any);
		report_reader(was, now, out, true, &c->moved_last);
		report_disagreements(was, now, out, c);
	}
	fprintf(out, "Summary: %lu names lost, %lu moved, %lu %ss renamed, %lu names new.\n", c->lost, c->moved,
		c->renamed, k->unit, c->added);
	if (k->protocols)
		fprintf(out, "Without a protocol: %lu names moved or lost, %lu ports renamed. Read as Go reads it: %lu names "
			"moved or lost, %lu answered with another port than glibc's (%lu inherited).\n", c->moved_any,
			c->renamed_any, c->moved_last, c->disagreements, c->inherited);
}

long diff_table(const struct table *t, const struct diff_kind *kind, const char *path, FILE *out)
{
	struct answers was = { .kind = kind }, now = { .kind = kind };
	struct counts c = { 0 };
	unsigned long skipped = 0;
	FILE *f = overlay_open(path);
	/* Read leniently, as glibc reads it. */
	int ret = f ? overlay_read(f, path, kind->overlay, false, add_file_line, &was, &skipped) : -1;

	if (f)
		fclose(f);
	if (ret == 0) {
		add_table(&now, t);
		report(&was, &now, path, skipped, out, &c);
	}
	answers_free(&was);
	answers_free(&now);
	return ret == 0 ? (long)c.lost : -1;
}
