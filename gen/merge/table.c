/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* table.c: one database's entry list, which all of its outputs are written from: bindings in, canonical lines out. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index-format.h"
#include "table.h"
#include "xalloc.h"

/* What the sorts compare by: each protocol's rank among the transports, found once for the table rather
 * than on every comparison. */
struct order {
	const struct strpool *pool;
	uint8_t *rank; /* by pool id, for the ids of protocols */
	const struct binding *bindings;
};

/* The registry's transport protocols in their order, others by name. */
static int compare_protocols(const struct order *o, uint32_t a, uint32_t b)
{
	if (o->rank[a] != o->rank[b])
		return o->rank[a] < o->rank[b] ? -1 : 1;
	return a == b ? 0 : strcmp(strpool_get(o->pool, a), strpool_get(o->pool, b));
}

/* Lines of other protocols (AppleTalk's ddp) come after all of the transports', as in netbase: a question
 * without a protocol finds the IP service first. */
static int compare_places(const struct order *o, uint32_t proto_a, unsigned number_a, uint32_t proto_b,
			  unsigned number_b)
{
	bool known_a = o->rank[proto_a] < INDEX_TRANSPORT_COUNT, known_b = o->rank[proto_b] < INDEX_TRANSPORT_COUNT;

	if (known_a != known_b)
		return known_a ? -1 : 1;
	return number_a < number_b ? -1 : number_a > number_b;
}

static struct order order_of(const struct table *t)
{
	struct order o = { &t->pool, xreallocarray(NULL, t->pool.count ? t->pool.count : 1, 1), t->bindings };

	for (size_t i = 0; i < t->nbindings; i++)
		o.rank[t->bindings[i].proto] = (uint8_t)index_transport_rank(strpool_get(&t->pool, t->bindings[i].proto));
	return o;
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

void table_add(struct table *t, const char *const *names, size_t nnames, const char *proto, unsigned number,
	       unsigned source, const char *description)
{
	uint32_t proto_id = strpool_intern(&t->pool, proto, strlen(proto));
	uint32_t group = t->kind->lines_apart ? ++t->groups : 0;

	/* Allocated whole, it never moves, and only the pages it fills are ever touched. */
	if (!t->bindings)
		t->bindings = xreallocarray(NULL, TABLE_MAX_BINDINGS, sizeof(*t->bindings));
	for (size_t i = 0; i < nnames; i++) {
		t->bindings[t->nbindings] = (struct binding){
			.name = strpool_intern(&t->pool, names[i], strlen(names[i])),
			.proto = proto_id,
			.number = (uint16_t)number,
			.source = (uint16_t)source,
			.seq = (uint32_t)t->nbindings,
			.group = group,
			.description = description,
		};
		t->nbindings++;
	}
}

/* The bindings are sorted by their indexes, which is lighter than moving them. */
static int compare_bindings(const void *pa, const void *pb, void *order)
{
	const struct order *o = order;
	const struct binding *a = &o->bindings[*(const uint32_t *)pa], *b = &o->bindings[*(const uint32_t *)pb];
	int c;

	c = compare_places(order, a->proto, a->number, b->proto, b->number);
	if (c)
		return c;
	c = compare_protocols(order, a->proto, b->proto);
	if (c)
		return c;
	if (a->source != b->source)
		return a->source > b->source ? -1 : 1; /* the latest overlay names the line */
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void add_line_name(struct table *t, struct line *l, const struct binding *b)
{
	if (!l->description)
		l->description = b->description;
	for (uint32_t i = 0; i < l->name_count; i++)
		if (t->line_names[l->first_name + i] == b->name)
			return;
	t->line_names[t->nline_names++] = b->name;
	l->name_count++;
}

/* A binding gives a line or a name of one: both fit in arrays of as many. */
static void group_bindings(struct table *t, struct order *o)
{
	uint32_t *sorted = xreallocarray(NULL, t->nbindings ? t->nbindings : 1, sizeof(*sorted));
	const struct binding *prev = NULL;
	struct line *l = NULL;

	for (size_t i = 0; i < t->nbindings; i++)
		sorted[i] = (uint32_t)i;
	qsort_r(sorted, t->nbindings, sizeof(*sorted), compare_bindings, o);
	t->lines = xreallocarray(NULL, t->nbindings ? t->nbindings : 1, sizeof(*t->lines));
	t->line_names = xreallocarray(NULL, t->nbindings ? t->nbindings : 1, sizeof(*t->line_names));
	for (size_t i = 0; i < t->nbindings; prev = &t->bindings[sorted[i++]]) {
		const struct binding *b = &t->bindings[sorted[i]];

		if (!prev || prev->number != b->number || prev->proto != b->proto || prev->group != b->group) {
			l = &t->lines[t->nlines++];
			*l = (struct line){ .number = b->number, .source = b->source, .proto = b->proto,
					    .first_name = (uint32_t)t->nline_names };
		}
		add_line_name(t, l, b);
	}
	free(sorted);
}

/* Within a number, the lines the latest overlay lists come first, so that a question without a protocol
 * gets the overlay's answer: netbase lists route on 520/udp, and no 520/tcp. Lines kept apart stay in
 * the order their source gives them. */
static int compare_lines(const void *pa, const void *pb, void *order)
{
	const struct line *a = pa, *b = pb;
	int c = compare_places(order, a->proto, a->number, b->proto, b->number);

	if (c)
		return c;
	if (a->source != b->source)
		return a->source > b->source ? -1 : 1;
	c = compare_protocols(order, a->proto, b->proto);
	if (c)
		return c;
	return a->first_name < b->first_name ? -1 : a->first_name > b->first_name;
}

/* The lines come in order of place from the bindings: only the lines of each place are left to sort. */
static void sort_lines(struct table *t, struct order *o)
{
	for (size_t start = 0, end; start < t->nlines; start = end) {
		const struct line *l = &t->lines[start];

		for (end = start + 1; end < t->nlines; end++)
			if (compare_places(o, l->proto, l->number, t->lines[end].proto, t->lines[end].number))
				break;
		qsort_r(&t->lines[start], end - start, sizeof(*t->lines), compare_lines, o);
	}
}

void table_build(struct table *t)
{
	struct order o;

	t->bindings = xreallocarray(t->bindings, t->nbindings ? t->nbindings : 1, sizeof(*t->bindings));
	o = order_of(t);
	group_bindings(t, &o);
	sort_lines(t, &o);
	free(o.rank);
	t->kind->passes(t);
	/* The lines are all that is left to write from, and the index is built in what the bindings took. */
	if (t->keep_bindings)
		return;
	free(t->bindings);
	t->bindings = NULL;
}

static size_t filter_names(struct table *t, struct line *l, name_filter *keep, void *ctx)
{
	uint32_t *names = &t->line_names[l->first_name], kept = 0, count = l->name_count;

	for (uint32_t i = 0; i < count; i++)
		if (keep(t, l, names[i], ctx))
			names[kept++] = names[i];
	l->name_count = kept;
	return count - kept;
}

size_t filter_lines(struct table *t, name_filter *keep, void *ctx)
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

bool name_list_add(struct name_list *nl, size_t first, uint32_t id)
{
	for (size_t i = first; i < nl->count; i++)
		if (nl->ids[i] == id)
			return false;
	GROW(nl->ids, nl->cap, nl->count + 1);
	nl->ids[nl->count++] = id;
	return true;
}

void extend_lines(struct table *t, line_extender *extend, void *ctx)
{
	struct name_list nl = { xreallocarray(NULL, t->nline_names + 1, sizeof(*nl.ids)), 0, t->nline_names + 1 };

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
}

struct first_lines {
	struct name_set seen; /* a name in any case and its protocol -> its first line */
	const struct keymap *repeats;
};

const char *repeat_key(char buf[REPEAT_KEY_MAX], const char *key, unsigned number)
{
	snprintf(buf, REPEAT_KEY_MAX, "%s %u", key, number);
	return buf;
}

static bool first_of_its_protocol(struct table *t, const struct line *l, uint32_t name, void *ctx)
{
	struct first_lines *fl = ctx;
	char key[NAME_KEY_MAX], repeat[REPEAT_KEY_MAX];
	uint32_t line = (uint32_t)(l - t->lines), first = line;
	size_t len;

	if (name_set_add(&fl->seen, name, l->proto, index_hash_name(strpool_get(&t->pool, name), l->proto, &len), &first) ||
	    first == line)
		return true;
	if (!fl->repeats)
		return false;
	return keymap_get(fl->repeats, repeat_key(repeat, table_name_key(t, name, l->proto, key), l->number), &first);
}

void keep_first_lines(struct table *t, const struct keymap *repeats)
{
	struct first_lines fl = { .seen = { .pool = &t->pool }, .repeats = repeats };

	name_set_reserve(&fl.seen, t->nline_names);

	t->repeated_names = filter_lines(t, first_of_its_protocol, &fl);
	name_set_free(&fl.seen);
}

const char *line_label(const struct table *t, const struct line *l, char buf[LINE_LABEL_MAX])
{
	const char *proto = line_proto(t, l);

	if (*proto)
		snprintf(buf, LINE_LABEL_MAX, "%u/%s", (unsigned)l->number, proto);
	else
		snprintf(buf, LINE_LABEL_MAX, "%s %u", t->kind->number_word, (unsigned)l->number);
	return buf;
}

void table_free(struct table *t)
{
	free(t->bindings);
	free(t->lines);
	free(t->line_names);
	strpool_free(&t->pool);
	memset(t, 0, sizeof(*t));
}
