/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* nss-iana.c: glibc's services lookups answered from the read-only mapped nss-iana index. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <nss.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "index.h"

/* How often the index path is stat()ed for a replacement: a new index is seen within a second.
 * (A test builds a copy of the module that looks every millisecond, to reload a thousand times.) */
#ifndef RECHECK_INTERVAL_NS
#define RECHECK_INTERVAL_NS 500000000LL
#endif

NSS_DECLARE_MODULE_FUNCTIONS(iana);

/* The index this process has mapped, and the file at the index path it came from. */
struct mapped_index {
	struct index_view view; /* view.base is NULL while there is no usable index */
	void *addr;
	size_t size;
	bool examined, file_present;
	struct stat file;
};

struct mapping {
	struct mapped_index current;
	int64_t next_check_ns; /* read without the lock, so always accessed atomically */
};

static pthread_rwlock_t mapping_lock = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static struct mapping mapping;

/* Enumeration keeps to the index it started on, even once another replaces it as current: written
 * under cursor_lock while the mapping is read-locked, so that a reload, write-locked, sees it whole. */
static pthread_mutex_t cursor_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mapped_index enumerated;
static uint32_t cursor; /* the entry getservent_r gives next */

static int64_t monotonic_ns(void)
{
	struct timespec ts;

	/* The coarse clock is read in the vDSO: no system call on the lookup path. */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static const char *index_path(void)
{
	const char *path = secure_getenv("NSS_IANA_INDEX");

	return path && *path ? path : INDEX_PATH;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static int open_read_only(const char *path, int flags)
{
	return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | flags);
}

/* Up to size bytes from the start of fd; the count read, which a shrinking file makes short. */
static size_t read_start(int fd, void *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = pread(fd, (char *)buf + done, size - done, (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	return done;
}

static bool usable_size(off_t size)
{
	return size >= INDEX_HEADER_SIZE && size <= INDEX_MAX_SIZE;
}

/* A whole index at the path is read into memory of this process's own: whatever is then done to the
 * file cannot reach it. Its checksum is checked, as the copy costs as much anyway. */
static void copy_whole_index(struct mapped_index *m, int fd)
{
	size_t size = (size_t)m->file.st_size;
	void *addr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (addr == MAP_FAILED)
		return;
	if (read_start(fd, addr, size) != size || mprotect(addr, size, PROT_READ) < 0 ||
	    index_view_open(&m->view, addr, size) < 0 || !index_view_checksum_ok(&m->view)) {
		m->view = (struct index_view){ 0 };
		munmap(addr, size);
		return;
	}
	m->addr = addr;
	m->size = size;
}

/* The data file a link names, beside the link, mapped: it is never rewritten, so it is mapped as it
 * is, checked in time that does not grow with it. -1 when it is not there, 0 otherwise. */
static int map_linked_data(struct mapped_index *m, const char *path, const struct index_link *link)
{
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash ? (size_t)(slash - path + 1) : 0;
	char data_path[PATH_MAX];
	struct stat st;
	void *addr;
	int fd;

	if (dir_len + strlen(link->name) >= sizeof(data_path))
		return 0;
	memcpy(data_path, path, dir_len);
	strcpy(data_path + dir_len, link->name);
	fd = open_read_only(data_path, O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? -1 : 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size != (off_t)link->data_size ||
	    !usable_size(st.st_size)) {
		close(fd);
		return 0;
	}
	addr = mmap(NULL, link->data_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (addr == MAP_FAILED)
		return 0;
	if (index_view_open(&m->view, addr, link->data_size) < 0 ||
	    index_le64((const unsigned char *)addr + INDEX_OFF_CHECKSUM) != link->data_checksum) {
		m->view = (struct index_view){ 0 };
		munmap(addr, link->data_size);
		return 0;
	}
	m->addr = addr;
	m->size = link->data_size;
	return 0;
}

/* The file at path, a link or a whole index, made usable in m; m->file becomes what was opened.
 * -1 when a link names data that is gone: a newer link has replaced it, and a new try finds that. */
static int open_index(struct mapped_index *m, const char *path)
{
	unsigned char start[INDEX_LINK_MAX_SIZE];
	struct index_link link;
	size_t got;
	int fd = open_read_only(path, 0), ret = 0;

	if (fd < 0)
		return 0;
	m->file_present = fstat(fd, &m->file) == 0;
	if (m->file_present && S_ISREG(m->file.st_mode)) {
		got = read_start(fd, start, sizeof(start));
		if (index_link_parse(&link, start, got) == 0 && (off_t)got == m->file.st_size)
			ret = map_linked_data(m, path, &link);
		else if (usable_size(m->file.st_size))
			copy_whole_index(m, fd);
	}
	close(fd);
	return ret;
}

static void unmap(struct mapped_index *m)
{
	if (m->addr)
		munmap(m->addr, m->size);
}

/* Under the write lock: no reader holds the old mapping while it is replaced and unmapped. */
static void refresh_locked(int64_t now)
{
	const char *path = index_path();
	struct mapped_index next = { .examined = true }, *current = &mapping.current;
	struct stat st;

	__atomic_store_n(&mapping.next_check_ns, now + RECHECK_INTERVAL_NS, __ATOMIC_RELAXED);
	if (current->examined) {
		bool present = stat(path, &st) == 0;

		if (present == current->file_present && (!present || same_file(&st, &current->file)))
			return;
	}
	for (int tries = 0; tries < 3 && open_index(&next, path) < 0; tries++)
		next = (struct mapped_index){ .examined = true };
	/* An enumeration still walking the old index unmaps it when it ends. */
	if (current->addr != enumerated.addr)
		unmap(current);
	*current = next;
}

/* Read-locks the mapping, first replacing it when the index path has changed: 0, or -1. */
static int mapping_read_lock(void)
{
	int64_t now = monotonic_ns();

	if (now >= __atomic_load_n(&mapping.next_check_ns, __ATOMIC_RELAXED)) {
		if (pthread_rwlock_wrlock(&mapping_lock) != 0)
			return -1;
		if (now >= __atomic_load_n(&mapping.next_check_ns, __ATOMIC_RELAXED))
			refresh_locked(now);
		pthread_rwlock_unlock(&mapping_lock);
	}
	return pthread_rwlock_rdlock(&mapping_lock) == 0 ? 0 : -1;
}

/* The current index, read-locked, or NULL when there is none usable. */
static const struct index_view *index_acquire(void)
{
	if (mapping_read_lock() < 0)
		return NULL;
	if (!mapping.current.view.base) {
		pthread_rwlock_unlock(&mapping_lock);
		return NULL;
	}
	return &mapping.current.view;
}

static void index_release(void)
{
	pthread_rwlock_unlock(&mapping_lock);
}

/* The index holds an entry's names one after the other, so they are sized and copied in one piece.
 * Sized first, so that a short buffer is TRYAGAIN before anything is written. */
static enum nss_status fill_servent(const struct index_entry *e, struct servent *result, char *buffer, size_t buflen)
{
	size_t pad = (alignof(char *) - (uintptr_t)buffer % alignof(char *)) % alignof(char *);
	size_t protocol_len = strlen(e->protocol_name) + 1;
	char **aliases = (char **)(void *)(buffer + pad), *names;

	if (buflen < pad + e->name_count * sizeof(char *) ||
	    buflen - pad - e->name_count * sizeof(char *) < (size_t)e->names_len + protocol_len)
		return NSS_STATUS_TRYAGAIN;
	names = memcpy(aliases + e->name_count, e->names[0], e->names_len);
	for (unsigned n = 1; n < e->name_count; n++)
		aliases[n - 1] = names + (e->names[n] - e->names[0]);
	aliases[e->name_count - 1] = NULL;
	result->s_name = names;
	result->s_aliases = aliases;
	result->s_proto = memcpy(names + e->names_len, e->protocol_name, protocol_len);
	result->s_port = (int)htons(e->port);
	return NSS_STATUS_SUCCESS;
}

/* The caller's errno is left as it was, but for a short buffer, which glibc retries on ERANGE. */
static enum nss_status finish(enum nss_status status, int saved_errno, int *errnop)
{
	errno = saved_errno;
	if (status == NSS_STATUS_TRYAGAIN)
		*errnop = ERANGE;
	return status;
}

enum nss_status _nss_iana_getservbyname_r(const char *name, const char *protocol, struct servent *result,
					  char *buffer, size_t buflen, int *errnop)
{
	int saved_errno = errno;
	enum nss_status status = NSS_STATUS_NOTFOUND;
	const struct index_view *v;
	struct index_entry e;

	if (!name || !result || !buffer || !errnop)
		return NSS_STATUS_NOTFOUND;
	v = index_acquire();
	if (!v)
		return finish(NSS_STATUS_UNAVAIL, saved_errno, errnop);
	if (index_lookup_name(v, name, protocol, &e) == 0)
		status = fill_servent(&e, result, buffer, buflen);
	index_release();
	return finish(status, saved_errno, errnop);
}

enum nss_status _nss_iana_getservbyport_r(int port, const char *protocol, struct servent *result,
					  char *buffer, size_t buflen, int *errnop)
{
	int saved_errno = errno;
	enum nss_status status = NSS_STATUS_NOTFOUND;
	const struct index_view *v;
	struct index_entry e;

	/* The port comes in network byte order; nothing outside 16 bits can match, as with files. */
	if (port < 0 || port > 0xffff || !result || !buffer || !errnop)
		return NSS_STATUS_NOTFOUND;
	v = index_acquire();
	if (!v)
		return finish(NSS_STATUS_UNAVAIL, saved_errno, errnop);
	if (index_lookup_port(v, ntohs((uint16_t)port), protocol, &e) == 0)
		status = fill_servent(&e, result, buffer, buflen);
	index_release();
	return finish(status, saved_errno, errnop);
}

/* Under cursor_lock: the enumeration lets go of its index, unmapping it if a reload has retired it. */
static void end_enumeration(void)
{
	cursor = 0;
	if (mapping_read_lock() < 0)
		return;
	if (enumerated.addr != mapping.current.addr)
		unmap(&enumerated);
	enumerated = (struct mapped_index){ 0 };
	pthread_rwlock_unlock(&mapping_lock);
}

enum nss_status _nss_iana_setservent(int stayopen)
{
	pthread_mutex_lock(&cursor_lock);
	end_enumeration();
	pthread_mutex_unlock(&cursor_lock);
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_iana_endservent(void)
{
	return _nss_iana_setservent(0);
}

/* The next entry of the enumerated index into result. Under cursor_lock, the mapping read-locked.
 * A short buffer leaves the cursor where it is, so glibc's retry gets the same entry. */
static enum nss_status next_entry(struct servent *result, char *buffer, size_t buflen)
{
	enum nss_status status = NSS_STATUS_NOTFOUND;
	struct index_entry e;

	if (!enumerated.addr) {
		if (!mapping.current.view.base)
			return NSS_STATUS_UNAVAIL;
		enumerated = mapping.current;
	}
	while (cursor < index_entry_count(&enumerated.view)) {
		/* A bad entry is skipped, as one that is not there. */
		status = index_entry_at(&enumerated.view, cursor, &e) < 0 ? NSS_STATUS_NOTFOUND
									 : fill_servent(&e, result, buffer, buflen);
		if (status == NSS_STATUS_TRYAGAIN)
			break;
		cursor++;
		if (status == NSS_STATUS_SUCCESS)
			break;
	}
	return status;
}

enum nss_status _nss_iana_getservent_r(struct servent *result, char *buffer, size_t buflen, int *errnop)
{
	int saved_errno = errno;
	enum nss_status status = NSS_STATUS_UNAVAIL;

	if (!result || !buffer || !errnop)
		return NSS_STATUS_NOTFOUND;
	pthread_mutex_lock(&cursor_lock);
	if (mapping_read_lock() == 0) {
		status = next_entry(result, buffer, buflen);
		pthread_rwlock_unlock(&mapping_lock);
	}
	pthread_mutex_unlock(&cursor_lock);
	return finish(status, saved_errno, errnop);
}

/* A child must not inherit a lock some other thread of the parent held at fork(). */
static void before_fork(void)
{
	pthread_rwlock_wrlock(&mapping_lock);
	pthread_mutex_lock(&cursor_lock);
}

static void after_fork_in_parent(void)
{
	pthread_mutex_unlock(&cursor_lock);
	pthread_rwlock_unlock(&mapping_lock);
}

/* The child's only thread is not the one glibc recorded as the writer: the locks start afresh. */
static void after_fork_in_child(void)
{
	pthread_rwlockattr_t attr;

	pthread_mutex_init(&cursor_lock, NULL);
	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&mapping_lock, &attr);
	pthread_rwlockattr_destroy(&attr);
}

__attribute__((constructor)) static void register_fork_handlers(void)
{
	pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
}
