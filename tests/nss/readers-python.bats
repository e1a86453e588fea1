#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/readers-python.bats: Python's socket.getservbyname and getservbyport through the module answer as
# glibc does through files on the canonical file.

load ../helpers
load readers

setup_file() {
	setup_module_tests
}

@test "Python through the module answers netbase's names and ports, and a sample of the file's, as files does" {
	need_private_mounts
	entries "$SERVICES" | awk 'NR % 50 == 1' > "$BATS_TEST_TMPDIR/sample"
	{ questions "$(fixture netbase/services)"; questions "$BATS_TEST_TMPDIR/sample"; } | sort -u > "$BATS_TEST_TMPDIR/questions"
	count=$(wc -l < "$BATS_TEST_TMPDIR/questions")
	in_iana "$PYTHON" "$TEST_TOOLS/readers.py" python < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/python"
	# Python gives no protocol.
	ask_glibc "$SERVICES" < "$BATS_TEST_TMPDIR/questions" | sed 's,/[^/ ]*$,,' > "$BATS_TEST_TMPDIR/files"
	answered=$(grep -vc 'not found' "$BATS_TEST_TMPDIR/python")
	echo "questions: $count, answered: $answered"
	[ "$count" -gt 2000 ]
	[ "$answered" -gt 2000 ]
	expect_equal "$(wc -l < "$BATS_TEST_TMPDIR/python")" "$count"
	diff "$BATS_TEST_TMPDIR/files" "$BATS_TEST_TMPDIR/python"
}
