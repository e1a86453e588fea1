/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-file-reader.c: the index read with pread, as a process's first lookup reads it, answers every question as the mapped index does. */
#include <arpa/inet.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "check.h"
#include "index-readers.h"

struct readers {
	struct index_view view;
	struct index_file file;
	unsigned questions, unread;
};

/* The file's answer is the mapping's, or INDEX_UNREAD, which is counted. */
static void compare(struct readers *x, const struct index_request *q)
{
	enum readers_verdict verdict = compare_readers(&x->view, &x->file, q);

	x->questions++;
	x->unread += verdict == READERS_UNREAD;
	if (verdict == READERS_DIFFER) {
		fprintf(stderr, "kind %d, %s %u %s: the file and the mapping answer differently\n", (int)q->kind,
			q->name ? q->name : "-", q->number, q->protocol ? q->protocol : "-");
		check_failures++;
	}
}

static void ask_service(struct readers *x, const struct index_entry *e)
{
	char missing[300];

	for (unsigned n = 0; n < e->name_count; n++) {
		compare(x, &(struct index_request){ .kind = INDEX_ASK_NAME, .name = e->names[n], .protocol = e->protocol_name });
		compare(x, &(struct index_request){ .kind = INDEX_ASK_NAME, .name = e->names[n] });
		snprintf(missing, sizeof(missing), "%s-nx", e->names[n]);
		compare(x, &(struct index_request){ .kind = INDEX_ASK_NAME, .name = missing, .protocol = e->protocol_name });
	}
	compare(x, &(struct index_request){ .kind = INDEX_ASK_NAME, .name = e->names[0], .protocol = "nosuchproto" });
}

static void ask_protocol(struct readers *x, const struct index_entry *e)
{
	for (unsigned n = 0; n < e->name_count; n++)
		compare(x, &(struct index_request){ .kind = INDEX_ASK_PROTOCOL_NAME, .name = e->names[n] });
}

/* Every name of every entry, with its protocol and with none, and as a miss; every port and number. */
static void ask_everything(struct readers *x)
{
	struct index_entry e;

	for (uint32_t i = 0; i < index_count(&x->view, &index_services); i++)
		if (index_entry_of(&x->view, &index_services, i, &e) == 0)
			ask_service(x, &e);
	for (uint32_t i = 0; i < index_count(&x->view, &index_protocols); i++)
		if (index_entry_of(&x->view, &index_protocols, i, &e) == 0)
			ask_protocol(x, &e);
	for (uint32_t port = 0; port <= UINT16_MAX; port++) {
		compare(x, &(struct index_request){ .kind = INDEX_ASK_PORT, .number = (uint16_t)port, .protocol = "tcp" });
		compare(x, &(struct index_request){ .kind = INDEX_ASK_PORT, .number = (uint16_t)port });
		if (port % 7 == 0)
			compare(x, &(struct index_request){ .kind = INDEX_ASK_PORT, .number = (uint16_t)port, .protocol = "sctp" });
		if (port <= 300)
			compare(x, &(struct index_request){ .kind = INDEX_ASK_PROTOCOL_NUMBER, .number = (uint16_t)port });
	}
}

/* The questions asked of the index at the link path: how many the file left to the mapping. */
static unsigned unread_of(const char *path)
{
	char data[PATH_MAX];
	struct readers x = { 0 };
	struct stat st;
	void *base;
	int fd;

	index_data_path(path, data);
	fd = open(data, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 ||
	    (base = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0)) == MAP_FAILED) {
		perror(data);
		exit(2);
	}
	CHECK_INT(index_view_open(&x.view, base, (size_t)st.st_size), 0);
	CHECK_INT(index_file_open(&x.file, fd, (size_t)st.st_size), 0);
	ask_everything(&x);
	fprintf(stderr, "%s: %u questions, %u left to the mapping\n", path, x.questions, x.unread);
	munmap(base, (size_t)st.st_size);
	close(fd);
	return x.unread;
}

/* The generator's indexes: every question is answered from the file, as the mapping answers it (a
 * services line, and so a record, is far shorter than the file reader's buffer). */
int main(void)
{
	CHECK_INT(unread_of(env_path("FULL_INDEX")), 0);
	CHECK_INT(unread_of(env_path("LOOKUPS_INDEX")), 0);
	CHECK_INT(unread_of(env_path("ALIASES_INDEX")), 0);
	return check_exit();
}
