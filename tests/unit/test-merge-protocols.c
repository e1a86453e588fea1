/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-merge-protocols.c: gen/merge/protocol-table.c merges a registry's and overlays' lines into the protocols file's. */
#include "check.h"
#include "table.h"
#include "table.h"

enum { REGISTRY = SOURCE_REGISTRY, OVERLAY_1, OVERLAY_2 };

struct line_in {
	unsigned number, source;
	const char *names[4]; /* up to the first NULL */
};

/* Lines in the order the sources give them, and the lines and counts the merge makes of them. */
struct merge_case {
	const char *what;
	struct line_in in[8]; /* up to the first with no name */
	const char *lines;    /* as the protocols file has them, single-spaced, a newline after each */
	size_t joined, dropped, unnamed;
};

static const struct merge_case cases[] = {
	{ "by number; within one the overlay's lines first, in the order it gives them, the registry's last; "
	  "a line's names in their order, whatever their case",
	  { { 17, REGISTRY, { "udp", "UDP" } },
	    { 6, REGISTRY, { "tcp", "TCP" } },
	    { 0, REGISTRY, { "hopopt", "HOPOPT" } },
	    { 17, OVERLAY_1, { "udp-alt" } },
	    { 262, OVERLAY_1, { "mptcp" } },
	    { 6, OVERLAY_1, { "tcp-b" } },
	    { 6, OVERLAY_1, { "tcp-a" } } },
	  "hopopt 0 HOPOPT\n"
	  "tcp-b 6\n"
	  "tcp-a 6\n"
	  "tcp 6 TCP\n"
	  "udp-alt 17\n"
	  "udp 17 UDP\n"
	  "mptcp 262\n",
	  0, 0, 0 },
	{ "a registry line sharing a name in any case with an overlay line of its number joins that line as "
	  "aliases (the one that shares it, not the nearest); one sharing none stays a line",
	  { { 41, REGISTRY, { "IPV6", "ipv6-legacy" } },
	    { 41, REGISTRY, { "other41" } },
	    { 60, REGISTRY, { "sixty", "six-zero" } },
	    { 41, OVERLAY_1, { "ipv6", "IPv6" } },
	    { 60, OVERLAY_1, { "SIXTY-one" } },
	    { 60, OVERLAY_2, { "sixty" } } },
	  "ipv6 41 IPv6 IPV6 ipv6-legacy\n"
	  "other41 41\n"
	  "sixty 60 six-zero\n"
	  "SIXTY-one 60\n",
	  2, 0, 0 },
	{ "a name in any case stays on the first line that has it, a line left with none goes; a registry line "
	  "of another number joins no overlay line",
	  { { 70, REGISTRY, { "seventy" } },
	    { 71, REGISTRY, { "SEVENTY", "s71" } },
	    { 72, REGISTRY, { "Seventy" } },
	    { 51, REGISTRY, { "ESP" } },
	    { 50, OVERLAY_1, { "esp" } } },
	  "esp 50\n"
	  "seventy 70\n"
	  "s71 71\n",
	  0, 3, 2 },
	{ "no line in, no line out", { { 0 } }, "", 0, 0, 0 },
};

/* The API under test is reached here only, so that a renamed one is a few edits. */
static void check_case(const struct merge_case *c)
{
	struct table t = { .kind = &protocols_merge };
	struct check_text text = { 0 };

	for (const struct line_in *in = c->in; in->names[0]; in++) {
		size_t nnames = 0;

		while (nnames < sizeof(in->names) / sizeof(in->names[0]) && in->names[nnames])
			nnames++;
		table_add(&t, in->names, nnames, "", in->number, in->source, NULL);
	}
	table_build(&t);
	for (size_t i = 0; i < t.nlines; i++) {
		const struct line *l = &t.lines[i];

		check_text_add(&text, "%s %u", line_name(&t, l, 0), (unsigned)l->number);
		for (size_t k = 1; k < l->name_count; k++)
			check_text_add(&text, " %s", line_name(&t, l, k));
		check_text_add(&text, "\n");
	}
	CHECK_STR(text.buf, c->lines);
	CHECK_INT(t.joined_lines, c->joined);
	CHECK_INT(t.repeated_names, c->dropped);
	CHECK_INT(t.unnamed_lines, c->unnamed);
	table_free(&t);
}

int main(void)
{
	CHECK_CASES(cases, check_case);
	return check_done();
}
