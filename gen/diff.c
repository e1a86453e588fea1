/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* diff.c: what replacing a services file with the generated one would change (--diff). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "keymap.h"
#include "log.h"
#include "overlay.h"

#define NOTHING UINT32_MAX

/* What glibc's files answers from one services file: the first line with a name or port wins. */
struct answers {
	struct keymap port_of;     /* "name/proto" -> port, in file order */
	struct keymap official_of; /* "port/proto" -> id in names */
	struct strpool names;
};

static void add_line(struct answers *a, char **names, size_t nnames, unsigned port, const char *protocol)
{
	char key[SERVICE_KEY_MAX], port_text[8];

	snprintf(port_text, sizeof(port_text), "%u", port);
	keymap_put_first(&a->official_of, service_key(key, sizeof(key), port_text, protocol, false),
			 strpool_intern(&a->names, names[0], strlen(names[0])));
	for (size_t i = 0; i < nnames; i++)
		keymap_put_first(&a->port_of, service_key(key, sizeof(key), names[i], protocol, false), port);
}

static int add_services_line(const struct services_line *l, void *userdata)
{
	add_line(userdata, (char **)l->names, l->nnames, l->port, l->protocol);
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
	strpool_free(&a->names);
}

struct counts {
	unsigned long lost, moved, renamed, added;
};

static void report_names(const struct answers *was, const struct answers *now, FILE *out, struct counts *c)
{
	for (int pass = 0; pass < 2; pass++) {
		fprintf(out, pass == 0 ? "Names that would stop resolving:\n" : "Names that would resolve to another port:\n");
		for (uint32_t id = 0; id < was->port_of.keys.count; id++) {
			const char *key = strpool_get(&was->port_of.keys, id);
			uint32_t port;
			bool found = keymap_get(&now->port_of, key, &port);

			if (pass == 0 && !found) {
				fprintf(out, "  %s (was port %u)\n", key, was->port_of.values[id]);
				c->lost++;
			} else if (pass == 1 && found && port != was->port_of.values[id]) {
				fprintf(out, "  %s: port %u, not %u\n", key, port, was->port_of.values[id]);
				c->moved++;
			}
		}
	}
	for (uint32_t id = 0; id < now->port_of.keys.count; id++)
		if (!strpool_find(&was->port_of.keys, strpool_get(&now->port_of.keys, id),
				  strlen(strpool_get(&now->port_of.keys, id)), &(uint32_t){ 0 }))
			c->added++;
}

static void report_ports(const struct answers *was, const struct answers *now, FILE *out, struct counts *c)
{
	fprintf(out, "Ports whose official name would change:\n");
	for (uint32_t id = 0; id < was->official_of.keys.count; id++) {
		const char *key = strpool_get(&was->official_of.keys, id);
		const char *before = strpool_get(&was->names, was->official_of.values[id]);
		uint32_t name;

		if (!keymap_get(&now->official_of, key, &name))
			fprintf(out, "  %s: %s, now nothing\n", key, before);
		else if (strcmp(strpool_get(&now->names, name), before) != 0)
			fprintf(out, "  %s: %s, not %s\n", key, strpool_get(&now->names, name), before);
		else
			continue;
		c->renamed++;
	}
}

long diff_services(const struct service_table *t, const char *path, FILE *out)
{
	struct answers was = { 0 }, now = { 0 };
	struct counts c = { 0 };
	unsigned long skipped = 0;
	FILE *f = services_open(path);
	int ret;

	if (!f)
		return -1;
	ret = services_read(f, path, false, add_services_line, &was, &skipped);
	fclose(f);
	if (ret == 0) {
		add_table(&now, t);
		fprintf(out, "Compared with %s: %zu names on %zu ports there (%lu lines it could not parse skipped).\n",
			path, was.port_of.keys.count, was.official_of.keys.count, skipped);
		report_names(&was, &now, out, &c);
		report_ports(&was, &now, out, &c);
		fprintf(out, "Summary: %lu names lost, %lu moved, %lu ports renamed, %lu names new.\n", c.lost, c.moved,
			c.renamed, c.added);
	}
	answers_free(&was);
	answers_free(&now);
	return ret == 0 ? (long)c.lost : -1;
}
