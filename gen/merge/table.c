/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* table.c: the one entry list both outputs are written from: bindings in, canonical lines out. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index-format.h"
#include "keymap.h"
#include "table.h"
#include "xalloc.h"

static bool known_protocol(const struct strpool *pool, uint32_t proto)
{
	return index_transport_rank(strpool_get(pool, proto)) < INDEX_TRANSPORT_COUNT;
}

/* The registry's four protocols in their usual order, others by name. */
static int compare_protocols(const struct strpool *pool, uint32_t a, uint32_t b)
{
	const char *pa = strpool_get(pool, a), *pb = strpool_get(pool, b);
	int ra = index_transport_rank(pa), rb = index_transport_rank(pb);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return strcmp(pa, pb);
}

/* Lines of other protocols (AppleTalk's ddp) come after all of the four, as in netbase: a question
 * without a protocol finds the IP service first. */
static int compare_places(const struct strpool *pool, uint32_t proto_a, unsigned port_a, uint32_t proto_b,
			  unsigned port_b)
{
	bool known_a = known_protocol(pool, proto_a), known_b = known_protocol(pool, proto_b);

	if (known_a != known_b)
		return known_a ? -1 : 1;
	return port_a < port_b ? -1 : port_a > port_b;
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

const char *keep_description(struct strpool *pool, const char *text)
{
	char *clean;
	const char *kept = NULL;

	if (!text)
		return NULL;
	clean = xstrndup(text, strlen(text));
	clean_description(clean);
	if (*clean)
		kept = strpool_get(pool, strpool_intern(pool, clean, strlen(clean)));
	free(clean);
	return kept;
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

	c = compare_places(pool, a->proto, a->port, b->proto, b->port);
	if (c)
		return c;
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
	*l = (struct line){ .port = b->port, .source = b->source, .proto = b->proto, .first_name = (uint32_t)t->nline_names };
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

/* Within a port, the lines the latest overlay lists come first, so that a question without a protocol
 * gets the overlay's answer: netbase lists route on 520/udp, and no 520/tcp. */
static int compare_lines(const void *pa, const void *pb, void *pool)
{
	const struct line *a = pa, *b = pb;
	int c = compare_places(pool, a->proto, a->port, b->proto, b->port);

	if (c)
		return c;
	if (a->source != b->source)
		return a->source > b->source ? -1 : 1;
	return compare_protocols(pool, a->proto, b->proto);
}

static void order_lines(struct service_table *t)
{
	if (t->nlines)
		qsort_r(t->lines, t->nlines, sizeof(*t->lines), compare_lines, &t->pool);
}

static const char *binding_key(const struct service_table *t, uint32_t name, uint32_t proto, char *buf)
{
	return service_key(buf, SERVICE_KEY_MAX, strpool_get(&t->pool, name), strpool_get(&t->pool, proto), true);
}

/* What overlays bind: for each (name in any case, protocol), the latest overlay's first binding; for
 * each name bound on one of the four protocols, the lowest port of those, which then answers it
 * without a protocol; and the later ports on which that overlay lists the name again. */
struct overlay_winners {
	struct keymap binding_of; /* "name/protocol" -> binding */
	struct keymap port_of;    /* "name/" -> port */
	struct keymap repeated;   /* "name/protocol port" -> 1 */
};

static void find_overlay_winners(const struct service_table *t, struct overlay_winners *w)
{
	char key[SERVICE_KEY_MAX];

	for (size_t i = 0; i < t->nbindings; i++) {
		const struct binding *b = &t->bindings[i];
		uint32_t won;

		if (b->source == SOURCE_REGISTRY)
			continue;
		binding_key(t, b->name, b->proto, key);
		if (keymap_get(&w->binding_of, key, &won)) {
			const struct binding *o = &t->bindings[won];

			if (b->source < o->source || (b->source == o->source && b->seq > o->seq))
				continue;
		}
		keymap_set(&w->binding_of, key, (uint32_t)i);
	}
	for (uint32_t id = 0; id < w->binding_of.keys.count; id++) {
		const struct binding *b = &t->bindings[w->binding_of.values[id]];
		uint32_t port;

		if (!known_protocol(&t->pool, b->proto))
			continue;
		service_key(key, sizeof(key), strpool_get(&t->pool, b->name), "", true);
		if (!keymap_get(&w->port_of, key, &port) || b->port < port)
			keymap_set(&w->port_of, key, b->port);
	}
}

/* "name/protocol port", into buf of REPEAT_KEY_MAX. */
#define REPEAT_KEY_MAX (SERVICE_KEY_MAX + sizeof(" 65535"))

static const char *repeat_key(const struct service_table *t, uint32_t name, uint32_t proto, unsigned port, char *buf)
{
	char key[SERVICE_KEY_MAX];

	snprintf(buf, REPEAT_KEY_MAX, "%s %u", binding_key(t, name, proto, key), port);
	return buf;
}

/* The bindings of the overlay that wins a name and protocol, past its first: that overlay's own file
 * has the name on several lines of the protocol, so readers already answer it as they each do there. */
static void find_overlay_repeats(const struct service_table *t, struct overlay_winners *w)
{
	char key[REPEAT_KEY_MAX];

	for (size_t i = 0; i < t->nbindings; i++) {
		const struct binding *b = &t->bindings[i];
		uint32_t won;

		if (b->source == SOURCE_REGISTRY ||
		    !keymap_get(&w->binding_of, binding_key(t, b->name, b->proto, key), &won))
			continue;
		if (t->bindings[won].source == b->source && t->bindings[won].port != b->port)
			keymap_set(&w->repeated, repeat_key(t, b->name, b->proto, b->port, key), 1);
	}
}

/* Whether a line on this port and protocol comes before where an overlay binds the name, for a question
 * with the line's protocol or with none. */
static bool shadowed(const struct service_table *t, const struct line *l, uint32_t name, const struct overlay_winners *w)
{
	char key[SERVICE_KEY_MAX];
	uint32_t won, port;

	if (keymap_get(&w->binding_of, binding_key(t, name, l->proto, key), &won) && l->port < t->bindings[won].port)
		return true;
	return known_protocol(&t->pool, l->proto) && keymap_get(&w->port_of, service_key(key, sizeof(key), strpool_get(&t->pool, name), "", true), &port) &&
	       l->port < port;
}

/* Drops the names for which keep says no from line l: how many it dropped. */
typedef bool name_filter(struct service_table *t, const struct line *l, uint32_t name, void *ctx);

static size_t filter_names(struct service_table *t, struct line *l, name_filter *keep, void *ctx)
{
	uint32_t *names = &t->line_names[l->first_name], kept = 0, count = l->name_count;

	for (uint32_t i = 0; i < count; i++)
		if (keep(t, l, names[i], ctx))
			names[kept++] = names[i];
	l->name_count = kept;
	return count - kept;
}

/* Applies keep to every line's names, and drops the lines left with none: how many names went. */
static size_t filter_lines(struct service_table *t, name_filter *keep, void *ctx)
{
	size_t kept = 0, dropped = 0;

	for (size_t i = 0; i < t->nlines; i++) {
		dropped += filter_names(t, &t->lines[i], keep, ctx);
		if (t->lines[i].name_count)
			t->lines[kept++] = t->lines[i];
	}
	t->unnamed_lines += t->nlines - kept;
	t->nlines = kept;
	return dropped;
}

/* A name an overlay binds answers there: it leaves the lines that come before. */
static bool not_shadowed(struct service_table *t, const struct line *l, uint32_t name, void *ctx)
{
	return !shadowed(t, l, name, ctx);
}

/* glibc and musl answer a name from its first line, Go from its last: a name in any case stays on the
 * first line of each protocol only, so that they all answer the same port; but on the lines where the
 * overlay that binds it lists it again, so that each reader answers as it does from that overlay. */
struct first_lines {
	struct keymap seen; /* "name/protocol" -> its first line */
	const struct overlay_winners *winners;
};

static bool first_of_its_protocol(struct service_table *t, const struct line *l, uint32_t name, void *ctx)
{
	struct first_lines *fl = ctx;
	char key[REPEAT_KEY_MAX];
	uint32_t line = (uint32_t)(l - t->lines), first;

	if (keymap_put_first(&fl->seen, binding_key(t, name, l->proto, key), line) ||
	    (keymap_get(&fl->seen, key, &first) && first == line))
		return true;
	return keymap_get(&fl->winners->repeated, repeat_key(t, name, l->proto, l->port, key), &first);
}

static void keep_first_lines(struct service_table *t, const struct overlay_winners *w)
{
	struct first_lines fl = { .winners = w };

	t->repeated_names = filter_lines(t, first_of_its_protocol, &fl);
	keymap_free(&fl.seen);
}

static void apply_overlays(struct service_table *t)
{
	struct overlay_winners w = { 0 };

	find_overlay_winners(t, &w);
	find_overlay_repeats(t, &w);
	t->shadowed_names = filter_lines(t, not_shadowed, &w);
	keep_first_lines(t, &w);
	keymap_free(&w.binding_of);
	keymap_free(&w.port_of);
	keymap_free(&w.repeated);
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
	order_lines(t);
	apply_overlays(t);
	extend_lines(t, add_lowercase, NULL);
	unify_spellings(t);
}

void table_free(struct service_table *t)
{
	free(t->bindings);
	free(t->lines);
	free(t->line_names);
	strpool_free(&t->pool);
	memset(t, 0, sizeof(*t));
}
