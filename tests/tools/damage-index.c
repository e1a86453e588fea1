/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* damage-index.c: write damaged copies of an index, as disk errors or a hostile writer would leave them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index-format.h"

/* Usage: damage-index INDEX OUTDIR COUNT SEED [repair | link]
 * Writes OUTDIR/NNNNN-KIND: truncated, bits flipped, bytes overwritten, magic or version wrong, a
 * section offset or length past the end or huge, an empty file. With "repair", each copy then gets
 * a size field and checksum that match, as a hostile writer would give it, so that the reader's
 * checks behind the checksum are what stands between it and the damage. With "link", each copy is
 * written as OUTDIR/NNNNN-KIND.data behind a link OUTDIR/NNNNN-KIND that gives its size and the
 * checksum its header holds: data that was damaged after it was linked, which the module maps
 * without summing it. */

static uint64_t rng_state;

static uint32_t rng(void)
{
	/* xorshift64*: deterministic for a seed, so that a failure can be replayed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}

static const char *damage(unsigned char *p, size_t *size)
{
	uint32_t section = rng() % INDEX_SECTIONS, field = INDEX_OFF_SECTIONS + INDEX_SECTION_ENTRY_SIZE * section + 4 * (rng() % 2);

	switch (rng() % 8) {
	case 0:
		*size = rng() % *size;
		return "truncated";
	case 1:
		for (uint32_t n = 1 + rng() % 8; n > 0; n--)
			p[rng() % *size] ^= (unsigned char)(1u << (rng() % 8));
		return "bits-flipped";
	case 2:
		for (uint32_t n = 1 + rng() % 64, at = rng() % *size; n > 0 && at < *size; n--, at++)
			p[at] ^= (unsigned char)(1 + rng() % 255); /* a byte always changes */
		return "bytes-overwritten";
	case 3:
		p[rng() % INDEX_MAGIC_LEN] ^= (unsigned char)(1 + rng() % 255);
		return "magic-wrong";
	case 4:
		index_put_le32(p + INDEX_OFF_VERSION, INDEX_VERSION + 1 + rng() % 1000);
		return "version-wrong";
	case 5:
		index_put_le32(p + field, (uint32_t)*size + rng() % 4096);
		return "section-past-end";
	case 6:
		index_put_le32(p + field, 0xffffffffu - rng() % 64);
		return "section-huge";
	default:
		if (rng() % 4 == 0) {
			*size = 0;
			return "empty";
		}
		index_put_le32(p + INDEX_OFF_FILE_SIZE, rng());
		return "size-wrong";
	}
}

static void repair(unsigned char *p, size_t *size)
{
	*size &= ~(size_t)3;
	if (*size < INDEX_HEADER_SIZE)
		return;
	index_put_le32(p + INDEX_OFF_FILE_SIZE, (uint32_t)*size);
	index_put_le64(p + INDEX_OFF_CHECKSUM, index_checksum(p, *size));
}

static int write_file(const char *path, const unsigned char *p, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

/* The data at path.data, and the link to it at path. */
static int write_linked(const char *path, const unsigned char *p, size_t size)
{
	char data[4096 + sizeof(".data")];
	const char *name;
	unsigned char link[INDEX_LINK_MAX_SIZE] = { 0 };
	size_t len;

	snprintf(data, sizeof(data), "%s.data", path);
	name = strrchr(data, '/') ? strrchr(data, '/') + 1 : data;
	len = strlen(name);
	memcpy(link + INDEX_LINK_OFF_MAGIC, INDEX_LINK_MAGIC, INDEX_MAGIC_LEN);
	index_put_le32(link + INDEX_LINK_OFF_VERSION, INDEX_LINK_VERSION);
	index_put_le32(link + INDEX_LINK_OFF_DATA_SIZE, (uint32_t)size);
	if (size >= INDEX_OFF_CHECKSUM + 8)
		memcpy(link + INDEX_LINK_OFF_DATA_CHECKSUM, p + INDEX_OFF_CHECKSUM, 8);
	index_put_le32(link + INDEX_LINK_OFF_NAME_LEN, (uint32_t)len);
	memcpy(link + INDEX_LINK_OFF_NAME, name, len + 1);
	return write_file(data, p, size) == 0 && write_file(path, link, INDEX_LINK_OFF_NAME + len + 1) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned char *orig, *copy;
	size_t size, n;
	FILE *f;

	if (argc < 5 || argc > 6) {
		fprintf(stderr, "usage: damage-index INDEX OUTDIR COUNT SEED [repair | link]\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) < 0 || (long)(size = (size_t)ftell(f)) < INDEX_HEADER_SIZE)
		return 2;
	rewind(f);
	orig = malloc(size);
	copy = malloc(size);
	if (!orig || !copy || fread(orig, 1, size, f) != size)
		return 2;
	fclose(f);
	rng_state = strtoull(argv[4], NULL, 10) * 0x9e3779b97f4a7c15ull + 1;
	for (unsigned long i = 0, count = strtoul(argv[3], NULL, 10); i < count; i++) {
		char path[4096];
		const char *kind;

		memcpy(copy, orig, size);
		n = size;
		kind = damage(copy, &n);
		if (argc == 6 && strcmp(argv[5], "repair") == 0)
			repair(copy, &n);
		snprintf(path, sizeof(path), "%s/%05lu-%s", argv[2], i, kind);
		if ((argc == 6 && strcmp(argv[5], "link") == 0 ? write_linked(path, copy, n) : write_file(path, copy, n)) < 0)
			return 1;
	}
	free(orig);
	free(copy);
	return 0;
}
