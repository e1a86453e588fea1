/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sample.c: the questions a benchmark asks, drawn with a fixed seed from a canonical services file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sample.h"

#define MAX_NAMES_PER_LINE 64
#define PORTS 65536

/* One entry line of the services file, its fields cut in place. */
struct entry {
	char *names[MAX_NAMES_PER_LINE]; /* official first */
	unsigned name_count;
	char *protocol;
	uint16_t port;
};

struct services {
	char *text;
	struct entry *entries;
	size_t count, cap;
};

/* xorshift64*: the same seed gives the same sample on every machine. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ull;
}

static size_t random_below(uint64_t *state, size_t n)
{
	return (size_t)(next_random(state) % n);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (text = malloc((size_t)size + 1)) && fread(text, 1, (size_t)size, f) == (size_t)size)
		text[size] = '\0';
	else {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

/* "name port/protocol alias... # comment"; false for a comment, a blank or a malformed line. */
static bool parse_line(char *line, struct entry *e)
{
	char *save, *field, *slash, *end;
	unsigned long port;

	line[strcspn(line, "#")] = '\0';
	if (!(field = strtok_r(line, " \t", &save)))
		return false;
	e->names[0] = field;
	e->name_count = 1;
	if (!(field = strtok_r(NULL, " \t", &save)) || !(slash = strchr(field, '/')))
		return false;
	*slash = '\0';
	port = strtoul(field, &end, 10);
	if (end != slash || port >= PORTS)
		return false;
	e->port = (uint16_t)port;
	e->protocol = slash + 1;
	while ((field = strtok_r(NULL, " \t", &save)) && e->name_count < MAX_NAMES_PER_LINE)
		e->names[e->name_count++] = field;
	return true;
}

static int read_services(struct services *sv, const char *path)
{
	char *save, *line;

	memset(sv, 0, sizeof(*sv));
	if (!(sv->text = read_file(path)))
		return -1;
	for (line = strtok_r(sv->text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sv->count == sv->cap) {
			sv->cap = sv->cap ? 2 * sv->cap : 4096;
			if (!(sv->entries = realloc(sv->entries, sv->cap * sizeof(*sv->entries))))
				return -1;
		}
		if (parse_line(line, &sv->entries[sv->count]))
			sv->count++;
	}
	return sv->count ? 0 : -1;
}

static void copy_field(char *to, size_t size, const char *from)
{
	snprintf(to, size, "%s", from);
}

/* A name of the line, official or alias. libnss-db's key scheme splits at '/', so
 * names with one are never asked: no backend is timed on a question it cannot answer. */
static const char *draw_name(const struct entry *e, uint64_t *state)
{
	for (unsigned tries = 0; tries < 4 * e->name_count; tries++) {
		const char *name = e->names[random_below(state, e->name_count)];

		if (!strchr(name, '/') && strlen(name) < SAMPLE_NAME_MAX)
			return name;
	}
	return NULL;
}

static const struct entry *draw_entry(const struct services *sv, uint64_t *state, const char **name)
{
	for (;;) {
		const struct entry *e = &sv->entries[random_below(state, sv->count)];

		if (strlen(e->protocol) < SAMPLE_PROTOCOL_MAX && (*name = draw_name(e, state)))
			return e;
	}
}

static void draw_hits(const struct services *sv, struct sample *s, uint64_t *state)
{
	for (size_t i = 0; i < s->count; i++) {
		const char *name;
		const struct entry *e = draw_entry(sv, state, &name);
		struct question *by_name = &s->questions[NAME_HIT][i], *by_port = &s->questions[PORT_HIT][i];

		copy_field(by_name->name, sizeof(by_name->name), name);
		copy_field(by_name->protocol, sizeof(by_name->protocol), e->protocol);
		by_name->port = e->port;
		/* One line per port and protocol: the port's answer is that line. */
		copy_field(by_port->protocol, sizeof(by_port->protocol), e->protocol);
		by_port->port = e->port;
		copy_field(by_port->official, sizeof(by_port->official), e->names[0]);
	}
}

/* Ports (tcp or udp) that no line has, so that every backend must look and fail. */
static void draw_port_misses(const struct services *sv, struct sample *s, uint64_t *state)
{
	static const char *const protocols[] = { "tcp", "udp" };
	unsigned char *taken = calloc(PORTS, 1);

	if (!taken)
		abort();
	for (size_t i = 0; i < sv->count; i++)
		for (unsigned p = 0; p < 2; p++)
			if (strcmp(sv->entries[i].protocol, protocols[p]) == 0)
				taken[sv->entries[i].port] |= (unsigned char)(1u << p);
	for (size_t i = 0; i < s->count;) {
		unsigned port = (unsigned)random_below(state, PORTS), p = (unsigned)random_below(state, 2);

		if (taken[port] & (1u << p))
			continue;
		copy_field(s->questions[PORT_MISS][i].protocol, SAMPLE_PROTOCOL_MAX, protocols[p]);
		s->questions[PORT_MISS][i++].port = (uint16_t)port;
	}
	free(taken);
}

/* Real names with a suffix no registry name has: as long to hash and compare as a hit. */
static void draw_name_misses(const struct services *sv, struct sample *s, uint64_t *state)
{
	for (size_t i = 0; i < s->count; i++) {
		const char *name;
		const struct entry *e = draw_entry(sv, state, &name);
		struct question *q = &s->questions[NAME_MISS][i];

		snprintf(q->name, sizeof(q->name), "%.*s-nx%zu", SAMPLE_NAME_MAX - 24, name, i);
		copy_field(q->protocol, sizeof(q->protocol), e->protocol);
	}
}

int sample_draw(struct sample *s, const char *path, size_t count, uint64_t seed)
{
	struct services sv;
	uint64_t state = seed ? seed : 1;
	int ret = -1;

	memset(s, 0, sizeof(*s));
	s->count = count;
	if (read_services(&sv, path) == 0) {
		for (int k = 0; k < QUESTION_KINDS; k++)
			if (!(s->questions[k] = calloc(count, sizeof(struct question))))
				abort();
		s->entries = sv.count;
		draw_hits(&sv, s, &state);
		draw_name_misses(&sv, s, &state);
		draw_port_misses(&sv, s, &state);
		ret = 0;
	}
	free(sv.entries);
	free(sv.text);
	return ret;
}

static bool named_before(const struct services *sv, size_t line, const char *name)
{
	for (size_t i = 0; i < line; i++)
		for (unsigned n = 0; n < sv->entries[i].name_count; n++)
			if (strcasecmp(sv->entries[i].names[n], name) == 0)
				return true;
	return false;
}

/* From line from on, a step at a time, the first line whose official name getent can ask and no
 * earlier line has: files reads up to that line to answer it. */
static size_t first_named_here(const struct services *sv, size_t from, ptrdiff_t step)
{
	for (ptrdiff_t i = (ptrdiff_t)from; i >= 0 && (size_t)i < sv->count; i += step) {
		const struct entry *e = &sv->entries[i];

		if (!strchr(e->names[0], '/') && strlen(e->names[0]) < SAMPLE_NAME_MAX &&
		    strlen(e->protocol) < SAMPLE_PROTOCOL_MAX && !named_before(sv, (size_t)i, e->names[0]))
			return (size_t)i;
	}
	return from;
}

int sample_landmarks(struct landmark out[LANDMARKS], const char *path)
{
	struct services sv;
	int ret = -1;

	if (read_services(&sv, path) == 0) {
		size_t lines[LANDMARKS] = { first_named_here(&sv, 0, 1), first_named_here(&sv, sv.count / 2, 1),
					    first_named_here(&sv, sv.count - 1, -1) };

		for (int l = 0; l < LANDMARKS; l++) {
			const struct entry *e = &sv.entries[lines[l]];

			copy_field(out[l].name, sizeof(out[l].name), e->names[0]);
			copy_field(out[l].protocol, sizeof(out[l].protocol), e->protocol);
			out[l].port = e->port;
			out[l].entry = lines[l] + 1;
			out[l].entries = sv.count;
		}
		ret = 0;
	}
	free(sv.entries);
	free(sv.text);
	return ret;
}

void sample_free(struct sample *s)
{
	for (int k = 0; k < QUESTION_KINDS; k++)
		free(s->questions[k]);
	memset(s, 0, sizeof(*s));
}

const char *question_kind_name(enum question_kind kind)
{
	static const char *const names[QUESTION_KINDS] = {
		[NAME_HIT] = "byname hit", [NAME_MISS] = "byname miss",
		[PORT_HIT] = "byport hit", [PORT_MISS] = "byport miss",
	};

	return names[kind];
}
