/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-index.c: the module's index reader on arbitrary bytes: open, every kind of lookup, enumeration. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = { "http", "HTTP", "imaps", "x11", "discard", "", "a", "www-http" };
static const char *const protocols[] = { "tcp", "udp", "sctp", "dccp", "ddp", "" };

/* Reads every byte an answer would copy, as the module's fill does. */
static size_t touch_entry(const struct index_entry *e)
{
	size_t total = strlen(e->protocol_name);

	for (uint32_t i = 0; i < e->names_len; i++)
		total += (unsigned char)e->names[0][i];
	for (unsigned n = 0; n < e->name_count; n++)
		total += strlen(e->names[n]);
	return total + e->port;
}

static void exercise(const struct index_view *v)
{
	uint32_t count = index_entry_count(v);
	struct index_entry e;
	volatile size_t sink = 0;

	for (size_t n = 0; n < sizeof(names) / sizeof(*names); n++) {
		if (index_lookup_name(v, names[n], NULL, &e) == 0)
			sink += touch_entry(&e);
		for (size_t p = 0; p < sizeof(protocols) / sizeof(*protocols); p++)
			if (index_lookup_name(v, names[n], protocols[p], &e) == 0)
				sink += touch_entry(&e);
	}
	for (unsigned port = 0; port < 100; port++) {
		if (index_lookup_port(v, (uint16_t)port, NULL, &e) == 0)
			sink += touch_entry(&e);
		if (index_lookup_port(v, (uint16_t)port, protocols[port % 6], &e) == 0)
			sink += touch_entry(&e);
	}
	for (uint32_t i = 0; i < count && i < 100000; i++)
		if (index_entry_at(v, i, &e) == 0)
			sink += touch_entry(&e);
	(void)sink;
}

/* The checksum turns nearly every mutation away at the door; a copy with it (and the size) made right
 * lets the fuzzer reach the checks behind it, as a hostile index written on purpose would. */
static void exercise_repaired(const uint8_t *data, size_t size)
{
	size_t padded = (size + 3) & ~(size_t)3;
	unsigned char *copy;
	struct index_view v;

	if (size < INDEX_HEADER_SIZE || padded > INDEX_MAX_SIZE)
		return;
	copy = calloc(1, padded);
	if (!copy)
		return;
	memcpy(copy, data, size);
	index_put_le32(copy + INDEX_OFF_FILE_SIZE, (uint32_t)padded);
	index_put_le64(copy + INDEX_OFF_CHECKSUM, index_checksum(copy, padded));
	if (index_view_open(&v, copy, padded) == 0)
		exercise(&v);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy, so that reading one byte past the end is caught. */
	unsigned char *copy = malloc(size ? size : 1);
	struct index_view v;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (index_view_open(&v, copy, size) == 0)
		exercise(&v);
	free(copy);
	exercise_repaired(data, size);
	return 0;
}
