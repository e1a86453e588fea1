/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* memory.c: what a process and its mappings hold in memory, from /proc/self/smaps. */
#include <fcntl.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memory.h"

#define SMAPS_MAX (1 << 20)

/* Read with read(2) into a buffer allocated and touched once: stdio, or pages of the buffer
 * touched for the first time, would add to what is measured. */
static char *read_smaps(const char *path)
{
	static char *text;
	size_t len = 0;
	ssize_t n;
	int fd;

	if (!text && (text = malloc(SMAPS_MAX)))
		memset(text, 1, SMAPS_MAX); /* not 0: malloc and a zeroing memset may become a calloc that touches nothing */
	if (!text)
		return NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	while (len < SMAPS_MAX - 1 && (n = read(fd, text + len, SMAPS_MAX - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	text[len] = '\0';
	return text;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* A mapping's header line: "start-end perms offset dev inode [path]"; the path, or "" for none. */
static bool mapping_header(const char *line, size_t len, bool *wanted, const char *path)
{
	const char *colon = memchr(line, ':', len), *space = memchr(line, ' ', len);

	if (colon && (!space || colon < space))
		return false; /* "Key:  N kB" */
	*wanted = !path || ends_with(line, len, path);
	return true;
}

static void add_field(const char *line, struct memory_use *m)
{
	static const struct {
		const char *key;
		size_t offset;
	} fields[] = {
		{ "Rss:", offsetof(struct memory_use, rss) },
		{ "Shared_Clean:", offsetof(struct memory_use, shared_clean) },
		{ "Private_Clean:", offsetof(struct memory_use, private_clean) },
		{ "Private_Dirty:", offsetof(struct memory_use, private_dirty) },
		{ "Anonymous:", offsetof(struct memory_use, anonymous) },
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strncmp(line, fields[i].key, strlen(fields[i].key)) == 0)
			*(long *)(void *)((char *)m + fields[i].offset) += strtol(line + strlen(fields[i].key), NULL, 10);
}

int memory_use_of(const char *path, struct memory_use *m)
{
	char *text = read_smaps(path ? "/proc/self/smaps" : "/proc/self/smaps_rollup");
	bool wanted = false;

	memset(m, 0, sizeof(*m));
	if (!text)
		return -1;
	for (char *line = text, *end; *line; line = *end ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		if (!mapping_header(line, (size_t)(end - line), &wanted, path) && wanted)
			add_field(line, m);
	}
	return 0;
}

void print_memory_use(FILE *f, const char *label, const struct memory_use *m)
{
	fprintf(f, "memory %s %ld %ld %ld %ld %ld\n", label, m->rss, m->shared_clean, m->private_clean,
		m->private_dirty, m->anonymous);
}

int parse_memory_use(const char *line, const char *label, struct memory_use *m)
{
	struct memory_use read;
	char got[32];

	if (sscanf(line, "memory %31s %ld %ld %ld %ld %ld", got, &read.rss, &read.shared_clean, &read.private_clean,
		   &read.private_dirty, &read.anonymous) != 6 || strcmp(got, label) != 0)
		return -1;
	*m = read;
	return 0;
}
