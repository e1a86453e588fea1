/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-merge-strpool.c: gen/merge/strpool.c interns each string once, under an id that never changes. */
#include "check.h"
#include "strpool.h"

static uint32_t intern(struct strpool *pool, const char *s)
{
	return strpool_intern(pool, s, strlen(s));
}

/* The id s is interned under, or -1 if it is not. */
static long find(const struct strpool *pool, const char *s)
{
	uint32_t id;

	return strpool_find(pool, s, strlen(s), &id) ? (long)id : -1;
}

/* Ids count up from 0 in the order strings are first interned; interning one again gives its id. */
static void test_ids(void)
{
	struct strpool pool = { 0 };

	CHECK_INT(find(&pool, "tcp"), -1); /* an empty pool has no table yet */
	CHECK_INT(intern(&pool, "tcp"), 0);
	CHECK_INT(intern(&pool, "udp"), 1);
	CHECK_INT(intern(&pool, "tcp"), 0);
	CHECK_INT(intern(&pool, "TCP"), 2); /* the case counts */
	CHECK_INT(intern(&pool, ""), 3);
	CHECK_INT(pool.count, 4);
	CHECK_STR(strpool_get(&pool, 0), "tcp");
	CHECK_STR(strpool_get(&pool, 1), "udp");
	CHECK_STR(strpool_get(&pool, 2), "TCP");
	CHECK_STR(strpool_get(&pool, 3), "");
	strpool_free(&pool);
}

/* A string is its len bytes, not what follows them; it is kept with a NUL of its own. */
static void test_lengths(void)
{
	struct strpool pool = { 0 };
	const char buf[] = { 's', 'c', 't', 'p', 'x' }; /* no NUL */

	CHECK_INT(strpool_intern(&pool, buf, 4), 0);
	CHECK_STR(strpool_get(&pool, 0), "sctp");
	CHECK_INT(strpool_intern(&pool, "sctpx", 4), 0);
	CHECK_INT(strpool_intern(&pool, "sctpx", 5), 1);
	CHECK_INT(strpool_intern(&pool, "sctpx", 3), 2);
	CHECK_STR(strpool_get(&pool, 2), "sct");
	strpool_free(&pool);
}

static void test_find(void)
{
	struct strpool pool = { 0 };

	intern(&pool, "tcp");
	intern(&pool, "udp");
	CHECK_INT(find(&pool, "udp"), 1);
	CHECK_INT(find(&pool, "tcp"), 0);
	CHECK_INT(find(&pool, "sctp"), -1);
	CHECK_INT(find(&pool, "UDP"), -1);
	CHECK_INT(find(&pool, "ud"), -1);
	CHECK_INT(pool.count, 2); /* finding adds nothing */
	strpool_free(&pool);
}

#define MANY 20000 /* past several growths of the table (1024 slots at first) and of the 64 KiB blocks */

/* Many strings: each keeps its id and its stored copy, however the table and the blocks grew after it. */
static void test_many(void)
{
	struct strpool pool = { 0 };
	static const char *first_copy[MANY];
	char s[32];
	size_t wrong_ids = 0, wrong_copies = 0, wrong_finds = 0, moved = 0;

	for (uint32_t i = 0; i < MANY; i++) {
		snprintf(s, sizeof(s), "name-%u", i);
		if (intern(&pool, s) != i)
			wrong_ids++;
		first_copy[i] = strpool_get(&pool, i);
	}
	CHECK_INT(wrong_ids, 0);
	CHECK_INT(pool.count, MANY);
	for (uint32_t i = 0; i < MANY; i++) {
		snprintf(s, sizeof(s), "name-%u", i);
		if (intern(&pool, s) != i)
			wrong_ids++;
		if (find(&pool, s) != (long)i)
			wrong_finds++;
		if (strcmp(strpool_get(&pool, i), s) != 0)
			wrong_copies++;
		if (strpool_get(&pool, i) != first_copy[i])
			moved++;
	}
	CHECK_INT(wrong_ids, 0);
	CHECK_INT(wrong_finds, 0);
	CHECK_INT(wrong_copies, 0);
	CHECK_INT(moved, 0);
	CHECK_INT(pool.count, MANY);
	CHECK_INT(find(&pool, "name-20000"), -1);
	strpool_free(&pool);
}

/* A string longer than a block gets a block of its own; the strings before it stay where they were. */
static void test_long_string(void)
{
	struct strpool pool = { 0 };
	static char huge[70001];
	const char *tcp;

	memset(huge, 'x', sizeof(huge) - 1);
	tcp = strpool_get(&pool, intern(&pool, "tcp"));
	CHECK_INT(intern(&pool, huge), 1);
	CHECK_INT(strlen(strpool_get(&pool, 1)), 70000);
	CHECK_INT(find(&pool, huge), 1);
	CHECK_INT(intern(&pool, "udp"), 2);
	CHECK(strpool_get(&pool, 0) == tcp);
	CHECK_STR(strpool_get(&pool, 0), "tcp");
	CHECK_STR(strpool_get(&pool, 2), "udp");
	strpool_free(&pool);
}

/* A freed pool is empty, and can be used again from id 0. */
static void test_free(void)
{
	struct strpool pool = { 0 };

	intern(&pool, "tcp");
	intern(&pool, "udp");
	strpool_free(&pool);
	CHECK_INT(pool.count, 0);
	CHECK_INT(find(&pool, "tcp"), -1);
	CHECK_INT(intern(&pool, "udp"), 0);
	CHECK_STR(strpool_get(&pool, 0), "udp");
	strpool_free(&pool);
}

int main(void)
{
	test_ids();
	test_lengths();
	test_find();
	test_many();
	test_long_string();
	test_free();
	return check_done();
}
