/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* registry.c: stream an IANA registry's XML (services or protocol numbers) and hand over its records one by one. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include "log.h"
#include "registry.h"
#include "xalloc.h"

#define IANA_NAMESPACE "http://www.iana.org/assignments"
#define FIELD_MAX_LEN (64 * 1024) /* no registry field comes near; bounds memory on hostile input */
#define REGISTRY_MAX_SIZE (64 * 1024 * 1024) /* 16 times the 2026 registry */
#define NESTING_MAX 32 /* the registries nest a few elements deep; bounds the parser's stack on hostile input */

enum field { FIELD_NAME, FIELD_PROTOCOL, FIELD_NUMBER, FIELD_DESCRIPTION, FIELD_UPDATED, FIELD_COUNT, FIELD_NONE };

/* The registry's elements this reader acts on: the fields, then the others. */
enum element {
	ELEMENT_REGISTRY = FIELD_COUNT, ELEMENT_RECORD, ELEMENT_BR, ELEMENT_COUNT, ELEMENT_OTHER = ELEMENT_COUNT
};

const struct registry_schema services_registry_schema = {
	.id = "service-names-port-numbers",
	.title = "the Service Name and Transport Protocol Port Number Registry",
	.number = "number",
};

const struct registry_schema protocols_registry_schema = {
	.id = "protocol-numbers",
	.title = "the Protocol Numbers registry",
	.records_id = "protocol-numbers-1",
	.number = "value",
};

static const char *const element_names[ELEMENT_COUNT] = {
	[FIELD_NAME] = "name", [FIELD_PROTOCOL] = "protocol", [FIELD_NUMBER] = "number",
	[FIELD_DESCRIPTION] = "description", [FIELD_UPDATED] = "updated",
	[ELEMENT_REGISTRY] = "registry", [ELEMENT_RECORD] = "record", [ELEMENT_BR] = "br",
};

struct text {
	char *s;
	size_t len, cap;
	bool present;
};

struct reader_state {
	const char *path;
	const struct registry_schema *schema;
	const char *names[ELEMENT_COUNT]; /* element_names, with the schema's number element */
	xmlTextReaderPtr reader;
	struct registry_info *info;
	registry_record_handler *handler;
	void *userdata;
	const xmlChar *interned[ELEMENT_COUNT]; /* element_names in the reader's dictionary */
	const xmlNs *root_ns; /* the IANA namespace as the root element declares it */
	bool seen_root, seen_records, in_records, in_record, description_ended;
	int record_depth;
	enum field open_field;
	long record_line;
	struct text fields[FIELD_COUNT];
	char error[256]; /* the parser's first error */
	long error_line;
};

static void text_append(struct text *t, const char *s, size_t len)
{
	GROW(t->s, t->cap, t->len + len + 1);
	memcpy(t->s + t->len, s, len);
	t->len += len;
	t->s[t->len] = '\0';
}

static void text_reset(struct text *t)
{
	t->len = 0;
	t->present = false;
	if (t->s)
		t->s[0] = '\0';
}

/* Whitespace at either end is layout, not data. */
static const char *text_trimmed(struct text *t)
{
	char *s, *end;

	if (!t->present)
		return NULL;
	text_append(t, "", 0);
	for (s = t->s; *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'; s++)
		;
	for (end = s + strlen(s); end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'); end--)
		;
	*end = '\0';
	return s;
}

/* libxml2 2.12 made the error it hands over const; the handler's type follows the version built against. */
#if LIBXML_VERSION >= 21200
static void on_parser_error(void *userdata, const xmlError *err)
#else
static void on_parser_error(void *userdata, xmlErrorPtr err)
#endif
{
	struct reader_state *st = userdata;

	if (err->level == XML_ERR_WARNING || st->error[0])
		return;
	/* libxml2's messages may run on over several lines; the first says what is wrong. */
	snprintf(st->error, sizeof(st->error), "%.*s", (int)strcspn(err->message ? err->message : "", "\n"),
		 err->message ? err->message : "");
	st->error_line = err->line;
}

/* No entity, DTD or XInclude is ever fetched, from disk or network. */
static xmlParserInputPtr refuse_external_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	return NULL;
}

static void log_at_line(const char *path, long line, const char *what)
{
	if (line > 0)
		log_error(path, "line %ld: %s", line, what);
	else
		log_error(path, "%s", what);
}

static int fail(struct reader_state *st, const char *what)
{
	log_at_line(st->path, xmlGetLineNo(xmlTextReaderCurrentNode(st->reader)), what);
	return -1;
}

/* Read from the node: xmlTextReaderConstNamespaceUri looks the URI up in libxml2's dictionary,
 * hashing all of it, on every call, and every element and end tag is asked. The root element lives
 * until the read ends, so no other namespace can take its namespace's address meanwhile. */
static bool in_iana_namespace(const struct reader_state *st, xmlNodePtr node)
{
	return node && node->type == XML_ELEMENT_NODE && node->ns &&
	       (node->ns == st->root_ns || (node->ns->href && strcmp((const char *)node->ns->href, IANA_NAMESPACE) == 0));
}

/* Which element the reader is on, ELEMENT_OTHER outside the IANA namespace. The parser takes element
 * names from its dictionary, so a pointer compare finds ours; strcmp is for a name that is not there. */
static enum element element_of(const struct reader_state *st)
{
	xmlNodePtr node = xmlTextReaderCurrentNode(st->reader);

	if (!in_iana_namespace(st, node))
		return ELEMENT_OTHER;
	for (int e = 0; e < ELEMENT_COUNT; e++)
		if (node->name == st->interned[e])
			return (enum element)e;
	for (int e = 0; e < ELEMENT_COUNT; e++)
		if (node->name[0] == st->names[e][0] && strcmp((const char *)node->name, st->names[e]) == 0)
			return (enum element)e;
	return ELEMENT_OTHER;
}

static enum field field_of(enum element e)
{
	return e < (enum element)FIELD_COUNT ? (enum field)e : FIELD_NONE;
}

static bool has_id(const struct reader_state *st, const char *want)
{
	xmlChar *id = xmlTextReaderGetAttribute(st->reader, BAD_CAST "id");
	bool ok = id && strcmp((const char *)id, want) == 0;

	xmlFree(id);
	return ok;
}

static int check_root(struct reader_state *st, enum element e)
{
	char what[256];

	if (e != ELEMENT_REGISTRY)
		return fail(st, "not an IANA registry (the root element is not <registry> in " IANA_NAMESPACE ")");
	if (!has_id(st, st->schema->id)) {
		snprintf(what, sizeof(what), "not %s (the root <registry> has no id=\"%s\")", st->schema->title,
			 st->schema->id);
		return fail(st, what);
	}
	st->seen_root = true;
	st->in_records = !st->schema->records_id;
	st->root_ns = xmlTextReaderCurrentNode(st->reader)->ns;
	return 0;
}

/* The child <registry> that holds the records, where the schema puts them in one. */
static void enter_registry(struct reader_state *st)
{
	if (st->schema->records_id && has_id(st, st->schema->records_id) && !xmlTextReaderIsEmptyElement(st->reader))
		st->in_records = st->seen_records = true;
}

static int emit_record(struct reader_state *st)
{
	struct registry_record rec = {
		.name = text_trimmed(&st->fields[FIELD_NAME]),
		.protocol = text_trimmed(&st->fields[FIELD_PROTOCOL]),
		.number = text_trimmed(&st->fields[FIELD_NUMBER]),
		.description = text_trimmed(&st->fields[FIELD_DESCRIPTION]),
		.line = st->record_line,
	};

	st->in_record = false;
	st->info->records++;
	return st->handler(&rec, st->userdata);
}

static int start_record(struct reader_state *st)
{
	for (int f = 0; f < FIELD_UPDATED; f++)
		text_reset(&st->fields[f]);
	st->in_record = true;
	st->record_line = xmlGetLineNo(xmlTextReaderCurrentNode(st->reader));
	if (xmlTextReaderIsEmptyElement(st->reader))
		return emit_record(st);
	return 0;
}

static void open_field(struct reader_state *st, enum field f)
{
	text_reset(&st->fields[f]);
	st->fields[f].present = true;
	st->description_ended = false;
	if (!xmlTextReaderIsEmptyElement(st->reader))
		st->open_field = f;
}

static int on_element(struct reader_state *st, int depth)
{
	enum element e = element_of(st);
	enum field f = field_of(e);

	if (depth == 0)
		return check_root(st, e);
	if (depth == 1 && e == ELEMENT_REGISTRY)
		enter_registry(st);
	if (depth == st->record_depth && st->in_records && e == ELEMENT_RECORD)
		return start_record(st);
	if (depth == 1 && f == FIELD_UPDATED)
		open_field(st, f);
	else if (depth == st->record_depth + 1 && st->in_record && f != FIELD_NONE && f != FIELD_UPDATED)
		open_field(st, f);
	else if (st->open_field == FIELD_DESCRIPTION && e == ELEMENT_BR)
		st->description_ended = true; /* what follows the first break is a note, not the description */
	return 0;
}

static int on_text(struct reader_state *st)
{
	struct text *t;
	const char *value;

	if (st->open_field == FIELD_NONE || (st->open_field == FIELD_DESCRIPTION && st->description_ended))
		return 0;
	t = &st->fields[st->open_field];
	value = (const char *)xmlTextReaderConstValue(st->reader);
	if (!value)
		return 0;
	if (t->len + strlen(value) > FIELD_MAX_LEN)
		return fail(st, "a field is longer than any registry field can be");
	text_append(t, value, strlen(value));
	return 0;
}

static int on_end_element(struct reader_state *st, int depth)
{
	enum element e = element_of(st);

	if (depth == st->record_depth && st->in_record && e == ELEMENT_RECORD)
		return emit_record(st);
	if (depth == 1 && st->schema->records_id && e == ELEMENT_REGISTRY)
		st->in_records = false;
	if ((depth == 1 || depth == st->record_depth + 1) && st->open_field != FIELD_NONE && field_of(e) == st->open_field)
		st->open_field = FIELD_NONE;
	return 0;
}

static int on_node(struct reader_state *st)
{
	xmlNodePtr node = xmlTextReaderCurrentNode(st->reader);
	int depth;

	/* Text outside a field is of no use, whatever its kind; and to tell whitespace from text,
	 * xmlTextReaderNodeType looks for xml:space up the whole tree. */
	if (node && node->type == XML_TEXT_NODE && st->open_field == FIELD_NONE)
		return 0;
	depth = xmlTextReaderDepth(st->reader);
	if (depth > NESTING_MAX)
		return fail(st, "elements nested deeper than any registry nests them");
	switch (xmlTextReaderNodeType(st->reader)) {
	case XML_READER_TYPE_DOCUMENT_TYPE:
		/* The registry has none; refusing DTDs keeps entity tricks out entirely. */
		return fail(st, "document type declarations are not allowed in the registry");
	case XML_READER_TYPE_ELEMENT:
		return on_element(st, depth);
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		return on_text(st);
	case XML_READER_TYPE_END_ELEMENT:
		return on_end_element(st, depth);
	case XML_READER_TYPE_ENTITY_REFERENCE:
		return fail(st, "entity references are not allowed in the registry");
	default:
		return 0;
	}
}

static bool valid_date(const char *s)
{
	static const char pattern[] = "dddd-dd-dd";

	if (!s || strlen(s) != REGISTRY_DATE_LEN)
		return false;
	for (size_t i = 0; i < REGISTRY_DATE_LEN; i++)
		if (pattern[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pattern[i])
			return false;
	return true;
}

static int finish(struct reader_state *st, int ret)
{
	const char *updated;

	if (ret < 0) {
		char what[sizeof(st->error) + 32];

		snprintf(what, sizeof(what), "not well-formed XML: %s", st->error[0] ? st->error : "cannot parse");
		log_at_line(st->path, st->error_line, what);
		return -1;
	}
	if (!st->seen_root) {
		log_error(st->path, "not an IANA registry: no <registry> element");
		return -1;
	}
	if (st->schema->records_id && !st->seen_records) {
		log_error(st->path, "not %s: no <registry id=\"%s\"> holds its records", st->schema->title,
			  st->schema->records_id);
		return -1;
	}
	updated = text_trimmed(&st->fields[FIELD_UPDATED]);
	if (!valid_date(updated)) {
		log_error(st->path, "the registry has no valid <updated> date (YYYY-MM-DD)");
		return -1;
	}
	memcpy(st->info->updated, updated, REGISTRY_DATE_LEN + 1);
	return 0;
}

static int open_registry(const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		log_error(path, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		log_error(path, "not a regular file");
		close(fd);
		return -1;
	}
	if (sb.st_size == 0 || sb.st_size > REGISTRY_MAX_SIZE) {
		log_error(path, sb.st_size ? "larger than 64 MiB, not the registry XML" : "empty file, not the registry XML");
		close(fd);
		return -1;
	}
	return fd;
}

static int read_nodes(struct reader_state *st)
{
	int ret;

	while ((ret = xmlTextReaderRead(st->reader)) == 1)
		if (on_node(st) < 0)
			return -2; /* already reported */
	return ret;
}

int registry_read(const char *path, const struct registry_schema *schema, struct registry_info *info,
		  registry_record_handler *handler, void *userdata)
{
	struct reader_state st = {
		.path = path, .schema = schema, .record_depth = schema->records_id ? 2 : 1, .info = info, .handler = handler, .userdata = userdata, .open_field = FIELD_NONE,
	};
	int fd, ret;

	memset(info, 0, sizeof(*info));
	fd = open_registry(path);
	if (fd < 0)
		return -1;
	xmlSetExternalEntityLoader(refuse_external_entity);
	st.reader = xmlReaderForFd(fd, path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (!st.reader) {
		log_error(path, "cannot start the XML reader");
		close(fd);
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(st.reader, on_parser_error, &st);
	for (int e = 0; e < ELEMENT_COUNT; e++) {
		st.names[e] = e == FIELD_NUMBER ? schema->number : element_names[e];
		st.interned[e] = xmlTextReaderConstString(st.reader, BAD_CAST st.names[e]);
	}
	ret = read_nodes(&st);
	if (ret != -2)
		ret = finish(&st, ret);
	xmlFreeTextReader(st.reader);
	close(fd);
	for (int f = 0; f < FIELD_COUNT; f++)
		free(st.fields[f].s);
	return ret < 0 ? -1 : 0;
}
