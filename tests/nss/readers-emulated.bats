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

# The emulation EMULATED of READER and the real one, asked the same questions on each fixture, then on the
# canonical file.
same_as_real() {
	local reader=$1 emulated=${2:-$1} file count
	for file in "$FIXTURES"/readers/*.services "$SERVICES"; do
		questions "$file" > "$BATS_TEST_TMPDIR/questions"
		readers "$emulated" "$file" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/emulated"
		"ask_$reader" "$file" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/real"
		count=$(wc -l < "$BATS_TEST_TMPDIR/questions")
		echo "$emulated, $(basename "$file"): $count questions, $(grep -vc ': not \(found\|asked\)$' "$BATS_TEST_TMPDIR/real") answered"
		expect_equal "$(wc -l < "$BATS_TEST_TMPDIR/real")" "$count"
		diff "$BATS_TEST_TMPDIR/emulated" "$BATS_TEST_TMPDIR/real"
	done
	[ "$count" -gt 30000 ]
}

@test "glibc: the emulation of this glibc's way with a port answers as servquery under files" {
	local emulated
	emulated=$(glibc_reader)
	same_as_real glibc "$emulated"
}

@test "musl: the emulation answers as musl's getservbyname_r and getservbyport_r" {
	same_as_real musl
}

@test "Go: the emulation of this Go answers as Go's net.LookupPort" {
	local emulated
	emulated=$(go_reader)
	same_as_real go "$emulated"
}
