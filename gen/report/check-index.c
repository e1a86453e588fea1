/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check-index.c: --check-index, --dump and --dump-protocols, and the check of each index written before it is renamed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check-index.h"
#include "index-verify.h"
#include "log.h"
#include "xalloc.h"

struct file_bytes {
	unsigned char *data;
	size_t size;
};

static int read_fd(int fd, const struct stat *st, struct file_bytes *b, char problem[INDEX_PROBLEM_MAX])
{
	size_t want = (size_t)st->st_size;
	ssize_t got;

	if (!S_ISREG(st->st_mode))
		return index_problem(problem, "not a regular file");
	if (st->st_size > INDEX_MAX_SIZE)
		return index_problem(problem, "%lld bytes, larger than an index may be (%u)", (long long)st->st_size,
			   INDEX_MAX_SIZE);
	b->data = xmalloc(want ? want : 1);
	while (b->size < want && (got = read(fd, b->data + b->size, want - b->size)) != 0) {
		if (got < 0 && errno != EINTR)
			return index_problem(problem, "cannot read: %s", strerror(errno));
		b->size += got > 0 ? (size_t)got : 0;
	}
	return 0;
}

/* The whole file at path into b: 0, or -1 and why in problem. */
static int read_whole(const char *path, int flags, struct file_bytes *b, char problem[INDEX_PROBLEM_MAX])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | flags), ret;
	struct stat st;

	if (fd < 0 && errno == ELOOP && (flags & O_NOFOLLOW))
		return index_problem(problem, "a symbolic link, which the module does not follow");
	if (fd < 0)
		return index_problem(problem, "cannot open: %s", strerror(errno));
	ret = fstat(fd, &st) < 0 ? index_problem(problem, "cannot stat: %s", strerror(errno)) : read_fd(fd, &st, b, problem);
	close(fd);
	return ret;
}

static bool is_link(const struct file_bytes *b)
{
	return b->size >= INDEX_MAGIC_LEN && memcmp(b->data, INDEX_LINK_MAGIC, INDEX_MAGIC_LEN) == 0;
}

/* The file named name in path's directory, as the module finds a link's data. Allocated. */
static char *beside(const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash ? (size_t)(slash - path + 1) : 0, size = dir_len + strlen(name) + 1;
	char *joined = xmalloc(size);

	memcpy(joined, path, dir_len);
	strcpy(joined + dir_len, name);
	return joined;
}

/* The data the link in file names, read into data from *data_path and checked against the link: 0, or -1
 * after a message. */
static int load_linked(const char *path, const struct file_bytes *file, struct index_link *link,
		       struct file_bytes *data, char **data_path)
{
	char problem[INDEX_PROBLEM_MAX];

	if (index_verify_link(link, file->data, file->size, problem) < 0) {
		log_error(path, "%s", problem);
		return -1;
	}
	*data_path = beside(path, link->name);
	if (read_whole(*data_path, O_NOFOLLOW, data, problem) < 0) {
		log_error(path, "its data file %s: %s", link->name, problem);
		return -1;
	}
	if (index_verify_linked_data(link, data->data, data->size, problem) < 0) {
		log_error(path, "%s", problem);
		return -1;
	}
	return 0;
}

static void print_report(const char *path, const struct index_link *link, const char *data_path,
			 const struct index_report *r)
{
	if (link)
		printf("%s: a link to %s, which it matches: %u bytes, checksum %016llx\n", path, link->name,
		       link->data_size, (unsigned long long)link->data_checksum);
	printf("%s: a good index of %zu bytes\n", data_path, r->view.size);
	/* index_verify() found both dates NUL-padded: strings in the header */
	printf("registry date: %s\n", (const char *)r->view.base + INDEX_OFF_UPDATED);
	printf("protocol registry date: %s\n", (const char *)r->view.base + INDEX_OFF_PROTOCOLS_UPDATED);
	printf("entries: %u\n", r->entries);
	printf("protocols: %u (", r->view.protocol_count);
	for (uint32_t id = 0; id < r->view.protocol_count; id++)
		printf("%s%s", id ? " " : "", index_protocol_name(&r->view, id));
	printf(")\n");
	printf("protocol entries: %u\n", r->protocol_entries);
	for (int k = 0; k < INDEX_HASH_TABLES; k++) {
		enum index_section t = index_hash_tables[k];

		printf("%s table: %u slots, %u used, load %.2f, longest probe %u\n", index_section_name(t),
		       r->tables[t].slots, r->tables[t].used, (double)r->tables[t].used / r->tables[t].slots,
		       r->tables[t].longest_probe);
	}
}

/* Every entry of the database as a line of its file: name number[/protocol] aliases, one space apart, in
 * file order. */
static void print_entries(const struct index_view *v, const struct index_database *db)
{
	struct index_entry e;

	for (uint32_t i = 0; i < index_count(v, db); i++) {
		if (index_entry_of(v, db, i, &e) < 0)
			continue; /* not after index_verify() */
		printf("%s %u%s%s", e.names[0], e.port, e.protocol_name ? "/" : "", e.protocol_name ? e.protocol_name : "");
		for (unsigned n = 1; n < e.name_count; n++)
			printf(" %s", e.names[n]);
		putchar('\n');
	}
}

static int flush_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_error("standard output", "write error: %s", strerror(errno ? errno : EIO));
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

/* The index in data, read from data_path, checked and shown: the exit status. */
static int check_data(const char *path, const struct index_link *link, const char *data_path,
		      const struct file_bytes *data, enum index_printout printout)
{
	struct index_report r;

	if (index_verify(&r, data->data, data->size) < 0) {
		if (link)
			log_error(path, "its data file %s: %s", link->name, r.problem);
		else
			log_error(path, "%s", r.problem);
		return EXIT_FAILURE;
	}
	if (printout == PRINT_SERVICES)
		print_entries(&r.view, &index_services);
	else if (printout == PRINT_PROTOCOLS)
		print_entries(&r.view, &index_protocols);
	else
		print_report(path, link, data_path, &r);
	return flush_stdout();
}

int check_index(const char *path, enum index_printout printout)
{
	struct file_bytes file = { 0 }, data = { 0 };
	char problem[INDEX_PROBLEM_MAX], *data_path = NULL;
	struct index_link link;
	int status = EXIT_FAILURE;

	if (read_whole(path, 0, &file, problem) < 0)
		log_error(path, "%s", problem);
	else if (!is_link(&file))
		status = check_data(path, NULL, path, &file, printout);
	else if (load_linked(path, &file, &link, &data, &data_path) == 0)
		status = check_data(path, &link, data_path, &data, printout);
	free(data_path);
	free(file.data);
	free(data.data);
	return status;
}

int check_written_index(const char *written, const char *path)
{
	struct file_bytes b = { 0 };
	char problem[INDEX_PROBLEM_MAX];
	struct index_report r;
	int ret = -1;

	if (read_whole(written, 0, &b, problem) < 0)
		log_error(path, "cannot read the index written back: %s", problem);
	else if (index_verify(&r, b.data, b.size) < 0)
		log_error(path, "the index written does not check, so nothing is replaced: %s", r.problem);
	else
		ret = 0;
	free(b.data);
	return ret;
}
