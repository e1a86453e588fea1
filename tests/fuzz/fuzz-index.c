/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-index.c: the module's index readers on arbitrary bytes: open, every kind of lookup and enumeration of both databases, the file reader of a first lookup against the mapping; and the full check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "index-readers.h"
#include "index-verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = { "http", "HTTP", "imaps", "x11", "discard", "", "a", "www-http", "ipv6-icmp", "TCP" };
static const char *const protocols[] = { "tcp", "udp", "sctp", "dccp", "ddp", "" };

/* Reads every byte an answer would copy, and its names as the module's fill tells them apart. A
 * protocol's record has no protocol name. */
static size_t touch_record(const struct index_record *r)
{
	const char *split[INDEX_MAX_NAMES];
	size_t total = (r->protocol_name ? strlen(r->protocol_name) : 0) + r->protocol_size;

	for (uint32_t i = 0; i < r->names_len; i++)
		total += (unsigned char)r->names[i];
	if (index_split_names(r->names, r->names_len, r->name_count, split) == 0)
		for (unsigned n = 0; n < r->name_count; n++)
			total += strlen(split[n]);
	return total + r->port;
}

static size_t exercise_protocols(const struct index_view *v)
{
	uint32_t count = index_count(v, &index_protocols);
	struct index_record r;
	struct index_entry e;
	size_t sink = 0;

	for (size_t n = 0; n < sizeof(names) / sizeof(*names); n++)
		if (index_lookup(v, &(struct index_request){ INDEX_ASK_PROTOCOL_NAME, .name = names[n] }, &r) == 0)
			sink += touch_record(&r);
	for (unsigned number = 0; number < 300; number++)
		if (index_lookup(v, &(struct index_request){ INDEX_ASK_PROTOCOL_NUMBER, .number = (uint16_t)number }, &r) == 0)
			sink += touch_record(&r);
	for (uint32_t i = 0; i < count && i < 100000; i++) {
		if (index_record_of(v, &index_protocols, i, &r) == 0)
			sink += touch_record(&r);
		if (index_entry_of(v, &index_protocols, i, &e) == 0)
			sink += strlen(e.names[e.name_count - 1]);
	}
	return sink;
}

static void exercise(const struct index_view *v)
{
	uint32_t count = index_count(v, &index_services);
	struct index_record r;
	struct index_entry e;
	volatile size_t sink = exercise_protocols(v);

	for (size_t n = 0; n < sizeof(names) / sizeof(*names); n++) {
		if (index_lookup(v, &(struct index_request){ INDEX_ASK_NAME, .name = names[n] }, &r) == 0)
			sink += touch_record(&r);
		for (size_t p = 0; p < sizeof(protocols) / sizeof(*protocols); p++)
			if (index_lookup(v, &(struct index_request){ INDEX_ASK_NAME, .name = names[n], .protocol = protocols[p] }, &r) == 0)
				sink += touch_record(&r);
	}
	for (unsigned port = 0; port < 100; port++) {
		if (index_lookup(v, &(struct index_request){ INDEX_ASK_PORT, .number = (uint16_t)port }, &r) == 0)
			sink += touch_record(&r);
		if (index_lookup(v, &(struct index_request){ INDEX_ASK_PORT, .protocol = protocols[port % 6], .number = (uint16_t)port }, &r) == 0)
			sink += touch_record(&r);
	}
	for (uint32_t i = 0; i < count && i < 100000; i++) {
		if (index_record_of(v, &index_services, i, &r) == 0)
			sink += touch_record(&r);
		if (index_entry_of(v, &index_services, i, &e) == 0)
			sink += strlen(e.names[e.name_count - 1]) + strlen(e.protocol_name);
	}
	(void)sink;
}

static void same_answer(const struct index_view *v, struct index_file *f, const struct index_request *q)
{
	if (compare_readers(v, f, q) == READERS_DIFFER)
		abort();
}

static void ask_both(const struct index_view *v, struct index_file *f)
{
	for (size_t n = 0; n < sizeof(names) / sizeof(*names); n++) {
		same_answer(v, f, &(struct index_request){ .kind = INDEX_ASK_NAME, .name = names[n] });
		same_answer(v, f, &(struct index_request){ .kind = INDEX_ASK_PROTOCOL_NAME, .name = names[n] });
		for (size_t p = 0; p < sizeof(protocols) / sizeof(*protocols); p++)
			same_answer(v, f, &(struct index_request){ .kind = INDEX_ASK_NAME, .name = names[n], .protocol = protocols[p] });
	}
	for (unsigned number = 0; number < 300; number++) {
		same_answer(v, f, &(struct index_request){ .kind = INDEX_ASK_PORT, .number = (uint16_t)number });
		same_answer(v, f, &(struct index_request){ .kind = INDEX_ASK_PORT, .number = (uint16_t)number,
							   .protocol = protocols[number % 6] });
		same_answer(v, f, &(struct index_request){ .kind = INDEX_ASK_PROTOCOL_NUMBER, .number = (uint16_t)number });
	}
}

/* The same bytes as a file, read as a process's first lookup reads it: it takes only what the mapped
 * reader opens, and answers as the mapping does or leaves the question to it. */
static void read_as_file(const unsigned char *data, size_t size)
{
	int fd = memfd_create("fuzz-index", MFD_CLOEXEC);
	struct index_view v;
	struct index_file f;
	bool mapped = index_view_open(&v, data, size) == 0;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	if (index_file_open(&f, fd, size) == 0) {
		if (!mapped)
			abort();
		ask_both(&v, &f);
	}
	close(fd);
}

/* The full check, on any bytes: it must never read outside them, accept only what the reader opens, and
 * say why it refuses. */
static void verify(const unsigned char *data, size_t size)
{
	struct index_report r;
	struct index_view v;

	if (index_verify(&r, data, size) == 0 ? index_view_open(&v, data, size) != 0 : !r.problem[0])
		abort();
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
	verify(copy, padded);
	read_as_file(copy, padded);
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
	verify(copy, size);
	read_as_file(copy, size);
	free(copy);
	exercise_repaired(data, size);
	return 0;
}
