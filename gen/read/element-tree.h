/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* element-tree.h: the elements of an XML file a reader asks for, each built whole as a small tree from the parser's events. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* An element, or a run of text within one. */
struct element {
	const char *name; /* an element's local name; NULL for text */
	bool iana;        /* the element is in the IANA registries' namespace */
	char *text;       /* text's, NUL-terminated */
	size_t len;
	char **attributes; /* name, value, name, value...: those without a namespace */
	size_t nattributes;
	long line; /* where its start tag begins */
	struct element *children, *last, *next;
};

/* Whether an element at depth (the root is 0) is to be built, from its start tag alone; inside one being
 * built, every element is. */
typedef bool element_wanted(const struct element *start, int depth, void *userdata);
/* Each element built, whole: the function takes it, to keep or to element_free(). */
typedef void element_built(struct element *e, void *userdata);

/* 0, or -1 when the file cannot be opened or is not well-formed XML. */
int element_tree_read(const char *path, element_wanted *wanted, element_built *built, void *userdata);
bool element_is(const struct element *e, const char *name); /* an IANA element of that name */
const char *element_attribute(const struct element *e, const char *name);
/* e and the elements and text within it. */
void element_free(struct element *e);
