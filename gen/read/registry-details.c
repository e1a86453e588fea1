/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* registry-details.c: every detail of the registry records a question wants, its people and footnotes resolved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "element-tree.h"
#include "index-format.h"
#include "log.h"
#include "registry-details.h"
#include "xalloc.h"

#define LINE_BREAK '\x01' /* a <br/> in rendered text: XML text cannot hold this byte */
#define RENDER_DEPTH_MAX 64

/* What the one pass over the file keeps: the wanted records, and the footnotes and people lists, which
 * come after the records that name them. */
struct collected {
	const struct registry_schema *schema;
	registry_filter *want;
	void *userdata;
	bool in_records;
	struct element **records, *back_matter; /* a list, through next, of the <footnote> and <people> elements */
	size_t nrecords, cap;
};

struct renderer {
	struct registry_details *out;
	struct registry_person *people; /* sorted by id */
	size_t npeople;
	const struct element *back_matter;
	int depth;
};

struct text {
	char *s;
	size_t len, cap;
};

static void text_put(struct text *t, const char *s, size_t len)
{
	GROW(t->s, t->cap, t->len + len + 1);
	memcpy(t->s + t->len, s, len);
	t->len += len;
	t->s[t->len] = '\0';
}

static const char *keep(struct registry_details *d, const char *s, size_t len)
{
	char *copy = xstrndup(s, len);

	GROW(d->strings, d->strings_cap, d->nstrings + 1);
	d->strings[d->nstrings++] = copy;
	return copy;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Runs of whitespace one space, each line trimmed, empty lines dropped: NULL if nothing is left. */
static const char *normalised(struct registry_details *d, const struct text *raw)
{
	struct text out = { 0 };
	bool space = false, line_has_text = false, line_ended = false;
	const char *kept = NULL;

	for (size_t i = 0; i < raw->len; i++) {
		char c = raw->s[i];

		if (c == LINE_BREAK || is_space(c)) {
			line_ended |= c == LINE_BREAK && line_has_text;
			line_has_text &= c != LINE_BREAK;
			space = line_has_text;
			continue;
		}
		if (line_ended || space)
			text_put(&out, line_ended ? "\n" : " ", 1);
		line_ended = space = false;
		line_has_text = true;
		text_put(&out, &c, 1);
	}
	if (out.len)
		kept = keep(d, out.s, out.len);
	free(out.s);
	return kept;
}

static const char *attribute(struct registry_details *d, const struct element *e, const char *name)
{
	const char *value = element_attribute(e, name);
	struct text raw = { 0 };
	const char *kept;

	if (!value)
		return NULL;
	text_put(&raw, value, strlen(value));
	kept = normalised(d, &raw);
	free(raw.s);
	return kept;
}

static void render_into(struct renderer *rd, const struct element *n, struct text *raw);

static const char *rendered(struct renderer *rd, const struct element *n)
{
	struct text raw = { 0 };
	const char *kept;

	render_into(rd, n, &raw);
	kept = normalised(rd->out, &raw);
	free(raw.s);
	return kept;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct registry_person *)a)->id, ((const struct registry_person *)b)->id);
}

static struct registry_person person_of(const struct renderer *rd, const char *id)
{
	struct registry_person key = { .id = id }, *found;

	found = rd->npeople ? bsearch(&key, rd->people, rd->npeople, sizeof(key), by_id) : NULL;
	if (found)
		return *found;
	key.label = id;
	return key;
}

static const char *footnote_text(struct renderer *rd, const char *anchor)
{
	for (const struct element *f = rd->back_matter; f && anchor; f = f->next) {
		const char *a = element_is(f, "footnote") ? element_attribute(f, "anchor") : NULL;

		if (a && strcmp(a, anchor) == 0)
			return rendered(rd, f);
	}
	return NULL;
}

/* "RFC 8314" for rfc8314, in any case; other data as it is. */
static const char *rfc_label(struct renderer *rd, const char *data)
{
	char label[64];

	if (strlen(data) < 4 || strlen(data) > 32 || index_ascii_lower((unsigned char)data[0]) != 'r' ||
	    index_ascii_lower((unsigned char)data[1]) != 'f' || index_ascii_lower((unsigned char)data[2]) != 'c' ||
	    strspn(data + 3, "0123456789") != strlen(data + 3))
		return data;
	snprintf(label, sizeof(label), "RFC %s", data + 3);
	return keep(rd->out, label, strlen(label));
}

static const char *note_label(struct renderer *rd, const char *data)
{
	const char *text = rd->depth < 2 ? footnote_text(rd, data) : NULL;
	char label[80];

	if (text || !data)
		return text;
	snprintf(label, sizeof(label), "note %.64s", data);
	return keep(rd->out, label, strlen(label));
}

/* An <xref>'s label, given its type and data: what stands for it in running text, and a reference's text. */
static const char *label_of(struct renderer *rd, const struct element *x, const char *type, const char *data)
{
	const char *text;

	if (type && data && strcmp(type, "rfc") == 0)
		return rfc_label(rd, data);
	if (type && data && strcmp(type, "person") == 0)
		return person_of(rd, data).label;
	if (type && data && strcmp(type, "note") == 0)
		return note_label(rd, data);
	if (type && data && strcmp(type, "draft") == 0)
		return data;
	text = rendered(rd, x);
	return text || (type && strcmp(type, "text") == 0) ? text : data;
}

static const char *xref_label(struct renderer *rd, const struct element *x)
{
	return label_of(rd, x, attribute(rd->out, x, "type"), attribute(rd->out, x, "data"));
}

static void render_into(struct renderer *rd, const struct element *n, struct text *raw)
{
	if (rd->depth > RENDER_DEPTH_MAX)
		return;
	rd->depth++;
	for (const struct element *c = n->children; c; c = c->next) {
		if (!c->name) {
			text_put(raw, c->text, c->len);
		} else if (element_is(c, "br")) {
			text_put(raw, &(char){ LINE_BREAK }, 1);
		} else if (element_is(c, "xref")) {
			const char *label = xref_label(rd, c);

			if (label)
				text_put(raw, label, strlen(label));
		} else {
			render_into(rd, c, raw);
		}
	}
	rd->depth--;
}

static const struct element *first_child(const struct element *n, const char *name)
{
	for (const struct element *c = n->children; c; c = c->next)
		if (element_is(c, name))
			return c;
	return NULL;
}

static const char *child_rendered(struct renderer *rd, const struct element *n, const char *name)
{
	const struct element *c = first_child(n, name);

	return c ? rendered(rd, c) : NULL;
}

static bool is_person_xref(struct renderer *rd, const struct element *x)
{
	const char *type = element_is(x, "xref") ? attribute(rd->out, x, "type") : NULL;

	return type && strcmp(type, "person") == 0;
}

static void add_person(struct renderer *rd, const struct element *x, struct registry_person **list, size_t *count)
{
	const char *id = attribute(rd->out, x, "data");

	*list = xreallocarray(*list, *count + 1, sizeof(**list));
	(*list)[(*count)++] = person_of(rd, id ? id : "");
}

/* The person xrefs among n's children. */
static void add_people(struct renderer *rd, const struct element *n, struct registry_person **list, size_t *count)
{
	for (const struct element *c = n->children; c; c = c->next)
		if (is_person_xref(rd, c))
			add_person(rd, c, list, count);
}

static void add_reference(struct renderer *rd, const struct element *x, struct registry_entry *e)
{
	const char *type = attribute(rd->out, x, "type"), *data = attribute(rd->out, x, "data");
	const char *label = label_of(rd, x, type, data);

	e->references = xreallocarray(e->references, e->nreferences + 1, sizeof(*e->references));
	e->references[e->nreferences++] = (struct registry_reference){ .type = type, .data = data, .text = label ? label : "" };
}

static void add_note(struct renderer *rd, const struct element *n, struct registry_entry *e)
{
	const char *text = rendered(rd, n);

	if (!text)
		return;
	e->notes = xreallocarray(e->notes, e->nnotes + 1, sizeof(*e->notes));
	e->notes[e->nnotes++] = text;
}

static void render_record(struct renderer *rd, const struct element *r, const char *number_element, struct registry_entry *e)
{
	e->name = child_rendered(rd, r, "name");
	e->protocol = child_rendered(rd, r, "protocol");
	e->number = child_rendered(rd, r, number_element);
	e->description = child_rendered(rd, r, "description");
	e->unauthorized = child_rendered(rd, r, "unauthorized");
	e->service_code = child_rendered(rd, r, "sc");
	e->registered = attribute(rd->out, r, "date");
	e->modified = attribute(rd->out, r, "updated");
	for (const struct element *c = r->children; c; c = c->next) {
		if (element_is(c, "assignee"))
			add_people(rd, c, &e->assignees, &e->nassignees);
		else if (element_is(c, "contact"))
			add_people(rd, c, &e->contacts, &e->ncontacts);
		else if (is_person_xref(rd, c))
			add_person(rd, c, &e->contacts, &e->ncontacts);
		else if (element_is(c, "xref"))
			add_reference(rd, c, e);
		else if (element_is(c, "note"))
			add_note(rd, c, e);
	}
}

/* Every <person> of the <people> lists kept, sorted by id for person_of(). */
static void read_people(struct renderer *rd)
{
	size_t cap = 0;

	for (const struct element *list = rd->back_matter; list; list = list->next) {
		for (const struct element *p = element_is(list, "people") ? list->children : NULL; p; p = p->next) {
			const char *id = element_is(p, "person") ? attribute(rd->out, p, "id") : NULL;
			struct registry_person *person;

			if (!id)
				continue;
			GROW(rd->people, cap, rd->npeople + 1);
			person = &rd->people[rd->npeople++];
			*person = (struct registry_person){ .id = id };
			person->name = child_rendered(rd, p, "name");
			person->org = child_rendered(rd, p, "org");
			person->uri = child_rendered(rd, p, "uri");
			person->label = person->name ? person->name : person->org ? person->org : id;
		}
	}
	if (rd->npeople)
		qsort(rd->people, rd->npeople, sizeof(*rd->people), by_id);
}

static void put_content(const struct element *e, struct text *t)
{
	for (const struct element *c = e->children; c; c = c->next)
		if (c->name)
			put_content(c, t);
		else
			text_put(t, c->text, c->len);
}

/* A child element's text with the whitespace at either end taken off, or NULL; to be freed. */
static char *trimmed_content(const struct element *e, const char *name)
{
	const struct element *c = first_child(e, name);
	struct text t = { 0 };
	char *start;

	if (!c)
		return NULL;
	text_put(&t, "", 0);
	put_content(c, &t);
	start = registry_trim(t.s);
	memmove(t.s, start, strlen(start) + 1);
	return t.s;
}

static bool wanted(const struct collected *c, const struct element *r)
{
	char *name = trimmed_content(r, "name"), *protocol = trimmed_content(r, "protocol");
	char *number = trimmed_content(r, c->schema->number);
	struct registry_key key = { name, protocol, number, element_attribute(r, "date"), element_attribute(r, "updated") };
	bool yes = c->want(&key, c->userdata);

	free(name);
	free(protocol);
	free(number);
	return yes;
}

/* The records of the schema, and every <footnote> and <people> at the top; in the file of a schema whose
 * records are in a child registry, only that one's. */
static bool is_kept_kind(const struct element *start, int depth, void *userdata)
{
	struct collected *c = userdata;
	const char *id;

	if (depth == 1 && c->schema->records_id) {
		id = element_attribute(start, "id");
		c->in_records = element_is(start, "registry") && id && strcmp(id, c->schema->records_id) == 0;
	}
	if (depth == (c->schema->records_id ? 2 : 1) && c->in_records && element_is(start, "record"))
		return true;
	return depth == 1 && (element_is(start, "people") || element_is(start, "footnote"));
}

static void keep_built(struct element *e, void *userdata)
{
	struct collected *c = userdata;

	if (!element_is(e, "record")) {
		e->next = c->back_matter;
		c->back_matter = e;
	} else if (wanted(c, e)) {
		GROW(c->records, c->cap, c->nrecords + 1);
		c->records[c->nrecords++] = e;
	} else {
		element_free(e);
	}
}

int registry_details_read(const char *path, const struct registry_schema *schema, registry_filter *want,
			  void *userdata, struct registry_details *out)
{
	struct collected c = { .schema = schema, .want = want, .userdata = userdata, .in_records = !schema->records_id };
	struct renderer rd = { .out = out };
	int ret;

	*out = (struct registry_details){ 0 };
	ret = element_tree_read(path, is_kept_kind, keep_built, &c);
	if (ret < 0) {
		log_error(path, "cannot read the details of its records: the file changed while it was read");
	} else {
		rd.back_matter = c.back_matter;
		read_people(&rd);
		out->entries = xreallocarray(NULL, c.nrecords ? c.nrecords : 1, sizeof(*out->entries));
		for (size_t i = 0; i < c.nrecords; i++) {
			out->entries[i] = (struct registry_entry){ .line = c.records[i]->line };
			render_record(&rd, c.records[i], schema->number, &out->entries[out->count++]);
		}
	}
	for (size_t i = 0; i < c.nrecords; i++)
		element_free(c.records[i]);
	while (c.back_matter) {
		struct element *next = c.back_matter->next;

		element_free(c.back_matter);
		c.back_matter = next;
	}
	free(c.records);
	free(rd.people);
	return ret;
}

void registry_details_free(struct registry_details *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->entries[i].assignees);
		free(d->entries[i].contacts);
		free(d->entries[i].references);
		free(d->entries[i].notes);
	}
	free(d->entries);
	for (size_t i = 0; i < d->nstrings; i++)
		free(d->strings[i]);
	free(d->strings);
	*d = (struct registry_details){ 0 };
}
