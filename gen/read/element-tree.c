/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* element-tree.c: the elements of an XML file a reader asks for, each built whole as a small tree from the parser's events. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "element-tree.h"
#include "xalloc.h"

#define IANA_NAMESPACE "http://www.iana.org/assignments"
#define BUILD_DEPTH_MAX 64 /* deeper elements are left out: a registry nests a few */
#define READ_SIZE (64 * 1024)

struct builder {
	xmlParserCtxtPtr ctxt;
	element_wanted *wanted;
	element_built *built;
	void *userdata;
	int depth;                               /* of the next start tag */
	struct element *open[BUILD_DEPTH_MAX];   /* the elements being built, outermost first */
	int nopen;
	int left_out;                            /* elements open below BUILD_DEPTH_MAX */
	char *text;                              /* the run of text so far, which the next tag ends */
	size_t text_len, text_cap;
};

static void append_child(struct element *parent, struct element *child)
{
	if (parent->last)
		parent->last->next = child;
	else
		parent->children = child;
	parent->last = child;
}

/* The attributes as the parser hands them over: name, prefix, URI, value, end of value. */
static struct element *new_element(const char *name, const char *uri, const xmlChar **attributes, int count, long line)
{
	struct element *e = xmalloc(sizeof(*e));

	*e = (struct element){ .name = xstrndup(name, strlen(name)), .line = line };
	e->iana = uri && strcmp(uri, IANA_NAMESPACE) == 0;
	e->attributes = xreallocarray(NULL, 2 * (size_t)count + 1, sizeof(*e->attributes));
	for (int a = 0; a < count; a++) {
		const xmlChar **attr = &attributes[5 * a];

		if (attr[2])
			continue;
		e->attributes[e->nattributes++] = xstrndup((const char *)attr[0], strlen((const char *)attr[0]));
		e->attributes[e->nattributes++] = xstrndup((const char *)attr[3], (size_t)(attr[4] - attr[3]));
	}
	return e;
}

/* Text comes in pieces: a run of it between two tags becomes one text element, in one allocation. */
static void end_text(struct builder *b)
{
	struct element *t;

	if (!b->text_len)
		return;
	t = xmalloc(sizeof(*t));
	*t = (struct element){ .text = xstrndup(b->text, b->text_len), .len = b->text_len };
	append_child(b->open[b->nopen - 1], t);
	b->text_len = 0;
}

static void on_text(void *ctx, const xmlChar *chars, int len)
{
	struct builder *b = ((xmlParserCtxtPtr)ctx)->_private;

	if (!b->nopen || b->left_out)
		return;
	GROW(b->text, b->text_cap, b->text_len + (size_t)len);
	memcpy(b->text + b->text_len, chars, (size_t)len);
	b->text_len += (size_t)len;
}

/* The line where the start tag just read begins: the parser stands at its end, which may be lines on.
 * An attribute value holds no '<', so the nearest one back is the tag's. */
static long start_line(xmlParserCtxtPtr ctxt)
{
	const xmlChar *p = ctxt->input->cur;
	long line = ctxt->input->line;

	while (p > ctxt->input->base && *--p != '<')
		line -= *p == '\n';
	return *p == '<' ? line : ctxt->input->line;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri, int nnamespaces,
		     const xmlChar **namespaces, int nattributes, int ndefaulted, const xmlChar **attributes)
{
	struct builder *b = ((xmlParserCtxtPtr)ctx)->_private;
	int depth = b->depth++;
	struct element *e;

	if (b->left_out || b->nopen == BUILD_DEPTH_MAX) {
		b->left_out++;
		return;
	}
	if (b->nopen)
		end_text(b);
	e = new_element((const char *)name, (const char *)uri, attributes, nattributes, start_line(b->ctxt));
	if (!b->nopen && !b->wanted(e, depth, b->userdata)) {
		element_free(e);
		return;
	}
	if (b->nopen)
		append_child(b->open[b->nopen - 1], e);
	b->open[b->nopen++] = e;
}

static void on_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	struct builder *b = ((xmlParserCtxtPtr)ctx)->_private;

	b->depth--;
	if (b->left_out) {
		b->left_out--;
		return;
	}
	if (b->nopen)
		end_text(b);
	if (b->nopen && --b->nopen == 0)
		b->built(b->open[0], b->userdata);
}

#if LIBXML_VERSION >= 21200
static void ignore_error(void *userdata, const xmlError *err)
#else
static void ignore_error(void *userdata, xmlErrorPtr err)
#endif
{
}

static int parse(struct builder *b, int fd)
{
	char *chunk = xmalloc(READ_SIZE);
	ssize_t got;
	int ret = 0;

	while (ret == 0 && (got = read(fd, chunk, READ_SIZE)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || xmlParseChunk(b->ctxt, chunk, (int)got, 0) != 0)
			ret = -1;
	}
	free(chunk);
	if (ret == 0 && (xmlParseChunk(b->ctxt, NULL, 0, 1) != 0 || !b->ctxt->wellFormed))
		ret = -1;
	return ret;
}

int element_tree_read(const char *path, element_wanted *wanted, element_built *built, void *userdata)
{
	struct builder b = { .wanted = wanted, .built = built, .userdata = userdata };
	xmlSAXHandler sax = { .initialized = XML_SAX2_MAGIC };
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), ret = -1;

	if (fd < 0)
		return -1;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.serror = ignore_error;
	b.ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, path);
	if (b.ctxt) {
		b.ctxt->_private = &b;
		xmlCtxtUseOptions(b.ctxt, XML_PARSE_NONET);
		ret = parse(&b, fd);
		if (b.nopen)
			element_free(b.open[0]);
		xmlFreeParserCtxt(b.ctxt);
		free(b.text);
	}
	close(fd);
	return ret;
}

bool element_is(const struct element *e, const char *name)
{
	return e->name && e->iana && strcmp(e->name, name) == 0;
}

const char *element_attribute(const struct element *e, const char *name)
{
	for (size_t a = 0; a + 1 < e->nattributes; a += 2)
		if (strcmp(e->attributes[a], name) == 0)
			return e->attributes[a + 1];
	return NULL;
}

void element_free(struct element *e)
{
	struct element *c = e->children;

	while (c) {
		struct element *next = c->next;

		element_free(c);
		c = next;
	}
	for (size_t a = 0; a < e->nattributes; a++)
		free(e->attributes[a]);
	free(e->attributes);
	free((char *)e->name);
	free(e->text);
	free(e);
}
