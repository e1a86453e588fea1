#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/protocols-netbase.bats: every name Debian netbase's /etc/protocols answers gives the same number, and
# every number the same official name, through files on the generated file and through the module on the index.

load ../helpers

setup_file() {
	setup_module_tests
	export NETBASE_PROTOCOLS
	NETBASE_PROTOCOLS=$(fixture netbase/protocols)
	private_mounts true 2> /dev/null || return 0
	entries "$NETBASE_PROTOCOLS" | sed 's/#.*//' | awk 'NF >= 2 {
		for (i = 1; i <= NF; i++) if (i != 2) print "name", $i
		print "number", $2 }' | sort -u > "$BATS_FILE_TMPDIR/questions"
	in_protocols_files "$NETBASE_PROTOCOLS" "$PROTOQUERY" < "$BATS_FILE_TMPDIR/questions" | summarise \
		> "$BATS_FILE_TMPDIR/netbase"
}

setup() {
	need_private_mounts
}

# A name's answer is its number, a number's is its official name.
summarise() {
	awk -F': ' '{ split($2, a, " "); print $1 ": " ($1 ~ /^name/ ? a[2] : a[1]) }'
}

@test "netbase's file is read: every name and number answered" {
	[ "$(grep -c '^name ' "$BATS_FILE_TMPDIR/questions")" -gt 100 ]
	[ "$(grep -c '^number ' "$BATS_FILE_TMPDIR/questions")" -gt 50 ]
	expect_equal "$(wc -l < "$BATS_FILE_TMPDIR/netbase")" "$(wc -l < "$BATS_FILE_TMPDIR/questions")"
	run grep -c ': not$' "$BATS_FILE_TMPDIR/netbase"
	expect_equal "$output" 0
}

@test "through files on the generated protocols file, every netbase answer is kept" {
	in_protocols_files "$PROTOCOLS" "$PROTOQUERY" < "$BATS_FILE_TMPDIR/questions" | summarise > "$BATS_TEST_TMPDIR/files"
	diff "$BATS_FILE_TMPDIR/netbase" "$BATS_TEST_TMPDIR/files"
}

@test "through the module on the index, every netbase answer is kept" {
	in_iana "$PROTOQUERY" < "$BATS_FILE_TMPDIR/questions" | summarise > "$BATS_TEST_TMPDIR/iana"
	diff "$BATS_FILE_TMPDIR/netbase" "$BATS_TEST_TMPDIR/iana"
}
