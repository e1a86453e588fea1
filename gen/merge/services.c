/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* services.c: the services database's merge: which records give lines, and the passes over an overlay's names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index-format.h"
#include "log.h"
#include "table.h"
#include "xalloc.h"

static bool known_protocol(const struct table *t, uint32_t proto)
{
	return index_transport_rank(strpool_get(&t->pool, proto)) < INDEX_TRANSPORT_COUNT;
}

static const char *any_protocol_key(const struct table *t, uint32_t name, char buf[NAME_KEY_MAX])
{
	return name_key(buf, NAME_KEY_MAX, strpool_get(&t->pool, name), "", true);
}

/* What overlays bind: for each (name in any case, protocol), the latest overlay's first binding; for
 * each name bound on a transport protocol, the lowest port of those, which then answers it without a
 * protocol; and the later ports on which that overlay lists the name again. */
struct overlay_winners {
	struct keymap binding_of; /* "name/protocol" -> binding */
	struct keymap port_of;    /* "name/" -> port */
	struct keymap repeated;   /* "name/protocol port" -> 1 */
};

static void find_overlay_winners(const struct table *t, struct overlay_winners *w)
{
	char key[NAME_KEY_MAX];

	for (size_t i = 0; i < t->nbindings; i++) {
		const struct binding *b = &t->bindings[i];
		uint32_t won;

		if (b->source == SOURCE_REGISTRY)
			continue;
		table_name_key(t, b->name, b->proto, key);
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

		if (!known_protocol(t, b->proto))
			continue;
		any_protocol_key(t, b->name, key);
		if (!keymap_get(&w->port_of, key, &port) || b->number < port)
			keymap_set(&w->port_of, key, b->number);
	}
}

/* The bindings of the overlay that wins a name and protocol, past its first: that overlay's own file
 * has the name on several lines of the protocol, so readers already answer it as they each do there. */
static void find_overlay_repeats(const struct table *t, struct overlay_winners *w)
{
	char key[NAME_KEY_MAX], repeat[REPEAT_KEY_MAX];

	for (size_t i = 0; i < t->nbindings; i++) {
		const struct binding *b = &t->bindings[i];
		uint32_t won;

		if (b->source == SOURCE_REGISTRY || !keymap_get(&w->binding_of, table_name_key(t, b->name, b->proto, key), &won))
			continue;
		if (t->bindings[won].source == b->source && t->bindings[won].number != b->number)
			keymap_set(&w->repeated, repeat_key(repeat, key, b->number), 1);
	}
}

/* A name an overlay binds answers there: it leaves the lines that come before, for a question with the
 * line's protocol or with none. */
static bool not_shadowed(struct table *t, const struct line *l, uint32_t name, void *ctx)
{
	const struct overlay_winners *w = ctx;
	char key[NAME_KEY_MAX];
	uint32_t won, port;

	if (keymap_get(&w->binding_of, table_name_key(t, name, l->proto, key), &won) && l->number < t->bindings[won].number)
		return false;
	return !(known_protocol(t, l->proto) && keymap_get(&w->port_of, any_protocol_key(t, name, key), &port) &&
		 l->number < port);
}

static void apply_overlays(struct table *t)
{
	struct overlay_winners w = { 0 };

	find_overlay_winners(t, &w);
	find_overlay_repeats(t, &w);
	t->shadowed_names = filter_lines(t, not_shadowed, &w);
	keep_first_lines(t, &w.repeated);
	keymap_free(&w.binding_of);
	keymap_free(&w.port_of);
	keymap_free(&w.repeated);
}

static bool has_capitals(const char *s)
{
	for (; *s; s++)
		if (index_ascii_lower((unsigned char)*s) != (unsigned char)*s)
			return true;
	return false;
}

static uint32_t intern_lowercase(struct table *t, const char *name)
{
	char lower[NAME_KEY_MAX];

	name_key(lower, sizeof(lower), name, "", true);
	return strpool_intern(&t->pool, lower, strlen(lower) - 1);
}

/* glibc's files, musl and Go compare names exactly (Go lower-cases what it asks for): a lower-case
 * alias lets them find a name registered with capitals. Each name with capitals and its lower case go in
 * cased, the names that can have another spelling. */
static void add_lowercase(struct table *t, size_t i, struct name_list *nl, size_t first, void *cased)
{
	size_t end = nl->count;

	for (size_t n = first; n < end; n++) {
		uint32_t lower;

		if (!has_capitals(strpool_get(&t->pool, nl->ids[n])))
			continue;
		lower = intern_lowercase(t, strpool_get(&t->pool, nl->ids[n]));
		if (name_list_add(nl, first, lower))
			t->lowercase_aliases++;
		name_list_add(cased, ((struct name_list *)cased)->count, nl->ids[n]);
		name_list_add(cased, ((struct name_list *)cased)->count, lower);
	}
}

/* The spellings of each name in any case, and which lines must carry them all. A name that is not cased
 * is its only spelling, and is left out. */
struct spellings {
	uint8_t *cased;            /* by pool id */
	struct keymap group_of;    /* lower-cased name -> group */
	struct name_list *members; /* per group, its spellings */
	size_t ngroups, groups_cap;
	struct keymap first_line;  /* "name/protocol" and "name/" (lower-cased) -> its first line */
};

static void note_spellings(const struct table *t, struct spellings *sp)
{
	char key[NAME_KEY_MAX];

	for (size_t i = 0; i < t->nlines; i++) {
		const struct line *l = &t->lines[i];

		for (uint32_t n = 0; n < l->name_count; n++) {
			uint32_t name = t->line_names[l->first_name + n], group = (uint32_t)sp->ngroups;

			if (!sp->cased[name])
				continue;
			if (keymap_put_first(&sp->group_of, any_protocol_key(t, name, key), group)) {
				GROW(sp->members, sp->groups_cap, sp->ngroups + 1);
				sp->members[sp->ngroups++] = (struct name_list){ 0 };
			}
			keymap_get(&sp->group_of, key, &group);
			name_list_add(&sp->members[group], 0, name);
			keymap_put_first(&sp->first_line, key, (uint32_t)i);
			keymap_put_first(&sp->first_line, table_name_key(t, name, l->proto, key), (uint32_t)i);
		}
	}
}

/* glibc's files answers the first line with the exact spelling asked for, the module the first with
 * any spelling: they agree when that first line, for any protocol and for its own, has them all. */
static void add_all_spellings(struct table *t, size_t i, struct name_list *nl, size_t first, void *ctx)
{
	struct spellings *sp = ctx;
	char key[NAME_KEY_MAX], proto_key[NAME_KEY_MAX];
	size_t end = nl->count;

	for (size_t n = first; n < end; n++) {
		uint32_t group, line_any, line_proto_first;

		if (!sp->cased[nl->ids[n]])
			continue;
		keymap_get(&sp->group_of, any_protocol_key(t, nl->ids[n], key), &group);
		if (sp->members[group].count < 2)
			continue;
		keymap_get(&sp->first_line, key, &line_any);
		keymap_get(&sp->first_line, table_name_key(t, nl->ids[n], t->lines[i].proto, proto_key), &line_proto_first);
		if (line_any != i && line_proto_first != i)
			continue;
		for (size_t m = 0; m < sp->members[group].count; m++)
			name_list_add(nl, first, sp->members[group].ids[m]);
	}
}

static void unify_spellings(struct table *t, const struct name_list *cased)
{
	struct spellings sp = { .cased = xreallocarray(NULL, t->pool.count, 1) };

	memset(sp.cased, 0, t->pool.count);
	for (size_t i = 0; i < cased->count; i++)
		sp.cased[cased->ids[i]] = 1;
	note_spellings(t, &sp);
	extend_lines(t, add_all_spellings, &sp);
	for (size_t g = 0; g < sp.ngroups; g++)
		free(sp.members[g].ids);
	free(sp.members);
	free(sp.cased);
	keymap_free(&sp.group_of);
	keymap_free(&sp.first_line);
}

static void services_passes(struct table *t)
{
	struct name_list cased = { 0 };

	apply_overlays(t);
	extend_lines(t, add_lowercase, &cased);
	unify_spellings(t, &cased);
	free(cased.ids);
}

static enum record_verdict classify_service(struct table *t, const struct registry_record *rec, struct record_entry *e)
{
	enum record_verdict verdict = record_classify(rec);

	if (verdict != RECORD_KEPT)
		return verdict;
	e->names[0] = rec->name;
	e->nnames = 1;
	e->protocol = rec->protocol;
	e->description = keep_description(&t->pool, rec->description);
	return RECORD_KEPT;
}

static void report_services(const struct table *t)
{
	unsigned long per_rank[INDEX_TRANSPORT_COUNT + 1] = { 0 };
	char counts[128];
	size_t len = 0;

	for (size_t i = 0; i < t->nlines; i++)
		per_rank[index_transport_rank(line_proto(t, &t->lines[i]))]++;
	for (int r = 0; r <= INDEX_TRANSPORT_COUNT; r++)
		len += (size_t)snprintf(counts + len, sizeof(counts) - len, "%s%s %lu", r ? ", " : "",
					r < INDEX_TRANSPORT_COUNT ? index_transports[r] : "other", per_rank[r]);
	log_info("  %zu entries: %s", t->nlines, counts);
	log_info("  %zu names gave way to an overlay's, %zu left off later lines of their protocol, %zu lines left "
		 "without a name, %zu lower-case aliases added",
		 t->shadowed_names, t->repeated_names, t->unnamed_lines, t->lowercase_aliases);
}

const struct merge_kind services_merge = {
	.schema = &services_registry_schema,
	.overlay = OVERLAY_SERVICES,
	.registry_name = "services",
	.max_number = 65535,
	.number_range = "a port or port range",
	.kept_records = "with a name, a port and tcp, udp, sctp or dccp",
	.number_word = "port",
	.classify = classify_service,
	.passes = services_passes,
	.report = report_services,
};
