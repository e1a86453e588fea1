/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* nss-iana.c: glibc's services and protocols lookups answered from the read-only mapped nss-iana index. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <nss.h>
#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "index-reader.h"

/* How often the index path is stat()ed for a replacement: a new index is seen within a second.
 * (A test builds a copy of the module that looks every millisecond, to reload a thousand times.) */
#ifndef RECHECK_INTERVAL_NS
#define RECHECK_INTERVAL_NS 500000000LL
#endif

NSS_DECLARE_MODULE_FUNCTIONS(iana);

/* An index this process has mapped, and the file of the places it came from. */
struct mapped_index {
	struct index_view view; /* view.base is NULL when there is no usable index */
	void *addr;
	size_t size;
	int place; /* of the file in index_places, or their count when none is there */
	struct stat file;
};

/* Where the index is looked for: the first of these files that is there is the index, usable or not. */
struct places {
	const char *path[2];
	int count;
};

/*
 * Lookups take no lock. The indexes sit in a few slots: a lookup counts itself among the current slot's
 * readers, then checks that it is still current. A reload, one at a time under reload_lock, fills a free
 * slot, makes it current, waits for the old slot's readers to leave, and unmaps it. An enumeration of
 * either database keeps the slot it began on: no reload refills or unmaps it.
 */
struct slot {
	struct mapped_index index;
	/* Read and written atomically, by every lookup: on a cache line of its own, away from the index's. */
	alignas(64) unsigned readers;
};

#define SLOTS 4 /* the current index, one per database that an enumeration still walks, the next one */

static struct slot slots[SLOTS];
static struct slot *current_slot; /* read and written atomically; NULL before the first load */
static int64_t next_check_ns; /* 0 before the process's first lookup */
static pthread_mutex_t reload_lock = PTHREAD_MUTEX_INITIALIZER;

/* The databases the module answers: a question's kind says which it asks. */
enum database { SERVICES, PROTOCOLS, DATABASES };
static const struct index_database *const sections[DATABASES] = { &index_services, &index_protocols };

/* A getservent_r or getprotoent_r sequence. Its slot is changed under its lock and reload_lock both. */
struct enumeration {
	pthread_mutex_t lock;
	struct slot *slot;
	uint32_t cursor; /* the entry it gives next */
};

static struct enumeration enumerations[DATABASES] = {
	[SERVICES] = { .lock = PTHREAD_MUTEX_INITIALIZER },
	[PROTOCOLS] = { .lock = PTHREAD_MUTEX_INITIALIZER },
};

static int64_t monotonic_ns(void)
{
	struct timespec ts;

	/* The coarse clock is read in the vDSO: no system call on the lookup path. */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The state index this machine generated, where it has local additions or newer registries, then the
 * vendor's, which the package ships; NSS_IANA_INDEX instead of both, where the environment may set it. */
static struct places index_places(void)
{
	const char *path = secure_getenv("NSS_IANA_INDEX");

	if (path && *path)
		return (struct places){ { path }, 1 };
	return (struct places){ { STATE_INDEX_PATH, VENDOR_INDEX_PATH }, 2 };
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

/* The first of the places whose file is there, opened, its number in *place; -1 when it cannot be opened,
 * and *place the count when none is there. */
static int open_first(const struct places *p, int *place)
{
	int fd = -1;

	for (*place = 0; *place < p->count; ++*place) {
		fd = open_read_only(p->path[*place], 0);
		if (fd >= 0 || errno != ENOENT)
			break;
	}
	return fd;
}

static bool usable_size(off_t size)
{
	return size >= INDEX_HEADER_SIZE && size <= INDEX_MAX_SIZE;
}

/* The index in addr's size bytes made m's when its checksum is the one given; else unmapped. */
static void keep_index(struct mapped_index *m, void *addr, size_t size, uint64_t checksum)
{
	if (index_view_open(&m->view, addr, size) < 0 ||
	    index_le64((const unsigned char *)addr + INDEX_OFF_CHECKSUM) != checksum) {
		m->view = (struct index_view){ 0 };
		munmap(addr, size);
		return;
	}
	m->addr = addr;
	m->size = size;
}

/* A whole index at the path is read into memory of this process's own: whatever is then done to the
 * file cannot reach it. Its checksum is checked, as the copy costs as much anyway. */
static void copy_whole_index(struct mapped_index *m, int fd)
{
	size_t size = (size_t)m->file.st_size;
	void *addr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (addr == MAP_FAILED)
		return;
	if (index_read(fd, addr, size, 0) != size) {
		munmap(addr, size);
		return;
	}
	keep_index(m, addr, size, index_checksum(addr, size));
}

/* dir_of's directory and name, into out (PATH_MAX bytes): 0, or -1 when it does not fit. */
static int join_path(char *out, const char *dir_of, const char *name)
{
	const char *slash = strrchr(dir_of, '/');
	size_t dir_len = slash ? (size_t)(slash - dir_of) + 1 : 0;
	int len;

	if (dir_len >= PATH_MAX)
		return -1;
	len = snprintf(out, PATH_MAX, "%.*s%s", (int)dir_len, dir_of, name);
	return len >= 0 && len < PATH_MAX ? 0 : -1;
}

/* The data file a link names, beside the link, opened: it must be the size the link says. Its
 * descriptor, or -1, with errno ENOENT when it is not there. */
static int open_linked_data(const char *path, const struct index_link *link)
{
	char data_path[PATH_MAX];
	struct stat st;
	int fd;

	if (join_path(data_path, path, link->name) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open_read_only(data_path, O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size != (off_t)link->data_size ||
	    !usable_size(st.st_size)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* The data file a link names, mapped: it is never rewritten, so it is mapped as it is, checked in time
 * that does not grow with it. -1 when it is not there, 0 otherwise. */
static int map_linked_data(struct mapped_index *m, const char *path, const struct index_link *link)
{
	int fd = open_linked_data(path, link);
	void *addr;

	if (fd < 0)
		return errno == ENOENT ? -1 : 0;
	addr = mmap(NULL, link->data_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (addr != MAP_FAILED)
		keep_index(m, addr, link->data_size, link->data_checksum);
	return 0;
}

/* Whether fd, a regular file of size bytes, is a link, read into link. */
static bool read_link(int fd, off_t size, struct index_link *link)
{
	unsigned char start[INDEX_LINK_MAX_SIZE];
	size_t got = index_read(fd, start, size < (off_t)sizeof(start) ? (size_t)size : sizeof(start), 0);

	return index_link_parse(link, start, got) == 0 && (off_t)got == size;
}

/* The first file of the places, a link or a whole index, made usable in m; m->file becomes what was
 * opened. -1 when a link names data that is gone: a newer link has replaced it, and a new try finds that. */
static int open_index(struct mapped_index *m, const struct places *p)
{
	struct index_link link;
	int fd = open_first(p, &m->place), ret = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &m->file) == 0 && S_ISREG(m->file.st_mode)) {
		if (read_link(fd, m->file.st_size, &link))
			ret = map_linked_data(m, p->path[m->place], &link);
		else if (usable_size(m->file.st_size))
			copy_whole_index(m, fd);
	}
	close(fd);
	return ret;
}

static void empty_slot(struct slot *s)
{
	if (s->index.addr)
		munmap(s->index.addr, s->index.size);
	s->index = (struct mapped_index){ 0 };
}

/* Readers that came to a slot after it stopped being current leave it without reading it. */
static void wait_for_readers(struct slot *s)
{
	while (__atomic_load_n(&s->readers, __ATOMIC_SEQ_CST) != 0)
		sched_yield();
}

/* Under reload_lock. */
static bool enumerated(const struct slot *s)
{
	return s == enumerations[SERVICES].slot || s == enumerations[PROTOCOLS].slot;
}

/* A slot neither current nor enumerated: an empty one. */
static struct slot *free_slot(const struct slot *current)
{
	struct slot *s = slots;

	while (s == current || enumerated(s))
		s++;
	wait_for_readers(s);
	return s;
}

/* Whether the places still hold what m came from: no file has appeared before its place, and its
 * file is the same. */
static bool unchanged(const struct places *p, const struct mapped_index *m)
{
	struct stat st;

	for (int place = 0; place < p->count; place++) {
		bool present = stat(p->path[place], &st) == 0;

		if (place == m->place)
			return present && same_file(&st, &m->file);
		if (present)
			return false;
	}
	return true;
}

/* Under reload_lock. */
static void reload_locked(int64_t now)
{
	const struct places places = index_places();
	struct slot *old = current_slot, *next;

	__atomic_store_n(&next_check_ns, now + RECHECK_INTERVAL_NS, __ATOMIC_RELAXED);
	if (old && unchanged(&places, &old->index))
		return;
	next = free_slot(old);
	for (int tries = 0; tries < 3 && open_index(&next->index, &places) < 0; tries++)
		empty_slot(next);
	__atomic_store_n(&current_slot, next, __ATOMIC_SEQ_CST);
	if (!old)
		return;
	wait_for_readers(old);
	/* An enumeration still walking the old index empties its slot when it ends. */
	if (!enumerated(old))
		empty_slot(old);
}

/* The first lookup waits for the index; later ones go on with the current one while another thread
 * reloads. */
static __attribute__((noinline)) void reload(int64_t now)
{
	bool first = __atomic_load_n(&current_slot, __ATOMIC_ACQUIRE) == NULL;
	/* The only system calls a lookup makes are a reload's: the caller's errno is left as it was. */
	int saved_errno = errno;

	if ((first ? pthread_mutex_lock(&reload_lock) : pthread_mutex_trylock(&reload_lock)) == 0) {
		if (now >= __atomic_load_n(&next_check_ns, __ATOMIC_RELAXED))
			reload_locked(now);
		pthread_mutex_unlock(&reload_lock);
	}
	errno = saved_errno;
}

/* A lookup that finds no index yet while another thread makes the first load, which has already moved
 * the next check on, waits for that load rather than answer UNAVAIL. False when there is still none. */
static __attribute__((noinline)) bool wait_for_first_load(void)
{
	int saved_errno = errno;

	pthread_mutex_lock(&reload_lock);
	if (!__atomic_load_n(&current_slot, __ATOMIC_ACQUIRE))
		reload_locked(monotonic_ns());
	pthread_mutex_unlock(&reload_lock);
	errno = saved_errno;
	return __atomic_load_n(&current_slot, __ATOMIC_ACQUIRE) != NULL;
}

/* Whether a lookup is due to see whether the index path has changed, at most twice a second; and the
 * process's first lookup is. */
static inline bool due(int64_t now)
{
	return now >= __atomic_load_n(&next_check_ns, __ATOMIC_RELAXED);
}

/* The current index, its slot counted as read, or NULL when there is none usable. */
static inline __attribute__((always_inline)) const struct index_view *index_acquire(struct slot **slot)
{
	for (;;) {
		struct slot *s = __atomic_load_n(&current_slot, __ATOMIC_SEQ_CST);

		if (!s) {
			if (!wait_for_first_load())
				return NULL;
			continue;
		}
		__atomic_fetch_add(&s->readers, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&current_slot, __ATOMIC_SEQ_CST) == s) {
			*slot = s;
			if (s->index.view.base)
				return &s->index.view;
			__atomic_fetch_sub(&s->readers, 1, __ATOMIC_RELEASE);
			return NULL;
		}
		__atomic_fetch_sub(&s->readers, 1, __ATOMIC_RELEASE);
	}
}

static void index_release(struct slot *slot)
{
	__atomic_fetch_sub(&slot->readers, 1, __ATOMIC_RELEASE);
}

/* Names are a few bytes: they are copied a word at a time, the last word overlapping the one before,
 * where a call to memcpy would cost more than the copy. */
static inline void copy_bytes(char *dst, const char *src, size_t len)
{
	if (len >= 8) {
		for (size_t i = 0; i + 8 < len; i += 8)
			memcpy(dst + i, src + i, 8);
		memcpy(dst + len - 8, src + len - 8, 8);
	} else if (len >= 4) {
		memcpy(dst, src, 4);
		memcpy(dst + len - 4, src + len - 4, 4);
	} else if (len >= 2) {
		memcpy(dst, src, 2);
		memcpy(dst + len - 2, src + len - 2, 2);
	} else if (len) {
		dst[0] = src[0];
	}
}

/* The index holds a record's names one after the other, so they are sized and copied in one piece, and
 * told apart in the copy; a service's protocol name follows them. Sized first, so that a short buffer is
 * TRYAGAIN before anything is written; a record whose names are not what it says is a bad entry,
 * NOTFOUND. Inline in its callers: a call and its frame would cost more than the copy. */
static inline __attribute__((always_inline)) enum nss_status
fill_names(const struct index_record *r, char *buffer, size_t buflen, char ***names_out)
{
	size_t pad = (alignof(char *) - (uintptr_t)buffer % alignof(char *)) % alignof(char *);
	size_t pointers = ((size_t)r->name_count + 1) * sizeof(char *);
	char **names = (char **)(void *)(buffer + pad), *copy;

	/* The names lie in an index of at most INDEX_MAX_SIZE bytes: the sum cannot wrap. */
	if (buflen < pad + pointers + r->names_len + r->protocol_size)
		return NSS_STATUS_TRYAGAIN;
	copy = (char *)(names + r->name_count + 1);
	copy_bytes(copy, r->names, r->names_len);
	if (index_split_names(copy, r->names_len, r->name_count, (const char **)names) < 0)
		return NSS_STATUS_NOTFOUND;
	names[r->name_count] = NULL;
	copy_bytes(copy + r->names_len, r->protocol_name, r->protocol_size);
	*names_out = names;
	return NSS_STATUS_SUCCESS;
}

/* A record into a servent or a protoent: the databases differ only in the fields after the names, a
 * service's port and protocol name (copied after its names), a protocol's number. */
static inline __attribute__((always_inline)) enum nss_status
fill_entry(enum database db, const struct index_record *r, void *result, char *buffer, size_t buflen)
{
	char **names;
	enum nss_status status = fill_names(r, buffer, buflen, &names);

	if (status != NSS_STATUS_SUCCESS)
		return status;
	if (db == SERVICES) {
		struct servent *s = result;

		s->s_name = names[0];
		s->s_aliases = names + 1;
		s->s_proto = names[0] + r->names_len; /* the names' copy starts at the official name */
		s->s_port = (int)htons(r->port);
	} else {
		struct protoent *p = result;

		p->p_name = names[0];
		p->p_aliases = names + 1;
		p->p_proto = r->port;
	}
	return NSS_STATUS_SUCCESS;
}

static inline enum database database_of(enum index_ask kind)
{
	return kind == INDEX_ASK_NAME || kind == INDEX_ASK_PORT ? SERVICES : PROTOCOLS;
}

/* The question read from the data file the link of the places names, into f: 0, -1 or INDEX_UNREAD,
 * as index_file_lookup says. */
static int read_answer(const struct places *p, struct index_file *f, const struct index_request *q,
		       struct index_record *r)
{
	struct index_link link;
	struct stat st;
	int place, fd = open_first(p, &place), data = -1, found = INDEX_UNREAD;

	if (fd < 0)
		return INDEX_UNREAD;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read_link(fd, st.st_size, &link))
		data = open_linked_data(p->path[place], &link);
	close(fd);
	if (data < 0)
		return INDEX_UNREAD;
	if (index_file_open(f, data, link.data_size) == 0 &&
	    index_le64(f->head + INDEX_OFF_CHECKSUM) == link.data_checksum)
		found = index_file_lookup(f, q, r);
	close(data);
	return found;
}

/* What due_lookup answers when the lookup goes on with the mapped index: no lookup answers it. */
#define GO_ON NSS_STATUS_RETURN

/*
 * A process's first lookup reads its answer from the data file with pread and maps nothing; the next
 * lookup maps the index. A process that asks one question, as getent does, then makes no page tables
 * for a mapping and tears none down, and its cost does not grow with the index. GO_ON when the lookup
 * is left to the mapped index: another thread's came first, the index is whole at the path, or this
 * reader could not read it.
 */
static enum nss_status first_lookup(const struct index_request *q, void *result, char *buffer, size_t buflen)
{
	int64_t none = 0;
	int saved_errno, found;
	struct index_file f;
	struct index_record r;
	struct places places;

	if (!__atomic_compare_exchange_n(&next_check_ns, &none, 1, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		return GO_ON;
	saved_errno = errno;
	places = index_places();
	found = read_answer(&places, &f, q, &r);
	errno = saved_errno;
	if (found == INDEX_UNREAD)
		return GO_ON;
	if (found < 0)
		return NSS_STATUS_NOTFOUND;
	return fill_entry(database_of(q->kind), &r, result, buffer, buflen);
}

/* A lookup that finds a check due: the process's first, answered from the file, or else GO_ON after a
 * reload of the index if its path has changed. Cold, and given the question in parts rather than in a
 * structure of the caller's: the compiler then leaves the lookup's fast path its registers. */
static __attribute__((noinline, cold)) enum nss_status due_lookup(int64_t now, enum index_ask kind, const char *name,
							    const char *protocol, uint16_t number, void *result,
							    char *buffer, size_t buflen)
{
	struct index_request q = { .kind = kind, .name = name, .protocol = protocol, .number = number };
	enum nss_status status = first_lookup(&q, result, buffer, buflen);

	if (status == GO_ON)
		reload(now);
	return status;
}

/* A short buffer is ERANGE, which glibc retries with a larger one; errno is left alone otherwise. */
static enum nss_status finish(enum nss_status status, int *errnop)
{
	if (status == NSS_STATUS_TRYAGAIN)
		*errnop = ERANGE;
	return status;
}

/*
 * Every entry point's lookup, inlined into each with the question's kind a constant, so that it costs
 * what a lookup written out for that kind would. asked says whether the question's key can match at
 * all; it and the pointers glibc passes are the arguments' checks. errno is saved only around a due
 * check's system calls, the only ones a lookup makes.
 */
static inline __attribute__((always_inline)) enum nss_status
lookup(bool asked, struct index_request q, void *result, char *buffer, size_t buflen, int *errnop)
{
	struct slot *slot;
	enum nss_status status;
	const struct index_view *v;
	struct index_record r;
	int64_t now;

	if (!asked || !result || !buffer || !errnop)
		return NSS_STATUS_NOTFOUND;
	now = monotonic_ns();
	if (due(now)) {
		status = due_lookup(now, q.kind, q.name, q.protocol, q.number, result, buffer, buflen);
		if (status != GO_ON)
			return finish(status, errnop);
	}
	v = index_acquire(&slot);
	if (!v)
		return finish(NSS_STATUS_UNAVAIL, errnop);
	status = index_lookup(v, &q, &r) == 0 ? fill_entry(database_of(q.kind), &r, result, buffer, buflen) :
					      NSS_STATUS_NOTFOUND;
	index_release(slot);
	return finish(status, errnop);
}

enum nss_status _nss_iana_getservbyname_r(const char *name, const char *protocol, struct servent *result,
					  char *buffer, size_t buflen, int *errnop)
{
	struct index_request q = { .kind = INDEX_ASK_NAME, .name = name, .protocol = protocol };

	return lookup(name != NULL, q, result, buffer, buflen, errnop);
}

/* The port comes in network byte order; nothing outside 16 bits can match, as with files. */
enum nss_status _nss_iana_getservbyport_r(int port, const char *protocol, struct servent *result,
					  char *buffer, size_t buflen, int *errnop)
{
	struct index_request q = { .kind = INDEX_ASK_PORT, .protocol = protocol, .number = ntohs((uint16_t)port) };

	return lookup(port >= 0 && port <= UINT16_MAX, q, result, buffer, buflen, errnop);
}

enum nss_status _nss_iana_getprotobyname_r(const char *name, struct protoent *result, char *buffer, size_t buflen,
					   int *errnop)
{
	struct index_request q = { .kind = INDEX_ASK_PROTOCOL_NAME, .name = name };

	return lookup(name != NULL, q, result, buffer, buflen, errnop);
}

enum nss_status _nss_iana_getprotobynumber_r(int number, struct protoent *result, char *buffer, size_t buflen,
					     int *errnop)
{
	struct index_request q = { .kind = INDEX_ASK_PROTOCOL_NUMBER, .number = (uint16_t)number };

	return lookup(number >= 0 && number <= UINT16_MAX, q, result, buffer, buflen, errnop);
}

/* Under its lock: the database's enumeration lets go of its index, emptying its slot if a reload has
 * retired it and the other database's enumeration does not walk it. */
static void end_enumeration(enum database db)
{
	struct enumeration *e = &enumerations[db];
	const struct enumeration *other = &enumerations[db == SERVICES ? PROTOCOLS : SERVICES];

	e->cursor = 0;
	if (!e->slot)
		return;
	pthread_mutex_lock(&reload_lock);
	if (e->slot != current_slot && e->slot != other->slot)
		empty_slot(e->slot);
	e->slot = NULL;
	pthread_mutex_unlock(&reload_lock);
}

/* Under e->lock: the slot of the current index, kept for the enumeration, or NULL. */
static struct slot *begin_enumeration(struct enumeration *e)
{
	int64_t now = monotonic_ns();

	if (due(now))
		reload(now);
	pthread_mutex_lock(&reload_lock);
	if (current_slot && current_slot->index.view.base)
		e->slot = current_slot;
	pthread_mutex_unlock(&reload_lock);
	return e->slot;
}

/* setservent and endservent, setprotoent and endprotoent: the next getent starts again at the top. */
static enum nss_status rewind_enumeration(enum database db)
{
	pthread_mutex_lock(&enumerations[db].lock);
	end_enumeration(db);
	pthread_mutex_unlock(&enumerations[db].lock);
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_iana_setservent(int stayopen)
{
	return rewind_enumeration(SERVICES);
}

enum nss_status _nss_iana_endservent(void)
{
	return rewind_enumeration(SERVICES);
}

enum nss_status _nss_iana_setprotoent(int stayopen)
{
	return rewind_enumeration(PROTOCOLS);
}

enum nss_status _nss_iana_endprotoent(void)
{
	return rewind_enumeration(PROTOCOLS);
}

/* The next entry of the enumerated index into a servent or a protoent, under the enumeration's lock. A
 * bad entry is skipped, as one that is not there. A short buffer leaves the cursor where it is, so that
 * glibc's retry gets the same entry. */
static enum nss_status next_entry(enum database db, void *result, char *buffer, size_t buflen)
{
	struct enumeration *e = &enumerations[db];
	enum nss_status status = NSS_STATUS_NOTFOUND;
	const struct index_view *v;
	struct index_record r;

	if (!e->slot && !begin_enumeration(e))
		return NSS_STATUS_UNAVAIL;
	v = &e->slot->index.view;
	while (e->cursor < index_count(v, sections[db])) {
		status = index_record_of(v, sections[db], e->cursor, &r) < 0 ? NSS_STATUS_NOTFOUND :
									       fill_entry(db, &r, result, buffer, buflen);
		if (status == NSS_STATUS_TRYAGAIN)
			break;
		e->cursor++;
		if (status == NSS_STATUS_SUCCESS)
			break;
	}
	return status;
}

/* getservent_r and getprotoent_r. */
static enum nss_status get_entry(enum database db, void *result, char *buffer, size_t buflen, int *errnop)
{
	enum nss_status status;

	if (!result || !buffer || !errnop)
		return NSS_STATUS_NOTFOUND;
	pthread_mutex_lock(&enumerations[db].lock);
	status = next_entry(db, result, buffer, buflen);
	pthread_mutex_unlock(&enumerations[db].lock);
	return finish(status, errnop);
}

enum nss_status _nss_iana_getservent_r(struct servent *result, char *buffer, size_t buflen, int *errnop)
{
	return get_entry(SERVICES, result, buffer, buflen, errnop);
}

enum nss_status _nss_iana_getprotoent_r(struct protoent *result, char *buffer, size_t buflen, int *errnop)
{
	return get_entry(PROTOCOLS, result, buffer, buflen, errnop);
}

/* A child must not inherit a lock some other thread of the parent held at fork(), nor its readers. */
static void before_fork(void)
{
	pthread_mutex_lock(&enumerations[SERVICES].lock);
	pthread_mutex_lock(&enumerations[PROTOCOLS].lock);
	pthread_mutex_lock(&reload_lock);
}

static void after_fork_in_parent(void)
{
	pthread_mutex_unlock(&reload_lock);
	pthread_mutex_unlock(&enumerations[PROTOCOLS].lock);
	pthread_mutex_unlock(&enumerations[SERVICES].lock);
}

static void after_fork_in_child(void)
{
	reload_lock = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
	for (int db = 0; db < DATABASES; db++)
		enumerations[db].lock = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
	for (int s = 0; s < SLOTS; s++)
		slots[s].readers = 0;
}

__attribute__((constructor)) static void register_fork_handlers(void)
{
	pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
}
