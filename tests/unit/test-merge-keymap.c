/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-merge-keymap.c: gen/merge/keymap.c keeps the first value put for a key unless set, and name_key folds and cuts keys. */
#include "check.h"
#include "keymap.h"

/* The value key maps to, or -1 if it maps to none. */
static long get(const struct keymap *m, const char *key)
{
	uint32_t value;

	return keymap_get(m, key, &value) ? (long)value : -1;
}

static void test_put_first(void)
{
	struct keymap m = { 0 };

	CHECK_INT(get(&m, "http/tcp"), -1); /* an empty map */
	CHECK(keymap_put_first(&m, "http/tcp", 80));
	CHECK(!keymap_put_first(&m, "http/tcp", 8080));
	CHECK_INT(get(&m, "http/tcp"), 80);
	CHECK(keymap_put_first(&m, "HTTP/tcp", 81)); /* keys are exact: folding is name_key's */
	CHECK_INT(get(&m, "HTTP/tcp"), 81);
	CHECK_INT(get(&m, "http/tcp"), 80);
	CHECK_INT(get(&m, "http/udp"), -1);
	keymap_free(&m);
}

static void test_set(void)
{
	struct keymap m = { 0 };

	keymap_set(&m, "a", 1);
	CHECK_INT(get(&m, "a"), 1);
	keymap_set(&m, "a", 2);
	CHECK_INT(get(&m, "a"), 2);
	CHECK(!keymap_put_first(&m, "a", 3)); /* a key set is a key put */
	CHECK_INT(get(&m, "a"), 2);
	CHECK(keymap_put_first(&m, "b", 4));
	keymap_set(&m, "b", 5);
	CHECK_INT(get(&m, "b"), 5);
	CHECK_INT(get(&m, "a"), 2);
	keymap_free(&m);
	CHECK_INT(get(&m, "a"), -1);
	CHECK(keymap_put_first(&m, "a", 6)); /* a freed map is empty and usable */
	CHECK_INT(get(&m, "a"), 6);
	keymap_free(&m);
}

#define MANY 3000

/* Many keys, so that the values grow with the keys: each keeps its first value. */
static void test_many(void)
{
	struct keymap m = { 0 };
	char key[32];
	size_t not_new = 0, new_again = 0, wrong = 0;

	for (uint32_t i = 0; i < MANY; i++) {
		snprintf(key, sizeof(key), "name-%u/tcp", i);
		not_new += !keymap_put_first(&m, key, 7 * i);
	}
	for (uint32_t i = 0; i < MANY; i++) {
		snprintf(key, sizeof(key), "name-%u/tcp", i);
		new_again += keymap_put_first(&m, key, 1);
		wrong += get(&m, key) != (long)(7 * i);
	}
	CHECK_INT(not_new, 0);
	CHECK_INT(new_again, 0);
	CHECK_INT(wrong, 0);
	CHECK_INT(get(&m, "name-2999/tcp"), 20993);
	CHECK_INT(get(&m, "name-3000/tcp"), -1);
	keymap_free(&m);
}

static void test_name_key(void)
{
	char buf[NAME_KEY_MAX];

	CHECK_STR(name_key(buf, sizeof(buf), "Http", "tcp", true), "http/tcp");
	CHECK_STR(name_key(buf, sizeof(buf), "Http", "tcp", false), "Http/tcp");
	CHECK_STR(name_key(buf, sizeof(buf), "WWW-HTTP", "", true), "www-http/");
	CHECK_STR(name_key(buf, sizeof(buf), "ab", "TCP", true), "ab/TCP"); /* the protocol is not folded */
	CHECK_STR(name_key(buf, sizeof(buf), "\xc4Z", "ddp", true), "\xc4z/ddp"); /* ASCII only */
	CHECK(name_key(buf, sizeof(buf), "x", "tcp", true) == buf);
}

/* Cut short at len - 1 bytes, as snprintf would: in the protocol, before the slash, in the name. */
static void test_name_key_truncation(void)
{
	char buf[NAME_KEY_MAX], small[8], name[400];

	CHECK_STR(name_key(small, 7, "ab", "tcp", true), "ab/tcp");
	CHECK_STR(name_key(small, 6, "ab", "tcp", true), "ab/tc");
	CHECK_STR(name_key(small, 4, "ab", "tcp", true), "ab/");
	CHECK_STR(name_key(small, 3, "ab", "tcp", true), "ab");
	CHECK_STR(name_key(small, 6, "ABCDEFG", "tcp", true), "abcde");
	CHECK_STR(name_key(small, 1, "ab", "tcp", true), "");
	memset(small, '#', sizeof(small));
	name_key(small, 0, "ab", "tcp", true); /* no room even for the NUL: nothing written */
	CHECK_INT(small[0], '#');
	memset(name, 'N', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	name_key(buf, sizeof(buf), name, "tcp", true);
	CHECK_INT(strlen(buf), NAME_KEY_MAX - 1);
	CHECK_INT(strspn(buf, "n"), NAME_KEY_MAX - 1);
}

int main(void)
{
	test_put_first();
	test_set();
	test_many();
	test_name_key();
	test_name_key_truncation();
	return check_done();
}
