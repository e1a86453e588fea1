/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-registry.c: the generator on arbitrary bytes: registry XML, then an overlay after the first NUL, as services and as protocols. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "index-file.h"
#include "overlay.h"
#include "protocols-file.h"
#include "services-file.h"
#include "sources.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tables {
	struct service_table services;
	struct protocol_table protocols;
	bool services_ok, protocols_ok; /* the registry read as that one, the overlay merged over it */
};

/* The registry reader takes a path, as the generator gives it one: the same bytes, read as each registry. */
static void load_registries(struct tables *t, const uint8_t *data, size_t size)
{
	char path[64];
	int fd = memfd_create("registry", MFD_CLOEXEC);

	if (fd < 0)
		return;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		t->services_ok = load_registry(&t->services, path, false) == 0;
		t->protocols_ok = load_protocol_registry(&t->protocols, path, false) == 0;
	}
	close(fd);
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
	struct service_table no_services = { 0 };
	struct protocol_table no_protocols = { 0 };
	struct index_blob blob = { 0 };
	FILE *null = fopen("/dev/null", "w");

	if (t->services_ok) {
		table_build(&t->services);
		if (null && services_check(&t->services) == 0)
			services_write(null, &t->services);
	}
	if (t->protocols_ok) {
		protocol_table_build(&t->protocols);
		if (null && protocols_check(&t->protocols) == 0)
			protocols_write(null, &t->protocols);
	}
	if ((t->services_ok || t->protocols_ok) &&
	    index_build(t->services_ok ? &t->services : &no_services, t->protocols_ok ? &t->protocols : &no_protocols,
			&blob) == 0 && null)
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
	if (t->services_ok)
		t->services_ok = load_overlay(&t->services, f, "fuzz", 1, false) == 0;
	rewind(f);
	if (t->protocols_ok)
		t->protocols_ok = load_protocol_overlay(&t->protocols, f, "fuzz", 1, false) == 0;
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t registry_len = nul ? (size_t)(nul - data) : size;
	const char *overlays[1] = { "fuzz" }, *protocol_overlays[1] = { "fuzz" };
	struct tables t = { .services = { .overlays = overlays }, .protocols = { .overlays = protocol_overlays } };

	load_registries(&t, data, registry_len);
	if (nul)
		merge_overlay(&t, nul + 1, size - registry_len - 1);
	write_outputs(&t);
	if (nul)
		read_leniently(nul + 1, size - registry_len - 1);
	table_free(&t.services);
	protocol_table_free(&t.protocols);
	return 0;
}
