/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sample.h: the questions a benchmark asks, drawn with a fixed seed from a canonical services file. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SAMPLE_NAME_MAX 64
#define SAMPLE_PROTOCOL_MAX 16

/* The four kinds of question, each timed on its own. */
enum question_kind { NAME_HIT, NAME_MISS, PORT_HIT, PORT_MISS, QUESTION_KINDS };

/* One getservbyname_r (name set) or getservbyport_r question, and the answer a hit must give. */
struct question {
	char name[SAMPLE_NAME_MAX];
	char protocol[SAMPLE_PROTOCOL_MAX];
	uint16_t port;
	char official[SAMPLE_NAME_MAX]; /* a port hit's official name; empty for the other kinds */
};

struct sample {
	struct question *questions[QUESTION_KINDS];
	size_t count;   /* questions of each kind */
	size_t entries; /* lines of the services file */
};

/* Questions from the start, the middle and the end of a services file, for files's sake: the
 * official name of a line no earlier line names, and that line's port and protocol. */
enum landmark_place { AT_START, AT_MIDDLE, AT_END, LANDMARKS };

struct landmark {
	char name[SAMPLE_NAME_MAX];
	char protocol[SAMPLE_PROTOCOL_MAX];
	uint16_t port;
	size_t entry;   /* the line's place among the entries, from 1 */
	size_t entries; /* of the file */
};

/* Draws count questions of each kind from the services file at path; the same seed gives the same sample. */
int sample_draw(struct sample *s, const char *path, size_t count, uint64_t seed);
void sample_free(struct sample *s);
int sample_landmarks(struct landmark out[LANDMARKS], const char *path);
const char *question_kind_name(enum question_kind kind);
