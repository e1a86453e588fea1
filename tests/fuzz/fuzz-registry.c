/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-registry.c: the generator on arbitrary bytes: registry XML, then an overlay after the first NUL. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "index-file.h"
#include "overlay.h"
#include "services-file.h"
#include "sources.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The registry reader takes a path, as the generator gives it one. */
static int load_registry_bytes(struct service_table *t, const uint8_t *data, size_t size)
{
	char path[64];
	int fd = memfd_create("registry", MFD_CLOEXEC), ret = -1;

	if (fd < 0)
		return -1;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		ret = load_registry(t, path, false);
	}
	close(fd);
	return ret;
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

static void write_outputs(struct service_table *t)
{
	struct index_blob blob = { 0 };
	FILE *null = fopen("/dev/null", "w");

	table_build(t);
	if (null && services_check(t) == 0)
		services_write(null, t);
	if (index_build(t, &(struct protocol_table){ 0 }, &blob) == 0 && null)
		index_write(null, &blob);
	index_blob_free(&blob);
	if (null)
		fclose(null);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t registry_len = nul ? (size_t)(nul - data) : size;
	const char *overlays[1] = { "fuzz" };
	struct service_table t = { .overlays = overlays };
	FILE *overlay = NULL;

	if (load_registry_bytes(&t, data, registry_len) == 0) {
		if (nul)
			overlay = fmemopen((void *)(nul + 1), size - registry_len - 1, "r");
		if (!overlay || load_overlay(&t, overlay, "fuzz", 1, false) == 0)
			write_outputs(&t);
		if (overlay)
			fclose(overlay);
	}
	if (nul)
		read_leniently(nul + 1, size - registry_len - 1);
	table_free(&t);
	return 0;
}
