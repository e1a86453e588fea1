/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* registry.c: stream an IANA registry's XML (services or protocol numbers) and hand over its records one by one. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>

#include "log.h"
#include "registry.h"
#include "xalloc.h"

#define IANA_NAMESPACE "http://www.iana.org/assignments"
#define FIELD_MAX_LEN (64 * 1024) /* no registry field comes near; bounds memory on hostile input */
#define REGISTRY_MAX_SIZE (64 * 1024 * 1024) /* 16 times the 2026 registry */
#define NESTING_MAX 32 /* the registries nest a few elements deep; bounds the parser's stack on hostile input */
#define CHUNK_SIZE 512 /* what libxml2's xmlTextReader hands its parser at a time, so that errors read the same */
#define PROBE_SIZE 4   /* the bytes the parser tells the encoding by, given when it is made */

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

/*
 * The registry is read as libxml2's xmlTextReader read it, node by node, from the parser's SAX events:
 * the reader's tree of every node, built and freed, cost more than the parse. Its nodes are an element
 * where its start tag ends (an empty one has no end), a text node for each run of character data between
 * other nodes (whatever its whitespace), a comment or processing instruction, and the document type,
 * given once the root element's start tag is read. The reader gave a node only once the chunk of input
 * that made it had parsed: what a chunk's nodes make happen, a record handed over or a problem told, is
 * queued, and done once it has, so that a file that is not well-formed is refused for that alone where
 * the reader refused it so.
 */
struct action {
	long line;
	size_t text;      /* a problem's words, or a record's fields, each with its NUL, in the queue's text */
	bool record;
	uint8_t present;  /* a record's fields that it has, a bit each */
};

struct queue {
	struct action *actions;
	size_t count, cap;
	struct text text;
};

/* What the parser has just read: its line, and for a start tag, what the reader would tell of it. */
struct node {
	long line;
	enum element element;
	bool empty, has_root_id, has_records_id;
};

struct reader_state {
	const char *path;
	const struct registry_schema *schema;
	const char *names[ELEMENT_COUNT]; /* element_names, with the schema's number element */
	const xmlChar *interned[ELEMENT_COUNT]; /* element_names in the parser's dictionary */
	const xmlChar *iana_namespace;          /* and IANA_NAMESPACE */
	xmlParserCtxtPtr ctxt;
	struct queue queue;
	struct registry_info *info;
	registry_record_handler *handler;
	void *userdata;
	bool seen_doctype, seen_root, seen_records, in_records, in_record, description_ended;
	bool failed;       /* a problem is queued: the parser's later nodes are not the reader's */
	bool in_text;      /* within a run of character data: one text node */
	bool empty_open;   /* the last tag parsed starts an empty element, whose end is no node */
	int depth;         /* of the next node: the elements open */
	enum element open[NESTING_MAX + 1]; /* the open elements, which their end tags name again */
	int record_depth;
	enum field open_field;
	long record_line, text_line;
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
}

char *registry_trim(char *s)
{
	char *end;

	for (; *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'; s++)
		;
	for (end = s + strlen(s); end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'); end--)
		;
	*end = '\0';
	return s;
}

static const char *text_trimmed(struct text *t)
{
	if (!t->present)
		return NULL;
	text_append(t, "", 0);
	return registry_trim(t->s);
}

/* The parser hands its own context to every handler, as libxml2's SAX2 handlers want it. */
static struct reader_state *state_of(void *ctxt)
{
	return ((xmlParserCtxtPtr)ctxt)->_private;
}

/* libxml2 2.12 made the error it hands over const; the handler's type follows the version built against. */
#if LIBXML_VERSION >= 21200
static void on_parser_error(void *userdata, const xmlError *err)
#else
static void on_parser_error(void *userdata, xmlErrorPtr err)
#endif
{
	struct reader_state *st = state_of(userdata);
	const char *message = err->message ? err->message : "";

	if (err->level == XML_ERR_WARNING || st->error[0])
		return;
	/* libxml2's messages may run on over several lines; the first says what is wrong. */
	snprintf(st->error, sizeof(st->error), "%.*s", (int)strcspn(message, "\n"), message);
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

/* Where the parser is: the line of a node it makes now. */
static long parser_line(const struct reader_state *st)
{
	return st->ctxt->input ? st->ctxt->input->line : 0;
}

static struct action *queue_action(struct queue *q, long line)
{
	GROW(q->actions, q->cap, q->count + 1);
	q->actions[q->count] = (struct action){ .line = line, .text = q->text.len };
	return &q->actions[q->count++];
}

/* Queues what is wrong at line: nothing the parser reads after it counts. */
static int fail_at(struct reader_state *st, long line, const char *what)
{
	queue_action(&st->queue, line);
	text_append(&st->queue.text, what, strlen(what) + 1);
	st->failed = true;
	return -1;
}

/* Which element a tag names, ELEMENT_OTHER outside the IANA namespace. The parser takes names and
 * namespaces from its dictionary, so a pointer compare finds ours; strcmp is for one that is not there. */
static enum element element_of(const struct reader_state *st, const xmlChar *name, const xmlChar *uri)
{
	if (!uri || (uri != st->iana_namespace && strcmp((const char *)uri, IANA_NAMESPACE) != 0))
		return ELEMENT_OTHER;
	for (int e = 0; e < ELEMENT_COUNT; e++)
		if (name == st->interned[e])
			return (enum element)e;
	for (int e = 0; e < ELEMENT_COUNT; e++)
		if (name[0] == st->names[e][0] && strcmp((const char *)name, st->names[e]) == 0)
			return (enum element)e;
	return ELEMENT_OTHER;
}

static enum field field_of(enum element e)
{
	return e < (enum element)FIELD_COUNT ? (enum field)e : FIELD_NONE;
}

/* Whether the start tag has id="want", without a namespace, its attributes as the parser hands them
 * over (name, prefix, URI, value, end). Only an entity of a document type could leave a value to
 * decode further, and a document with one is refused at its root element. */
static bool has_id(const xmlChar **attributes, int count, const char *want)
{
	for (int a = 0; a < count; a++) {
		const xmlChar **attr = &attributes[5 * a];

		if (!attr[2] && strcmp((const char *)attr[0], "id") == 0)
			return (size_t)(attr[4] - attr[3]) == strlen(want) && memcmp(attr[3], want, strlen(want)) == 0;
	}
	return false;
}

static int check_root(struct reader_state *st, const struct node *ev)
{
	char what[256];

	if (ev->element != ELEMENT_REGISTRY)
		return fail_at(st, ev->line, "not an IANA registry (the root element is not <registry> in " IANA_NAMESPACE ")");
	if (!ev->has_root_id) {
		snprintf(what, sizeof(what), "not %s (the root <registry> has no id=\"%s\")", st->schema->title,
			 st->schema->id);
		return fail_at(st, ev->line, what);
	}
	st->seen_root = true;
	st->in_records = !st->schema->records_id;
	return 0;
}

static void emit_record(struct reader_state *st)
{
	struct action *a = queue_action(&st->queue, st->record_line);

	a->record = true;
	for (int f = 0; f < FIELD_UPDATED; f++) {
		const char *value = text_trimmed(&st->fields[f]);

		if (value) {
			a->present |= (uint8_t)(1u << f);
			text_append(&st->queue.text, value, strlen(value) + 1);
		}
	}
	st->in_record = false;
}

static int hand_over(struct reader_state *st, const struct action *a)
{
	struct registry_record rec = { .line = a->line };
	const char **fields[FIELD_UPDATED] = { &rec.name, &rec.protocol, &rec.number, &rec.description };
	/* A record with no field may come before any text is queued, when there is no text to point into. */
	const char *value = a->present ? st->queue.text.s + a->text : NULL;

	/* The fields it has, queued one after another; NULL for the others. */
	for (int f = 0; f < FIELD_UPDATED; f++) {
		if (a->present & (1u << f)) {
			*fields[f] = value;
			value += strlen(value) + 1;
		}
	}
	st->info->records++;
	return st->handler(&rec, st->userdata);
}

/* What the chunks parsed so far made happen, in order: -1 once a problem is told or the handler said why
 * it stops. */
static int act(struct reader_state *st)
{
	struct queue *q = &st->queue;
	int ret = 0;

	for (size_t i = 0; i < q->count && ret == 0; i++) {
		const struct action *a = &q->actions[i];

		if (a->record)
			ret = hand_over(st, a);
		else
			ret = -1, log_at_line(st->path, a->line, q->text.s + a->text);
	}
	q->count = q->text.len = 0;
	return ret;
}

static void start_record(struct reader_state *st, const struct node *ev)
{
	for (int f = 0; f < FIELD_UPDATED; f++)
		text_reset(&st->fields[f]);
	st->in_record = true;
	st->record_line = ev->line;
	if (ev->empty)
		emit_record(st);
}

static void open_field(struct reader_state *st, enum field f, const struct node *ev)
{
	text_reset(&st->fields[f]);
	st->fields[f].present = true;
	st->description_ended = false;
	if (!ev->empty)
		st->open_field = f;
}

static void on_element(struct reader_state *st, int depth, const struct node *ev)
{
	enum element e = ev->element;
	enum field f = field_of(e);

	/* The child <registry> that holds the records, where the schema puts them in one. */
	if (depth == 1 && ev->has_records_id && !ev->empty)
		st->in_records = st->seen_records = true;
	if (depth == st->record_depth && st->in_records && e == ELEMENT_RECORD)
		start_record(st, ev);
	else if ((depth == 1 && f == FIELD_UPDATED) ||
		 (depth == st->record_depth + 1 && st->in_record && f < FIELD_UPDATED))
		open_field(st, f, ev);
	else if (st->open_field == FIELD_DESCRIPTION && e == ELEMENT_BR)
		st->description_ended = true; /* what follows the first break is a note, not the description */
}

static void on_end_element(struct reader_state *st, int depth, enum element e)
{
	if (depth == st->record_depth && st->in_record && e == ELEMENT_RECORD)
		emit_record(st);
	if (depth == 1 && st->schema->records_id && e == ELEMENT_REGISTRY)
		st->in_records = false;
	if ((depth == 1 || depth == st->record_depth + 1) && st->open_field != FIELD_NONE && field_of(e) == st->open_field)
		st->open_field = FIELD_NONE;
}

/* Every node but a text node ends a run of character data, and none may lie deeper than the limit. */
static int other_node(struct reader_state *st, long line)
{
	st->in_text = false;
	if (st->depth > NESTING_MAX)
		return fail_at(st, line, "elements nested deeper than any registry nests them");
	return 0;
}

/* A text node's data may come in several events: its line is the first's. */
static void on_text(struct reader_state *st, const char *chars, size_t len)
{
	struct text *t;

	if (!st->in_text) {
		st->in_text = true;
		st->text_line = parser_line(st);
	}
	/* Text outside a field is of no use, whatever its kind or depth. */
	if (st->open_field == FIELD_NONE)
		return;
	if (st->depth > NESTING_MAX) {
		fail_at(st, st->text_line, "elements nested deeper than any registry nests them");
		return;
	}
	if (st->open_field == FIELD_DESCRIPTION && st->description_ended)
		return;
	t = &st->fields[st->open_field];
	if (t->len + len > FIELD_MAX_LEN)
		fail_at(st, st->text_line, "a field is longer than any registry field can be");
	else
		text_append(t, chars, len);
}

static void sax_start(void *ctxt, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri, int nnamespaces,
		      const xmlChar **namespaces, int nattributes, int ndefaulted, const xmlChar **attributes)
{
	struct reader_state *st = state_of(ctxt);
	const xmlChar *after = st->ctxt->input->cur;
	struct node node = { .line = parser_line(st), .element = element_of(st, name, uri) };
	int depth = st->depth;

	if (st->failed)
		return;
	/* As the reader tells an empty element: by the tag's end, where the parser stands. */
	node.empty = st->empty_open = after[0] == '/' && after[1] == '>';
	if (other_node(st, node.line) < 0)
		return;
	if (!node.empty)
		st->open[st->depth++] = node.element;
	if (node.element == ELEMENT_REGISTRY) {
		node.has_root_id = has_id(attributes, nattributes, st->schema->id);
		node.has_records_id = st->schema->records_id && has_id(attributes, nattributes, st->schema->records_id);
	}
	/* The reader gave the document type before the root element, without a line. */
	if (depth == 0 && st->seen_doctype)
		fail_at(st, 0, "document type declarations are not allowed in the registry");
	else if (depth == 0)
		check_root(st, &node);
	else
		on_element(st, depth, &node);
}

static void sax_end(void *ctxt, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	struct reader_state *st = state_of(ctxt);

	/* Nothing comes between an empty element's start and its end, which is no node. */
	if (st->failed || st->empty_open) {
		st->empty_open = false;
		return;
	}
	st->in_text = false;
	st->depth--;
	on_end_element(st, st->depth, st->open[st->depth]);
}

static void sax_characters(void *ctxt, const xmlChar *chars, int len)
{
	struct reader_state *st = state_of(ctxt);

	if (!st->failed)
		on_text(st, (const char *)chars, (size_t)len);
}

static void sax_comment(void *ctxt, const xmlChar *value)
{
	struct reader_state *st = state_of(ctxt);

	if (!st->failed)
		other_node(st, parser_line(st));
}

static void sax_instruction(void *ctxt, const xmlChar *target, const xmlChar *data)
{
	sax_comment(ctxt, data);
}

static void sax_reference(void *ctxt, const xmlChar *name)
{
	struct reader_state *st = state_of(ctxt);

	if (!st->failed && other_node(st, parser_line(st)) == 0)
		fail_at(st, parser_line(st), "entity references are not allowed in the registry");
}

/* The registry has none; refusing DTDs keeps entity tricks out entirely. Its declarations are still
 * read as the reader read them, up to the root element, where the document is refused. */
static void sax_doctype(void *ctxt, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
	state_of(ctxt)->seen_doctype = true;
	xmlSAX2InternalSubset(ctxt, name, external_id, system_id);
}

bool registry_date_valid(const char *s)
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
	char what[sizeof(st->error) + 32];
	const char *updated;

	if (ret < 0) {
		snprintf(what, sizeof(what), "not well-formed XML: %s", st->error[0] ? st->error : "cannot parse");
		log_at_line(st->path, st->error_line, what);
	} else if (!st->seen_root) {
		log_error(st->path, "not an IANA registry: no <registry> element");
	} else if (st->schema->records_id && !st->seen_records) {
		log_error(st->path, "not %s: no <registry id=\"%s\"> holds its records", st->schema->title,
			  st->schema->records_id);
	} else if (!registry_date_valid(updated = text_trimmed(&st->fields[FIELD_UPDATED]))) {
		log_error(st->path, "the registry has no valid <updated> date (YYYY-MM-DD)");
	} else {
		memcpy(st->info->updated, updated, REGISTRY_DATE_LEN + 1);
		return 0;
	}
	return -1;
}

static int open_registry(const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		log_error(path, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode))
		log_error(path, "not a regular file");
	else if (sb.st_size == 0 || sb.st_size > REGISTRY_MAX_SIZE)
		log_error(path, sb.st_size ? "larger than 64 MiB, not the registry XML" : "empty file, not the registry XML");
	else
		return fd;
	close(fd);
	return -1;
}

/* The file's bytes, read in blocks, and how far the parser has had them. */
struct input {
	int fd;
	char buf[16 * 1024];
	size_t have, given;
	bool end, broken;
};

/* At least want bytes not yet given, or all that is left; false when none is. */
static bool fill(struct input *in, size_t want)
{
	memmove(in->buf, in->buf + in->given, in->have - in->given);
	in->have -= in->given;
	in->given = 0;
	while (in->have < want && !in->end) {
		ssize_t got = read(in->fd, in->buf + in->have, sizeof(in->buf) - in->have);

		if (got < 0 && errno == EINTR)
			continue;
		in->broken = got < 0;
		in->end = got <= 0;
		in->have += got > 0 ? (size_t)got : 0;
	}
	return in->have > 0;
}

/* A chunk to the parser, then its events: -2 when a check or the handler stopped the read (and said why),
 * -1 when the chunk is not well-formed XML, whose events the reader never gave. */
static int push(struct reader_state *st, struct input *in, size_t len, int terminate)
{
	int ret = xmlParseChunk(st->ctxt, in->buf + in->given, (int)len, terminate);

	in->given += len;
	if (ret != 0 || !st->ctxt->wellFormed)
		return -1;
	return act(st) < 0 ? -2 : 0;
}

/* The parse, fed as the reader fed it: whole chunks, the rest, then the end. -2 or -1 as push(), or -1
 * when the file cannot be read; else 0. */
static int parse(struct reader_state *st, struct input *in)
{
	int ret = 0;

	while (ret == 0 && fill(in, CHUNK_SIZE) && in->have >= CHUNK_SIZE)
		while (ret == 0 && in->have - in->given >= CHUNK_SIZE)
			ret = push(st, in, CHUNK_SIZE, 0);
	if (ret == 0 && in->have > in->given)
		ret = push(st, in, in->have - in->given, 0);
	if (ret == 0)
		ret = push(st, in, 0, 1);
	return ret == 0 && in->broken ? -1 : ret;
}

/* libxml2's SAX2 handlers, which keep a document type's declarations as the reader's tree did, with the
 * reader's nodes taken from the events here instead. */
static void set_handlers(xmlSAXHandler *sax)
{
	xmlSAXVersion(sax, 2);
	sax->startElementNs = sax_start;
	sax->endElementNs = sax_end;
	sax->characters = sax_characters;
	sax->ignorableWhitespace = sax_characters;
	sax->cdataBlock = sax_characters;
	sax->comment = sax_comment;
	sax->processingInstruction = sax_instruction;
	sax->reference = sax_reference;
	sax->internalSubset = sax_doctype;
	sax->serror = on_parser_error;
	sax->error = NULL;
	sax->warning = NULL;
}

/* The parser, made from the first bytes as the reader makes it; 0, or -1 after a message. */
static int start_parser(struct reader_state *st, struct input *in)
{
	xmlSAXHandler sax;

	set_handlers(&sax);
	fill(in, PROBE_SIZE);
	in->given = in->have >= PROBE_SIZE ? PROBE_SIZE : 0;
	st->ctxt = xmlCreatePushParserCtxt(&sax, NULL, in->buf, (int)in->given, st->path);
	if (!st->ctxt) {
		log_error(st->path, "cannot start the XML parser");
		return -1;
	}
	st->ctxt->_private = st;
	xmlCtxtUseOptions(st->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	for (int e = 0; e < ELEMENT_COUNT; e++) {
		st->names[e] = e == FIELD_NUMBER ? st->schema->number : element_names[e];
		st->interned[e] = xmlDictLookup(st->ctxt->dict, BAD_CAST st->names[e], -1);
	}
	st->iana_namespace = xmlDictLookup(st->ctxt->dict, BAD_CAST IANA_NAMESPACE, -1);
	return 0;
}

static void stop_parser(struct reader_state *st)
{
	xmlFreeDoc(st->ctxt->myDoc);
	xmlFreeParserCtxt(st->ctxt);
	free(st->queue.actions);
	free(st->queue.text.s);
}

int registry_read(const char *path, const struct registry_schema *schema, struct registry_info *info,
		  registry_record_handler *handler, void *userdata)
{
	struct reader_state st = {
		.path = path, .schema = schema, .record_depth = schema->records_id ? 2 : 1, .info = info, .handler = handler, .userdata = userdata, .open_field = FIELD_NONE,
	};
	struct input in = { 0 };
	int ret = -1;

	memset(info, 0, sizeof(*info));
	in.fd = open_registry(path);
	if (in.fd < 0)
		return -1;
	xmlSetExternalEntityLoader(refuse_external_entity);
	if (start_parser(&st, &in) == 0) {
		ret = parse(&st, &in);
		if (ret != -2)
			ret = finish(&st, ret);
		stop_parser(&st);
	}
	close(in.fd);
	for (int f = 0; f < FIELD_COUNT; f++)
		free(st.fields[f].s);
	return ret < 0 ? -1 : 0;
}
