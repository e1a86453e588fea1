#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/netbase-compat.bats: every name and port Debian netbase's /etc/services answers, with a protocol
# and without one, the generated file (through files) and index (through the module) answer the same.

load ../helpers

setup_file() {
	setup_module_tests
	export NETBASE
	NETBASE=$(fixture netbase/services)
	# The tests skip where glibc cannot be given the file (setup).
	private_mounts true 2> /dev/null || return 0
	# Every name and alias, and every port, with its protocol and without one.
	entries "$NETBASE" | sed 's/#.*//' | awk 'NF >= 2 { split($2, pp, "/")
		for (i = 1; i <= NF; i++) if (i != 2) { print "name", $i, pp[2]; print "name", $i }
		print "port", pp[1], pp[2]; print "port", pp[1] }' | sort -u > "$BATS_FILE_TMPDIR/questions"
	in_namespace "$NETBASE" files "$SERVQUERY" < "$BATS_FILE_TMPDIR/questions" > "$BATS_FILE_TMPDIR/answers"
	summarise < "$BATS_FILE_TMPDIR/answers" > "$BATS_FILE_TMPDIR/before"
}

# A name's answer is its port and protocol (its port alone when asked without one), a port's is its official
# name.
summarise() {
	awk -F': ' '{ split($2, a, " "); if ($1 ~ / \*$/) sub("/.*", "", a[2]); print $1 ": " ($1 ~ /^name/ ? a[2] : a[1]) }'
}

@test "netbase's file is read: hundreds of names and ports, each answered" {
	need_private_mounts
	expect_equal "$(grep -c '^name [^ ]* [^ ]*$' "$BATS_FILE_TMPDIR/questions")" 403
	expect_equal "$(grep -c '^port [^ ]* [^ ]*$' "$BATS_FILE_TMPDIR/questions")" 318
	# Without a protocol: 602 questions.
	expect_equal "$(grep -c '^[a-z]* [^ ]*$' "$BATS_FILE_TMPDIR/questions")" 602
	expect_equal "$(wc -l < "$BATS_FILE_TMPDIR/before")" "$(wc -l < "$BATS_FILE_TMPDIR/questions")"
	run grep -c 'not found' "$BATS_FILE_TMPDIR/before"
	expect_equal "$output" 0
}

@test "through files on the canonical file: every name on the same port, every port the same official name" {
	need_private_mounts
	in_namespace "$SERVICES" files "$SERVQUERY" < "$BATS_FILE_TMPDIR/questions" | summarise > "$BATS_TEST_TMPDIR/after"
	run diff "$BATS_FILE_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
	expect_equal "$output" ""
}

@test "through the module on the index: every name on the same port, every port the same official name" {
	need_private_mounts
	in_iana "$SERVQUERY" < "$BATS_FILE_TMPDIR/questions" |
		summarise > "$BATS_TEST_TMPDIR/after"
	run diff "$BATS_FILE_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
	expect_equal "$output" ""
}

@test "--diff on netbase's file reports nothing lost, moved or renamed, and dicom/tcp read otherwise by Go, inherited" {
	run "$GEN" --registry "$REGISTRY" --diff "$NETBASE"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Summary: 0 names lost, 0 moved, 0 ports renamed, "* ]]
	[[ "$output" == *"Without a protocol: 0 names moved or lost, 0 ports renamed. Read as Go reads it: 0 names moved or lost, 1 answered with another port than glibc's (1 inherited)."* ]]
	[[ "$output" == *$'Read as Go reads it, names answered with another port than glibc\'s:\n  dicom/tcp: glibc 104, Go 11112 (inherited: the same there)\nSummary'* ]]
}

@test "without the built-in overlay, names are lost" {
	run "$GEN" --registry "$REGISTRY" --no-default-overlay --diff "$NETBASE"
	[ "$status" -eq 1 ]
	[[ "$output" == *"  mail/tcp (was port 25)"* ]]
	[[ "$output" == *"  icp/udp: port 1112, not 3130"* ]]
	[[ "$output" == *"  43/tcp: nicname, not whois"* ]]
}
