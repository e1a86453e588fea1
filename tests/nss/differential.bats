#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/differential.bats: glibc answers the same through "iana" on the index as through "files" on
# the canonical file, for every question the file can answer, a few misses, and the whole enumeration.

load ../helpers

setup_file() {
	setup_module_tests
}

setup() {
	need_private_mounts
}

# Every name and alias with its protocol and with none, every port the same way, and misses.
questions() {
	entries "$1" | sed 's/ *#.*//' | awk '{
		split($2, pp, "/")
		for (i = 1; i <= NF; i++) if (i != 2) { print "name", $i, pp[2]; print "name", $i }
		print "port", pp[1], pp[2]; print "port", pp[1] }' | sort -u
	printf '%s\n' 'name no-such-service tcp' 'name no-such-service' 'name imaps udp' 'name imaps ddp' \
		'name imaps TCP' 'port 5993 udp' 'port 0' 'port 65535' 'port 80 ddp' 'name  tcp'
}

@test "every lookup answers the same through iana and files" {
	questions "$SERVICES" > "$BATS_TEST_TMPDIR/questions"
	count=$(wc -l < "$BATS_TEST_TMPDIR/questions")
	echo "questions: $count"
	[ "$count" -gt 30000 ]
	in_namespace "$SERVICES" files "$SERVQUERY" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/files"
	in_iana "$SERVQUERY" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/iana"
	expect_equal "$(wc -l < "$BATS_TEST_TMPDIR/iana")" "$count"
	diff "$BATS_TEST_TMPDIR/files" "$BATS_TEST_TMPDIR/iana"
	# The misses were asked and missed by both.
	[ "$(grep -c ': not found$' "$BATS_TEST_TMPDIR/iana")" -ge 8 ]
}

@test "the whole enumeration is the same through iana and files" {
	in_namespace "$SERVICES" files "$SERVQUERY" enum > "$BATS_TEST_TMPDIR/files"
	in_iana "$SERVQUERY" enum > "$BATS_TEST_TMPDIR/iana"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/files")" -eq "$(entries "$SERVICES" | wc -l)" ]
	diff "$BATS_TEST_TMPDIR/files" "$BATS_TEST_TMPDIR/iana"
}

@test "getent's enumeration is the same through iana and files" {
	run in_namespace "$SERVICES" files getent services
	files=$output
	run in_iana getent services
	expect_equal "$output" "$files"
}
