/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* table.c: the one entry list both outputs are written from: bindings in, canonical lines out. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "xalloc.h"

static const char *const known_protocols[] = { "tcp", "udp", "sctp", "dccp" };

int protocol_rank(const char *proto)
{
	for (size_t i = 0; i < sizeof(known_protocols) / sizeof(*known_protocols); i++)
		if (strcmp(proto, known_protocols[i]) == 0)
			return (int)i;
	return (int)(sizeof(known_protocols) / sizeof(*known_protocols));
}

/* Lines sort by port, then protocol: the registry's four in their usual order, others by name. */
static int compare_protocols(const struct strpool *pool, uint32_t a, uint32_t b)
{
	const char *pa = strpool_get(pool, a), *pb = strpool_get(pool, b);
	int ra = protocol_rank(pa), rb = protocol_rank(pb);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return strcmp(pa, pb);
}

const char *table_keep_description(struct service_table *t, const char *text)
{
	GROW(t->descriptions, t->descriptions_cap, t->ndescriptions + 1);
	t->descriptions[t->ndescriptions] = xstrndup(text, strlen(text));
	return t->descriptions[t->ndescriptions++];
}

void table_add(struct service_table *t, const char *name, const char *proto, unsigned port,
	       unsigned source, const char *description)
{
	struct binding *b;

	GROW(t->bindings, t->bindings_cap, t->nbindings + 1);
	b = &t->bindings[t->nbindings];
	*b = (struct binding){
		.name = strpool_intern(&t->pool, name, strlen(name)),
		.proto = strpool_intern(&t->pool, proto, strlen(proto)),
		.port = (uint16_t)port,
		.source = (uint16_t)source,
		.seq = (uint32_t)t->nbindings,
		.description = description,
	};
	t->nbindings++;
}

static int compare_bindings(const void *pa, const void *pb, void *pool)
{
	const struct binding *a = pa, *b = pb;
	int c;

	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	c = compare_protocols(pool, a->proto, b->proto);
	if (c)
		return c;
	if (a->source != b->source)
		return a->source > b->source ? -1 : 1; /* the latest overlay names the line */
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool line_has_name(const struct service_table *t, const struct line *l, uint32_t name)
{
	for (uint32_t i = 0; i < l->name_count; i++)
		if (t->line_names[l->first_name + i] == name)
			return true;
	return false;
}

static struct line *start_line(struct service_table *t, const struct binding *b)
{
	struct line *l;

	GROW(t->lines, t->lines_cap, t->nlines + 1);
	l = &t->lines[t->nlines++];
	*l = (struct line){ .port = b->port, .proto = b->proto, .first_name = (uint32_t)t->nline_names };
	return l;
}

static void add_line_name(struct service_table *t, struct line *l, const struct binding *b)
{
	if (!l->description)
		l->description = b->description;
	if (line_has_name(t, l, b->name))
		return;
	GROW(t->line_names, t->line_names_cap, t->nline_names + 1);
	t->line_names[t->nline_names++] = b->name;
	l->name_count++;
}

void table_build(struct service_table *t)
{
	struct line *l = NULL;

	qsort_r(t->bindings, t->nbindings, sizeof(*t->bindings), compare_bindings, &t->pool);
	t->nlines = t->nline_names = 0;
	for (size_t i = 0; i < t->nbindings; i++) {
		const struct binding *b = &t->bindings[i];

		if (!l || l->port != b->port || l->proto != b->proto)
			l = start_line(t, b);
		add_line_name(t, l, b);
	}
}

void table_free(struct service_table *t)
{
	for (size_t i = 0; i < t->ndescriptions; i++)
		free(t->descriptions[i]);
	free(t->descriptions);
	free(t->bindings);
	free(t->lines);
	free(t->line_names);
	strpool_free(&t->pool);
	memset(t, 0, sizeof(*t));
}
