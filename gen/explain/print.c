/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* print.c: an answer as text for people, or as one JSON document (docs/iana-services.schema.json). */
#include <string.h>

#include "explained.h"
#include "canonical-file.h"

/* A value of several lines goes on, after the first, on lines indented by four spaces. */
static void put_lines(FILE *out, const char *value)
{
	for (; *value; value++)
		if (*value == '\n')
			fputs("\n    ", out);
		else
			putc(*value, out);
	putc('\n', out);
}

static void put_field(FILE *out, const char *label, const char *value)
{
	if (!value)
		return;
	fprintf(out, "  %s: ", label);
	put_lines(out, value);
}

static void put_people(FILE *out, const char *label, const struct registry_person *p, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		fprintf(out, "  %s: %s", label, p[i].label);
		if (p[i].uri)
			fprintf(out, " <%s>", p[i].uri);
		putc('\n', out);
	}
}

static void put_record(FILE *out, const struct registry_entry *e, const struct file_status *st)
{
	if (e->name)
		fprintf(out, "%s ", e->name);
	fputs(e->number ? e->number : "(no port)", out);
	if (e->protocol)
		fprintf(out, "/%s", e->protocol);
	if (e->description) {
		fputs(": ", out);
		put_lines(out, e->description);
	} else {
		putc('\n', out);
	}
	put_people(out, "assignee", e->assignees, e->nassignees);
	put_people(out, "contact", e->contacts, e->ncontacts);
	for (size_t i = 0; i < e->nreferences; i++)
		put_field(out, "reference", e->references[i].text);
	put_field(out, "registered", e->registered);
	put_field(out, "modified", e->modified);
	for (size_t i = 0; i < e->nnotes; i++)
		put_field(out, "note", e->notes[i]);
	put_field(out, "unauthorized use", e->unauthorized);
	put_field(out, "service code", e->service_code);
	if (st && st->applies && st->listed)
		fprintf(out, "  in the services file%s%s\n", st->why[0] ? ", " : "", st->why);
	else if (st && st->applies)
		fprintf(out, "  not in the services file: %s\n", st->why);
}

/* Where the line comes from, then the other sources that list it too. */
static void put_line_sources(FILE *out, const struct answer *a, const struct answer_line *al)
{
	unsigned source = a->req->table->lines[al->index].source;
	const char *sep = "; also listed by ";

	if (source == SOURCE_REGISTRY)
		fprintf(out, "  from the registry, %s", a->req->registry);
	else
		fprintf(out, "  from %s", answer_source_label(a->req, source));
	for (size_t i = 0; i < al->nsources; i++) {
		if (al->sources[i] == source)
			continue;
		fprintf(out, "%s%s", sep, answer_source_label(a->req, al->sources[i]));
		sep = ", ";
	}
	putc('\n', out);
}

static void put_question(FILE *out, const struct answer *a)
{
	const struct question *q = a->question;

	if (a->range)
		fprintf(out, "%s: in the %s (%u-%u)%s\n", q->text, a->range->name, a->range->first, a->range->last,
			a->range->assigned ? "" : ", which IANA does not assign");
	if (!a->details.count)
		fprintf(out, "registry: no record for %s\n", q->text);
}

void answer_print_text(const struct answer *a, FILE *out)
{
	const struct table *t = a->req->table;
	struct line_text b;

	if (a->question)
		put_question(out, a);
	for (size_t i = 0; i < a->details.count; i++)
		put_record(out, &a->details.entries[i], a->status ? &a->status[i] : NULL);
	if (!a->question)
		return;
	for (size_t i = 0; i < a->nlines; i++) {
		canonical_line(t, &services_file, a->lines[i].index, &b);
		fprintf(out, "services file: %.*s\n", (int)b.len, b.s);
		put_line_sources(out, a, &a->lines[i]);
	}
	if (!a->nlines)
		fprintf(out, "services file: no line for %s\n", a->question->text);
}

/* The length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_length(const unsigned char *s)
{
	size_t len = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;

	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((len == 3 && s[0] == 0xe0 && s[1] < 0xa0) || (len == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
	    (len == 4 && s[0] == 0xf0 && s[1] < 0x90) || (len == 4 && s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return len;
}

/* A JSON string, or null; bytes that are not UTF-8 (an overlay's comment may hold any) as U+FFFD. */
static void json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", out);
		return;
	}
	putc('"', out);
	while (*p) {
		size_t len = *p < 0x80 ? 1 : utf8_length(p);

		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else if (len)
			fwrite(p, 1, len, out);
		else
			fputs("\\ufffd", out);
		p += len ? len : 1;
	}
	putc('"', out);
}

static void json_key(FILE *out, const char *key)
{
	json_string(out, key);
	putc(':', out);
}

/* ",\"key\":" after the first member of an object. */
static void json_next(FILE *out, const char *key)
{
	putc(',', out);
	json_key(out, key);
}

static void json_people(FILE *out, const char *key, const struct registry_person *p, size_t count)
{
	json_next(out, key);
	putc('[', out);
	for (size_t i = 0; i < count; i++) {
		fputs(i ? ",{" : "{", out);
		json_key(out, "id");
		json_string(out, p[i].id);
		json_next(out, "name");
		json_string(out, p[i].name);
		json_next(out, "org");
		json_string(out, p[i].org);
		json_next(out, "uri");
		json_string(out, p[i].uri);
		putc('}', out);
	}
	putc(']', out);
}

static void json_references(FILE *out, const struct registry_entry *e)
{
	json_next(out, "references");
	putc('[', out);
	for (size_t i = 0; i < e->nreferences; i++) {
		fputs(i ? ",{" : "{", out);
		json_key(out, "type");
		json_string(out, e->references[i].type);
		json_next(out, "data");
		json_string(out, e->references[i].data);
		json_next(out, "text");
		json_string(out, e->references[i].text);
		putc('}', out);
	}
	putc(']', out);
}

static void json_ports(FILE *out, const char *number)
{
	struct number_range range;

	json_next(out, "ports");
	if (number && parse_number_range(number, 65535, &range) == 0)
		fprintf(out, "{\"first\":%u,\"last\":%u}", range.first, range.last);
	else
		fputs("null", out);
}

static void json_file_status(FILE *out, const struct file_status *st)
{
	json_next(out, "file");
	if (!st->applies) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"listed\":%s,\"why\":", st->listed ? "true" : "false");
	json_string(out, st->listed ? NULL : st->why);
	json_next(out, "at");
	if (st->has_at) {
		fprintf(out, "{\"port\":%u,\"protocol\":", st->at_port);
		json_string(out, st->at_protocol);
		putc('}', out);
	} else {
		fputs("null", out);
	}
	putc('}', out);
}

static void json_record(FILE *out, const struct registry_entry *e, const struct file_status *st)
{
	fprintf(out, "{\"xml_line\":%ld", e->line);
	json_next(out, "name");
	json_string(out, e->name);
	json_ports(out, e->number);
	json_next(out, "protocol");
	json_string(out, e->protocol);
	json_next(out, "description");
	json_string(out, e->description);
	json_people(out, "assignees", e->assignees, e->nassignees);
	json_people(out, "contacts", e->contacts, e->ncontacts);
	json_references(out, e);
	json_next(out, "registered");
	json_string(out, e->registered);
	json_next(out, "modified");
	json_string(out, e->modified);
	json_next(out, "notes");
	putc('[', out);
	for (size_t i = 0; i < e->nnotes; i++) {
		if (i)
			putc(',', out);
		json_string(out, e->notes[i]);
	}
	putc(']', out);
	json_next(out, "unauthorized");
	json_string(out, e->unauthorized);
	json_next(out, "service_code");
	json_string(out, e->service_code);
	if (st)
		json_file_status(out, st);
	putc('}', out);
}

static void json_source(FILE *out, const struct answer *a, unsigned source)
{
	bool builtin = source == 1 && a->req->builtin_overlay;

	fputs("{\"kind\":", out);
	json_string(out, source == SOURCE_REGISTRY ? "registry" : builtin ? "built-in" : "overlay");
	json_next(out, "file");
	json_string(out, source == SOURCE_REGISTRY ? a->req->registry : builtin ? NULL : answer_source_label(a->req, source));
	putc('}', out);
}

static void json_line(FILE *out, const struct answer *a, const struct answer_line *al)
{
	const struct table *t = a->req->table;
	const struct line *l = &t->lines[al->index];
	const char *sep = "";
	struct line_text b;

	canonical_line(t, &services_file, al->index, &b);
	b.s[b.len] = '\0';
	json_key(out, "text");
	json_string(out, b.s);
	json_next(out, "names");
	putc('[', out);
	for (uint32_t n = 0; n < l->name_count; n++) {
		if (n)
			putc(',', out);
		json_string(out, line_name(t, l, n));
	}
	fprintf(out, "],\"port\":%u", l->number);
	json_next(out, "protocol");
	json_string(out, line_proto(t, l));
	json_next(out, "description");
	json_string(out, l->description);
	json_next(out, "source");
	json_source(out, a, l->source);
	json_next(out, "also");
	putc('[', out);
	for (size_t i = 0; i < al->nsources; i++) {
		if (al->sources[i] == l->source)
			continue;
		fputs(sep, out);
		json_source(out, a, al->sources[i]);
		sep = ",";
	}
	putc(']', out);
}

static void json_question(FILE *out, const struct answer *a)
{
	const struct question *q = a->question;

	json_key(out, "question");
	json_string(out, q->text);
	json_next(out, "name");
	json_string(out, q->name);
	json_next(out, "port");
	if (q->name)
		fputs("null", out);
	else
		fprintf(out, "%u", q->port);
	json_next(out, "protocol");
	json_string(out, q->protocol[0] ? q->protocol : NULL);
	json_next(out, "port_range");
	if (a->range) {
		fprintf(out, "{\"first\":%u,\"last\":%u,\"name\":", a->range->first, a->range->last);
		json_string(out, a->range->name);
		fprintf(out, ",\"assigned\":%s}", a->range->assigned ? "true" : "false");
	} else {
		fputs("null", out);
	}
}

void answer_print_json(const struct answer *a, FILE *out)
{
	putc('{', out);
	if (a->question) {
		json_question(out, a);
	} else {
		json_key(out, "since");
		json_string(out, a->since);
	}
	json_next(out, "registry");
	fputs("{\"file\":", out);
	json_string(out, a->req->registry);
	json_next(out, "updated");
	json_string(out, a->req->table->updated);
	fputs("},\"records\":[", out);
	for (size_t i = 0; i < a->details.count; i++) {
		if (i)
			putc(',', out);
		json_record(out, &a->details.entries[i], a->status ? &a->status[i] : NULL);
	}
	putc(']', out);
	if (a->question) {
		json_next(out, "lines");
		putc('[', out);
		for (size_t i = 0; i < a->nlines; i++) {
			fputs(i ? ",{" : "{", out);
			json_line(out, a, &a->lines[i]);
			putc('}', out);
		}
		putc(']', out);
	}
	fputs("}\n", out);
}
