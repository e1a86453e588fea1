/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* table.c: the one entry list both outputs are written from: bindings in, canonical lines out. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "index-format.h"
#include "keymap.h"
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

/* One line of text: whitespace runs become one space, control characters go. */
static void clean_description(char *s)
{
	char *out = s;
	int pending_space = 0;

	for (const char *in = s; *in; in++) {
		unsigned char c = (unsigned char)*in;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			pending_space = out > s;
		else if (c >= 0x20 && c != 0x7f) {
			if (pending_space)
				*out++ = ' ';
			pending_space = 0;
			*out++ = (char)c;
		}
	}
	*out = '\0';
}

const char *table_keep_description(struct service_table *t, const char *text)
{
	char *kept;

	if (!text)
		return NULL;
	kept = xstrndup(text, strlen(text));
	clean_description(kept);
	if (!*kept) {
		free(kept);
		return NULL;
	}
	GROW(t->descriptions, t->descriptions_cap, t->ndescriptions + 1);
	return t->descriptions[t->ndescriptions++] = kept;
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

static void group_bindings(struct service_table *t)
{
	struct line *l = NULL;

	if (t->nbindings) /* a registry may keep nothing, and qsort_r() wants an array */
		qsort_r(t->bindings, t->nbindings, sizeof(*t->bindings), compare_bindings, &t->pool);
	t->nlines = t->nline_names = 0;
	for (size_t i = 0; i < t->nbindings; i++) {
		const struct binding *b = &t->bindings[i];

		if (!l || l->port != b->port || l->proto != b->proto)
			l = start_line(t, b);
		add_line_name(t, l, b);
	}
}

static const char *binding_key(const struct service_table *t, uint32_t name, uint32_t proto, char *buf)
{
	return service_key(buf, SERVICE_KEY_MAX, strpool_get(&t->pool, name), strpool_get(&t->pool, proto), true);
}

/* For each (name in any case, protocol) an overlay binds: the port of the latest overlay's first binding. */
static void find_overlay_winners(const struct service_table *t, struct keymap *winners)
{
	char key[SERVICE_KEY_MAX];

	for (size_t i = 0; i < t->nbindings; i++) {
		const struct binding *b = &t->bindings[i];
		uint32_t won;

		if (b->source == SOURCE_REGISTRY)
			continue;
		binding_key(t, b->name, b->proto, key);
		if (keymap_get(winners, key, &won)) {
			const struct binding *w = &t->bindings[won];

			if (b->source < w->source || (b->source == w->source && b->seq > w->seq))
				continue;
		}
		keymap_set(winners, key, (uint32_t)i);
	}
}

/* The name leaves the lines of its protocol that come before the winner's, so that it answers there. */
static void drop_shadowed_names(struct service_table *t, struct line *l, const struct keymap *winners)
{
	char key[SERVICE_KEY_MAX];
	uint32_t *names = &t->line_names[l->first_name], kept = 0, won;

	for (uint32_t i = 0; i < l->name_count; i++) {
		if (keymap_get(winners, binding_key(t, names[i], l->proto, key), &won) &&
		    l->port < t->bindings[won].port)
			t->shadowed_names++;
		else
			names[kept++] = names[i];
	}
	l->name_count = kept;
}

static void apply_overlay_precedence(struct service_table *t)
{
	struct keymap winners = { 0 };
	size_t kept = 0;

	find_overlay_winners(t, &winners);
	for (size_t i = 0; i < t->nlines; i++) {
		drop_shadowed_names(t, &t->lines[i], &winners);
		if (t->lines[i].name_count)
			t->lines[kept++] = t->lines[i];
	}
	t->nlines = kept;
	keymap_free(&winners);
}

static bool has_capitals(const char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return true;
	return false;
}

struct name_list {
	uint32_t *ids;
	size_t count, cap;
};

/* Appends id unless ids[first..count) has it already. */
static bool name_list_add(struct name_list *nl, size_t first, uint32_t id)
{
	for (size_t i = first; i < nl->count; i++)
		if (nl->ids[i] == id)
			return false;
	GROW(nl->ids, nl->cap, nl->count + 1);
	nl->ids[nl->count++] = id;
	return true;
}

/* Adds names to line i, whose names so far are nl->ids[first..count). */
typedef void line_extender(struct service_table *t, size_t i, struct name_list *nl, size_t first, void *ctx);

static void extend_lines(struct service_table *t, line_extender *extend, void *ctx)
{
	struct name_list nl = { 0 };

	for (size_t i = 0; i < t->nlines; i++) {
		struct line *l = &t->lines[i];
		size_t first = nl.count;

		for (uint32_t n = 0; n < l->name_count; n++)
			name_list_add(&nl, first, t->line_names[l->first_name + n]);
		extend(t, i, &nl, first, ctx);
		l->first_name = (uint32_t)first;
		l->name_count = (uint32_t)(nl.count - first);
	}
	free(t->line_names);
	t->line_names = nl.ids;
	t->nline_names = nl.count;
	t->line_names_cap = nl.cap;
}

static uint32_t intern_lowercase(struct service_table *t, const char *name)
{
	char lower[SERVICE_KEY_MAX];
	size_t len = strlen(name);

	for (size_t c = 0; c <= len && c < sizeof(lower); c++)
		lower[c] = (char)index_ascii_lower((unsigned char)name[c]);
	return strpool_intern(&t->pool, lower, len < sizeof(lower) ? len : sizeof(lower) - 1);
}

/* glibc's files, musl and Go compare names exactly (Go lower-cases what it asks for): a lower-case
 * alias lets them find a name registered with capitals. */
static void add_lowercase(struct service_table *t, size_t i, struct name_list *nl, size_t first, void *ctx)
{
	size_t end = nl->count;

	for (size_t n = first; n < end; n++)
		if (has_capitals(strpool_get(&t->pool, nl->ids[n])) &&
		    name_list_add(nl, first, intern_lowercase(t, strpool_get(&t->pool, nl->ids[n]))))
			t->lowercase_aliases++;
}

/* The spellings of each name in any case, and which lines must carry them all. */
struct spellings {
	struct keymap group_of;    /* lower-cased name -> group */
	struct name_list *members; /* per group, its spellings */
	size_t ngroups, groups_cap;
	struct keymap first_line;  /* "name/protocol" and "name" (lower-cased) -> its first line */
};

static void note_spellings(const struct service_table *t, struct spellings *sp)
{
	char key[SERVICE_KEY_MAX];

	for (size_t i = 0; i < t->nlines; i++) {
		const struct line *l = &t->lines[i];

		for (uint32_t n = 0; n < l->name_count; n++) {
			const char *name = line_name(t, l, n);
			uint32_t group = (uint32_t)sp->ngroups;

			if (keymap_put_first(&sp->group_of, service_key(key, sizeof(key), name, "", true), group)) {
				GROW(sp->members, sp->groups_cap, sp->ngroups + 1);
				sp->members[sp->ngroups++] = (struct name_list){ 0 };
			}
			keymap_get(&sp->group_of, key, &group);
			name_list_add(&sp->members[group], 0, t->line_names[l->first_name + n]);
			keymap_put_first(&sp->first_line, key, (uint32_t)i);
			keymap_put_first(&sp->first_line, service_key(key, sizeof(key), name, line_proto(t, l), true),
					 (uint32_t)i);
		}
	}
}

/* glibc's files answers the first line with the exact spelling asked for, the module the first with
 * any spelling: they agree when that first line, for any protocol and for its own, has them all. */
static void add_all_spellings(struct service_table *t, size_t i, struct name_list *nl, size_t first, void *ctx)
{
	struct spellings *sp = ctx;
	char key[SERVICE_KEY_MAX], proto_key[SERVICE_KEY_MAX];
	size_t end = nl->count;

	for (size_t n = first; n < end; n++) {
		const char *name = strpool_get(&t->pool, nl->ids[n]);
		uint32_t group, line_any, line_proto_first;

		keymap_get(&sp->group_of, service_key(key, sizeof(key), name, "", true), &group);
		if (sp->members[group].count < 2)
			continue;
		keymap_get(&sp->first_line, key, &line_any);
		keymap_get(&sp->first_line, service_key(proto_key, sizeof(proto_key), name, line_proto(t, &t->lines[i]), true),
			   &line_proto_first);
		if (line_any != i && line_proto_first != i)
			continue;
		for (size_t m = 0; m < sp->members[group].count; m++)
			name_list_add(nl, first, sp->members[group].ids[m]);
	}
}

static void unify_spellings(struct service_table *t)
{
	struct spellings sp = { 0 };

	note_spellings(t, &sp);
	extend_lines(t, add_all_spellings, &sp);
	for (size_t g = 0; g < sp.ngroups; g++)
		free(sp.members[g].ids);
	free(sp.members);
	keymap_free(&sp.group_of);
	keymap_free(&sp.first_line);
}

void table_build(struct service_table *t)
{
	group_bindings(t);
	apply_overlay_precedence(t);
	extend_lines(t, add_lowercase, NULL);
	unify_spellings(t);
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
