#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/vendor-index.bats: with an empty state directory the module answers from the vendor index, and a state index that appears, changes or goes is seen.

load ../helpers

setup_file() {
	export AT_INDEX_PLACES=1
	setup_module_tests
}

setup() {
	need_private_mounts
}

@test "with an empty state directory, getent answers imaps, 5993/tcp and sctp from the vendor index" {
	run in_iana getent services imaps
	expect_equal "$output" "imaps                 993/tcp"
	run in_iana getent services 5993/tcp
	expect_equal "$output" "cim-rs                5993/tcp"
	run in_iana getent protocols sctp
	expect_equal "$output" "sctp                  132 SCTP"
}

@test "a process's first lookup and its later ones answer from the vendor index as files does from the vendor file" {
	printf '%s\n' 'name imaps tcp' 'port 5993 tcp' 'name IMAPS' 'port 993' 'name no-such-service' > "$BATS_TEST_TMPDIR/questions"
	in_namespace "$SERVICES" files "$SERVQUERY" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/files"
	in_iana "$SERVQUERY" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/iana"
	grep -qx 'name imaps tcp: imaps 993/tcp' "$BATS_TEST_TMPDIR/iana"
	grep -qx 'port 5993 tcp: cim-rs 5993/tcp' "$BATS_TEST_TMPDIR/iana"
	grep -qx 'name no-such-service \*: not found' "$BATS_TEST_TMPDIR/iana"
	# files matches names exactly; the module, as RFC 6335 says, in any case.
	grep -qx 'name IMAPS \*: not found' "$BATS_TEST_TMPDIR/files"
	grep -qx 'name IMAPS \*: imaps 993/tcp' "$BATS_TEST_TMPDIR/iana"
	diff <(grep -v IMAPS "$BATS_TEST_TMPDIR/files") <(grep -v IMAPS "$BATS_TEST_TMPDIR/iana")
}

@test "a state index that appears, changes and goes is seen by a running process within a second" {
	run in_iana "$PYTHON" "$TEST_TOOLS/state-index-watch" "$DEFAULT_INDEX_PATH" "$BATS_TEST_TMPDIR" \
		"$GEN" --registry "$REGISTRY" --protocol-registry "$PROTOCOL_REGISTRY"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(grep -c 'seen after' <<< "$output")" -eq 4 ]
}

@test "a state index that is there but damaged is no index: iana is unavailable, not the vendor's answers" {
	run in_iana sh -c 'echo damaged > "$1" && getent services imaps' sh "$DEFAULT_INDEX_PATH"
	[ "$status" -eq 2 ]
	expect_equal "$output" ""
	run in_iana sh -c 'getent services imaps'
	expect_equal "$output" "imaps                 993/tcp"
}
