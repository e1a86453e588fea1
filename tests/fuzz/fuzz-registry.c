/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-registry.c: the generator on arbitrary bytes: registry XML, then an overlay after the first NUL, as services and as protocols, and questions about it. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "canonical-file.h"
#include "explain.h"
#include "index-file.h"
#include "overlay.h"
#include "sources.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { SERVICES, PROTOCOLS, DATABASES };

static const struct merge_kind *const merge_kinds[DATABASES] = { &services_merge, &protocols_merge };
static const struct file_layout *const layouts[DATABASES] = { &services_file, &protocols_file };
static const struct index_database *const sections[DATABASES] = { &index_services, &index_protocols };

struct tables {
	struct table db[DATABASES];
	bool ok[DATABASES]; /* the registry read as that one, the overlay merged over it */
};

/* The registry reader takes a path, as the generator gives it one: the same bytes, read as each registry.
 * The file stays open for the questions, which read it again: the descriptor, or -1. */
static int load_registries(struct tables *t, const uint8_t *data, size_t size, char path[64])
{
	int fd = memfd_create("registry", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, 64, "/proc/self/fd/%d", fd);
		for (int id = 0; id < DATABASES; id++)
			t->ok[id] = load_registry(&t->db[id], path, false) == 0;
	}
	return fd;
}

/* A question of each form, and --since, as text and as JSON, about the services that loaded. */
static void ask(struct tables *t, const char *path)
{
	static const char *const questions[] = { "1", "6001/tcp", "x11", "IMAPS/tcp" };
	struct explain_request req = { .table = &t->db[SERVICES], .registry = path };
	FILE *null = fopen("/dev/null", "w");

	if (!null || !t->ok[SERVICES]) {
		if (null)
			fclose(null);
		return;
	}
	for (int json = 0; json < 2; json++) {
		req.json = json;
		for (size_t q = 0; q < sizeof(questions) / sizeof(questions[0]); q++)
			explain_question(&req, questions[q], null);
		explain_since(&req, "2000-01-01", null);
	}
	fclose(null);
}

static int count_line(const struct overlay_line *l, void *userdata)
{
	*(size_t *)userdata += l->nnames;
	return 0;
}

/* Reads the overlay leniently too, as --diff reads a services file. */
static void read_leniently(const uint8_t *text, size_t len)
{
	FILE *f = fmemopen((void *)text, len, "r");
	size_t names = 0;
	unsigned long skipped = 0;

	if (!f)
		return;
	overlay_read(f, "fuzz", OVERLAY_SERVICES, false, count_line, &names, &skipped);
	fclose(f);
}

/* Each database that loaded is written; the index of whatever loaded, the other empty. */
static void write_outputs(struct tables *t)
{
	struct table empty[DATABASES] = { { .kind = &services_merge }, { .kind = &protocols_merge } };
	struct index_input in[DATABASES];
	struct index_blob blob = { 0 };
	FILE *null = fopen("/dev/null", "w");

	for (int id = 0; id < DATABASES; id++) {
		if (t->ok[id]) {
			table_build(&t->db[id]);
			if (null && canonical_check(&t->db[id], layouts[id]) == 0)
				canonical_write(null, &t->db[id], layouts[id]);
		}
		in[id] = (struct index_input){ t->ok[id] ? &t->db[id] : &empty[id], sections[id] };
	}
	if ((t->ok[SERVICES] || t->ok[PROTOCOLS]) && index_build(in, DATABASES, &blob) == 0 && null)
		index_write(null, &blob);
	index_blob_free(&blob);
	if (null)
		fclose(null);
}

static void merge_overlay(struct tables *t, const uint8_t *text, size_t len)
{
	FILE *f = fmemopen((void *)text, len, "r");

	if (!f)
		return;
	for (int id = 0; id < DATABASES; id++) {
		rewind(f);
		if (t->ok[id])
			t->ok[id] = load_overlay(&t->db[id], f, "fuzz", 1, false) == 0;
	}
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t registry_len = nul ? (size_t)(nul - data) : size;
	const char *overlays[DATABASES][1] = { { "fuzz" }, { "fuzz" } };
	struct tables t = { 0 };
	char path[64];
	int fd;

	for (int id = 0; id < DATABASES; id++)
		t.db[id] = (struct table){ .kind = merge_kinds[id], .overlays = overlays[id] };
	t.db[SERVICES].keep_bindings = true;

	fd = load_registries(&t, data, registry_len, path);
	if (nul)
		merge_overlay(&t, nul + 1, size - registry_len - 1);
	write_outputs(&t);
	ask(&t, path);
	if (fd >= 0)
		close(fd);
	if (nul)
		read_leniently(nul + 1, size - registry_len - 1);
	for (int id = 0; id < DATABASES; id++)
		table_free(&t.db[id]);
	return 0;
}
