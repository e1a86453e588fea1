#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/readers-emulated.bats: readers.py answers as real glibc, musl and Go do, on every fixture of
# tests/fixtures/readers and on the canonical file.

load ../helpers
load readers

setup_file() {
	setup_module_tests
}

setup() {
	need_private_mounts
}

# The emulation of READER and the real one, asked the same questions on each fixture, then on the canonical file.
same_as_real() {
	local reader=$1 file count
	for file in "$FIXTURES"/readers/*.services "$SERVICES"; do
		questions "$file" > "$BATS_TEST_TMPDIR/questions"
		readers "$reader" "$file" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/emulated"
		"ask_$reader" "$file" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/real"
		count=$(wc -l < "$BATS_TEST_TMPDIR/questions")
		echo "$reader, $(basename "$file"): $count questions, $(grep -vc ': not \(found\|asked\)$' "$BATS_TEST_TMPDIR/real") answered"
		expect_equal "$(wc -l < "$BATS_TEST_TMPDIR/real")" "$count"
		diff "$BATS_TEST_TMPDIR/emulated" "$BATS_TEST_TMPDIR/real"
	done
	[ "$count" -gt 30000 ]
}

@test "glibc: the emulation answers as servquery under files" {
	same_as_real glibc
}

@test "musl: the emulation answers as musl's getservbyname_r and getservbyport_r" {
	same_as_real musl
}

@test "Go: the emulation answers as Go's net.LookupPort" {
	same_as_real go
}
