/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-merge-services.c: gen/merge/table.c merges a registry's and overlays' bindings into the services file's lines. */
#include "check.h"
#include "table.h"

enum { REGISTRY = SOURCE_REGISTRY, OVERLAY_1, OVERLAY_2 };

struct binding_in {
	const char *name, *protocol;
	unsigned port, source;
};

/* Bindings in the order the sources give them, and the lines and counts the merge makes of them. */
struct merge_case {
	const char *what;
	struct binding_in in[12]; /* up to the first with no name */
	const char *lines;        /* as the services file has them, single-spaced, a newline after each */
	size_t shadowed, repeated, unnamed, lowercase;
};

static const struct merge_case cases[] = {
	{ "a registry's bindings: a line per port and protocol, its names in their order; by port, tcp udp sctp "
	  "dccp within one, then any other protocol by port and name",
	  { { "http", "tcp", 80, REGISTRY },
	    { "www", "tcp", 80, REGISTRY },
	    { "http", "udp", 80, REGISTRY },
	    { "ddp-thing", "ddp", 4, REGISTRY },
	    { "echo", "udp", 7, REGISTRY },
	    { "echo", "tcp", 7, REGISTRY },
	    { "http", "sctp", 80, REGISTRY },
	    { "http", "dccp", 80, REGISTRY },
	    { "zz", "abc", 4, REGISTRY },
	    { "yy", "ddp", 2, REGISTRY },
	    { "http", "tcp", 80, REGISTRY } }, /* again: once on its line */
	  "echo 7/tcp\n"
	  "echo 7/udp\n"
	  "http 80/tcp www\n"
	  "http 80/udp\n"
	  "http 80/sctp\n"
	  "http 80/dccp\n"
	  "yy 2/ddp\n"
	  "zz 4/abc\n"
	  "ddp-thing 4/ddp\n",
	  0, 0, 0, 0 },
	{ "a name in any case on the first line of each protocol only; a line left with none goes; a name with "
	  "capitals gets a lower-case alias",
	  { { "foo", "tcp", 100, REGISTRY },
	    { "foo", "tcp", 200, REGISTRY },
	    { "foo", "udp", 200, REGISTRY },
	    { "bar", "tcp", 200, REGISTRY },
	    { "Baz", "tcp", 300, REGISTRY },
	    { "baz", "tcp", 400, REGISTRY } },
	  "foo 100/tcp\n"
	  "bar 200/tcp\n"
	  "foo 200/udp\n"
	  "Baz 300/tcp baz\n",
	  0, 2, 1, 1 },
	{ "an overlay's svc on 500/tcp: the registry's lines before that port lose the name on the four protocols "
	  "(a question without one finds 500) but not on ddp; a line after it keeps it on udp, not on tcp",
	  { { "svc", "tcp", 100, REGISTRY },
	    { "other", "tcp", 100, REGISTRY },
	    { "svc", "udp", 100, REGISTRY },
	    { "svc", "ddp", 100, REGISTRY },
	    { "svc", "udp", 600, REGISTRY },
	    { "svc", "tcp", 700, REGISTRY },
	    { "svc", "tcp", 500, OVERLAY_1 } },
	  "other 100/tcp\n"
	  "svc 500/tcp\n"
	  "svc 600/udp\n"
	  "svc 100/ddp\n",
	  2, 1, 2, 0 },
	{ "within a port the overlay's line comes first, the registry's names after the overlay's",
	  { { "router", "tcp", 520, REGISTRY },
	    { "router", "udp", 520, REGISTRY },
	    { "route", "udp", 520, OVERLAY_1 } },
	  "route 520/udp router\n"
	  "router 520/tcp\n",
	  0, 0, 0, 0 },
	{ "the latest overlay wins a name in any case, over an earlier one and the registry",
	  { { "shared", "tcp", 5000, REGISTRY },
	    { "shared", "tcp", 5001, OVERLAY_1 },
	    { "Shared", "tcp", 5002, OVERLAY_2 } },
	  "Shared 5002/tcp shared\n",
	  2, 0, 2, 1 },
	{ "the overlay that wins a name keeps it on its own later lines of the protocol; the registry's later "
	  "line loses it",
	  { { "multi", "tcp", 10, OVERLAY_1 },
	    { "multi", "tcp", 20, OVERLAY_1 },
	    { "multi", "tcp", 30, REGISTRY } },
	  "multi 10/tcp\n"
	  "multi 20/tcp\n",
	  0, 1, 1, 0 },
	{ "an overlay's first binding of a name wins it, though a later one has a lower port, which loses it",
	  { { "multi", "tcp", 20, OVERLAY_1 },
	    { "multi", "tcp", 10, OVERLAY_1 } },
	  "multi 20/tcp\n",
	  1, 0, 1, 0 },
	{ "a name's first line, for any protocol and for its own, carries all its spellings",
	  { { "HTTP", "tcp", 80, REGISTRY },
	    { "http", "udp", 80, REGISTRY },
	    { "Foo", "tcp", 1, REGISTRY },
	    { "FOO", "udp", 1, REGISTRY },
	    { "foo", "sctp", 2, REGISTRY } },
	  "Foo 1/tcp foo FOO\n"
	  "FOO 1/udp foo Foo\n"
	  "foo 2/sctp Foo FOO\n"
	  "HTTP 80/tcp http\n"
	  "http 80/udp HTTP\n",
	  0, 0, 0, 3 },
	{ "no binding, no line", { { NULL } }, "", 0, 0, 0, 0 },
};

/* The API under test is reached here only, so that a renamed one is a few edits. */
static void check_case(const struct merge_case *c)
{
	struct table t = { .kind = &services_merge };
	struct check_text text = { 0 };

	for (const struct binding_in *b = c->in; b->name; b++)
		table_add(&t, &b->name, 1, b->protocol, b->port, b->source, NULL);
	table_build(&t);
	for (size_t i = 0; i < t.nlines; i++) {
		const struct line *l = &t.lines[i];

		check_text_add(&text, "%s %u/%s", line_name(&t, l, 0), (unsigned)l->number, line_proto(&t, l));
		for (size_t k = 1; k < l->name_count; k++)
			check_text_add(&text, " %s", line_name(&t, l, k));
		check_text_add(&text, "\n");
	}
	CHECK_STR(text.buf, c->lines);
	CHECK_INT(t.shadowed_names, c->shadowed);
	CHECK_INT(t.repeated_names, c->repeated);
	CHECK_INT(t.unnamed_lines, c->unnamed);
	CHECK_INT(t.lowercase_aliases, c->lowercase);
	table_free(&t);
}

int main(void)
{
	CHECK_CASES(cases, check_case);
	return check_done();
}
