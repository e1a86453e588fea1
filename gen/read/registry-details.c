/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* registry-details.c: every detail of the registry records a question wants, its people and footnotes resolved. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "index-format.h"
#include "log.h"
#include "registry-details.h"
#include "xalloc.h"

#define IANA_NAMESPACE "http://www.iana.org/assignments"
#define LINE_BREAK '\x01' /* a <br/> in rendered text: XML text cannot hold this byte */
#define RENDER_DEPTH_MAX 64

/* What the one pass over the file keeps, as copies in a document of their own: the reader frees
 * each subtree it passes, and the people and footnotes a record names come after the records. */
struct kept_record {
	xmlNodePtr node;
	long line;
};

struct collected {
	xmlDocPtr holder;
	struct kept_record *records;
	size_t nrecords, cap;
};

struct renderer {
	struct registry_details *out;
	struct registry_person *people; /* sorted by id */
	size_t npeople;
	xmlNodePtr footnotes;           /* the holder's root: <footnote> and <people> copies among its children */
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

static bool is_iana(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, IANA_NAMESPACE) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
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

static const char *attribute(struct registry_details *d, xmlNodePtr n, const char *name)
{
	xmlChar *value = xmlGetNoNsProp(n, BAD_CAST name);
	struct text raw = { 0 };
	const char *kept;

	if (!value)
		return NULL;
	text_put(&raw, (const char *)value, strlen((const char *)value));
	xmlFree(value);
	kept = normalised(d, &raw);
	free(raw.s);
	return kept;
}

static void render_into(struct renderer *rd, xmlNodePtr n, struct text *raw);

static const char *rendered(struct renderer *rd, xmlNodePtr n)
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
	for (xmlNodePtr f = rd->footnotes->children; f && anchor; f = f->next) {
		xmlChar *a = is_iana(f, "footnote") ? xmlGetNoNsProp(f, BAD_CAST "anchor") : NULL;
		bool same = a && strcmp((const char *)a, anchor) == 0;

		xmlFree(a);
		if (same)
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

/* An <xref>'s label: what stands for it in running text, and a reference's text. */
static const char *xref_label(struct renderer *rd, xmlNodePtr x)
{
	const char *type = attribute(rd->out, x, "type"), *data = attribute(rd->out, x, "data");
	const char *text = rendered(rd, x);

	if (!type || !data)
		return text ? text : data;
	if (strcmp(type, "rfc") == 0)
		return rfc_label(rd, data);
	if (strcmp(type, "person") == 0)
		return person_of(rd, data).label;
	if (strcmp(type, "note") == 0)
		return note_label(rd, data);
	if (strcmp(type, "draft") == 0)
		return data;
	return text ? text : data;
}

static void render_into(struct renderer *rd, xmlNodePtr n, struct text *raw)
{
	if (rd->depth > RENDER_DEPTH_MAX)
		return;
	rd->depth++;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			text_put(raw, (const char *)c->content, strlen((const char *)c->content));
		} else if (is_iana(c, "br")) {
			text_put(raw, &(char){ LINE_BREAK }, 1);
		} else if (is_iana(c, "xref")) {
			const char *label = xref_label(rd, c);

			if (label)
				text_put(raw, label, strlen(label));
		} else if (c->type == XML_ELEMENT_NODE) {
			render_into(rd, c, raw);
		}
	}
	rd->depth--;
}

static xmlNodePtr first_child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (is_iana(c, name))
			return c;
	return NULL;
}

static const char *child_rendered(struct renderer *rd, xmlNodePtr n, const char *name)
{
	xmlNodePtr c = first_child(n, name);

	return c ? rendered(rd, c) : NULL;
}

static bool is_person_xref(struct renderer *rd, xmlNodePtr x)
{
	const char *type = is_iana(x, "xref") ? attribute(rd->out, x, "type") : NULL;

	return type && strcmp(type, "person") == 0;
}

static void add_person(struct renderer *rd, xmlNodePtr x, struct registry_person **list, size_t *count)
{
	const char *id = attribute(rd->out, x, "data");

	*list = xreallocarray(*list, *count + 1, sizeof(**list));
	(*list)[(*count)++] = person_of(rd, id ? id : "");
}

/* The person xrefs among n's children. */
static void add_people(struct renderer *rd, xmlNodePtr n, struct registry_person **list, size_t *count)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (is_person_xref(rd, c))
			add_person(rd, c, list, count);
}

static void add_reference(struct renderer *rd, xmlNodePtr x, struct registry_entry *e)
{
	const char *label = xref_label(rd, x);

	e->references = xreallocarray(e->references, e->nreferences + 1, sizeof(*e->references));
	e->references[e->nreferences++] = (struct registry_reference){
		.type = attribute(rd->out, x, "type"),
		.data = attribute(rd->out, x, "data"),
		.text = label ? label : "",
	};
}

static void add_note(struct renderer *rd, xmlNodePtr n, struct registry_entry *e)
{
	const char *text = rendered(rd, n);

	if (!text)
		return;
	e->notes = xreallocarray(e->notes, e->nnotes + 1, sizeof(*e->notes));
	e->notes[e->nnotes++] = text;
}

static void render_record(struct renderer *rd, xmlNodePtr r, const char *number_element, struct registry_entry *e)
{
	e->name = child_rendered(rd, r, "name");
	e->protocol = child_rendered(rd, r, "protocol");
	e->number = child_rendered(rd, r, number_element);
	e->description = child_rendered(rd, r, "description");
	e->unauthorized = child_rendered(rd, r, "unauthorized");
	e->service_code = child_rendered(rd, r, "sc");
	e->registered = attribute(rd->out, r, "date");
	e->modified = attribute(rd->out, r, "updated");
	for (xmlNodePtr c = r->children; c; c = c->next) {
		if (is_iana(c, "assignee"))
			add_people(rd, c, &e->assignees, &e->nassignees);
		else if (is_iana(c, "contact"))
			add_people(rd, c, &e->contacts, &e->ncontacts);
		else if (is_person_xref(rd, c))
			add_person(rd, c, &e->contacts, &e->ncontacts);
		else if (is_iana(c, "xref"))
			add_reference(rd, c, e);
		else if (is_iana(c, "note"))
			add_note(rd, c, e);
	}
}

/* Every <person> of the <people> lists kept, sorted by id for person_of(). */
static void read_people(struct renderer *rd)
{
	size_t cap = 0;

	for (xmlNodePtr list = rd->footnotes->children; list; list = list->next) {
		for (xmlNodePtr p = is_iana(list, "people") ? list->children : NULL; p; p = p->next) {
			const char *id = is_iana(p, "person") ? attribute(rd->out, p, "id") : NULL;
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

/* A child element's content with the whitespace at either end taken off, or NULL; to be freed. */
static char *trimmed_content(xmlNodePtr n, const char *name)
{
	xmlNodePtr c = first_child(n, name);
	char *s = c ? (char *)xmlNodeGetContent(c) : NULL, *start, *end;

	if (!s)
		return NULL;
	for (start = s; is_space(*start); start++)
		;
	for (end = start + strlen(start); end > start && is_space(end[-1]); end--)
		;
	*end = '\0';
	memmove(s, start, (size_t)(end - start) + 1);
	return s;
}

static bool wanted(xmlNodePtr r, const char *number_element, registry_filter *want, void *userdata)
{
	char *name = trimmed_content(r, "name"), *protocol = trimmed_content(r, "protocol");
	char *number = trimmed_content(r, number_element);
	xmlChar *date = xmlGetNoNsProp(r, BAD_CAST "date"), *updated = xmlGetNoNsProp(r, BAD_CAST "updated");
	struct registry_key key = { name, protocol, number, (const char *)date, (const char *)updated };
	bool yes = want(&key, userdata);

	xmlFree(name);
	xmlFree(protocol);
	xmlFree(number);
	xmlFree(date);
	xmlFree(updated);
	return yes;
}

static void keep_node(struct collected *c, xmlNodePtr n)
{
	xmlAddChild(xmlDocGetRootElement(c->holder), xmlDocCopyNode(n, c->holder, 1));
}

static void keep_record(struct collected *c, xmlNodePtr n)
{
	GROW(c->records, c->cap, c->nrecords + 1);
	c->records[c->nrecords++] = (struct kept_record){ xmlDocCopyNode(n, c->holder, 1), xmlGetLineNo(n) };
}

static bool has_records_id(xmlTextReaderPtr r, const char *records_id)
{
	xmlChar *id = xmlTextReaderGetAttribute(r, BAD_CAST "id");
	bool same = id && strcmp((const char *)id, records_id) == 0;

	xmlFree(id);
	return same;
}

/* The registry was read whole before, and accepted: a problem now is a file that changed in between. libxml2
 * 2.12 made the error it hands over const; the handler's type follows the version built against. */
#if LIBXML_VERSION >= 21200
static void ignore_errors(void *arg, const xmlError *error)
#else
static void ignore_errors(void *arg, xmlErrorPtr error)
#endif
{
}

/* One pass: the wanted records, and every <footnote> and <people> at the top. */
static int collect(const char *path, const struct registry_schema *schema, registry_filter *want, void *userdata,
		   struct collected *c)
{
	/* By its descriptor: libxml2 would take a path of "-" as standard input, and a URL as one. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	xmlTextReaderPtr r = fd < 0 ? NULL : xmlReaderForFd(fd, path, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
	int record_depth = schema->records_id ? 2 : 1, ret;
	bool in_records = !schema->records_id;

	if (!r) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(r, ignore_errors, NULL);
	for (ret = xmlTextReaderRead(r); ret == 1;) {
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		const char *uri = (const char *)xmlTextReaderConstNamespaceUri(r);
		int depth = xmlTextReaderDepth(r);
		xmlNodePtr n;

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !uri || strcmp(uri, IANA_NAMESPACE) != 0) {
			ret = xmlTextReaderRead(r);
			continue;
		}
		if (depth == 1 && schema->records_id)
			in_records = strcmp(name, "registry") == 0 && has_records_id(r, schema->records_id);
		if (!(depth == record_depth && in_records && strcmp(name, "record") == 0) &&
		    !(depth == 1 && (strcmp(name, "people") == 0 || strcmp(name, "footnote") == 0))) {
			ret = xmlTextReaderRead(r);
			continue;
		}
		if (!(n = xmlTextReaderExpand(r)))
			break;
		if (strcmp(name, "record") != 0)
			keep_node(c, n);
		else if (wanted(n, schema->number, want, userdata))
			keep_record(c, n);
		ret = xmlTextReaderNext(r);
	}
	xmlFreeTextReader(r);
	close(fd);
	return ret == 0 ? 0 : -1;
}

int registry_details_read(const char *path, const struct registry_schema *schema, registry_filter *want,
			  void *userdata, struct registry_details *out)
{
	struct collected c = { .holder = xmlNewDoc(BAD_CAST "1.0") };
	struct renderer rd = { .out = out };
	int ret;

	*out = (struct registry_details){ 0 };
	xmlDocSetRootElement(c.holder, xmlNewDocNode(c.holder, NULL, BAD_CAST "kept", NULL));
	ret = collect(path, schema, want, userdata, &c);
	if (ret < 0) {
		log_error(path, "cannot read the details of its records: the file changed while it was read");
	} else {
		rd.footnotes = xmlDocGetRootElement(c.holder);
		read_people(&rd);
		out->entries = xreallocarray(NULL, c.nrecords ? c.nrecords : 1, sizeof(*out->entries));
		for (size_t i = 0; i < c.nrecords; i++) {
			out->entries[i] = (struct registry_entry){ .line = c.records[i].line };
			render_record(&rd, c.records[i].node, schema->number, &out->entries[out->count++]);
		}
	}
	for (size_t i = 0; i < c.nrecords; i++)
		xmlFreeNode(c.records[i].node);
	free(c.records);
	free(rd.people);
	xmlFreeDoc(c.holder);
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
