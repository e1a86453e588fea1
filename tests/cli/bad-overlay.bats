#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/bad-overlay.bats: a bad overlay gets a message naming its line, exit 1, and nothing written.

load ../helpers

rejects() {
	printf 'previous\n' > "$BATS_TEST_TMPDIR/services"
	run "$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$(fixture registry/aliases.xml)" --overlay "$1" \
		--services "$BATS_TEST_TMPDIR/services" --index "$BATS_TEST_TMPDIR/services.idx"
	[ "$status" -eq 1 ]
	[[ "$output" == "iana-services-gen: $1: "* ]]
	[[ "$output" == *"$2"* ]]
	expect_equal "$(cat "$BATS_TEST_TMPDIR/services")" previous
	[ ! -e "$BATS_TEST_TMPDIR/services.idx" ]
	expect_equal "$(ls -A "$BATS_TEST_TMPDIR" | grep -v '^nsswitch' | tr '\n' ' ')" "services "
}

@test "a missing overlay" {
	rejects "$BATS_TEST_TMPDIR/none.services" "cannot open: No such file or directory"
}

@test "a port past 65535" {
	rejects "$(fixture bad-overlay/port-out-of-range.services)" "line 2: the port is not a number within 0-65535"
}

@test "a line without a port" {
	rejects "$(fixture bad-overlay/no-port.services)" "line 2: expected NAME PORT/PROTOCOL [ALIAS...]"
}

@test "a huge name" {
	rejects "$(fixture bad-overlay/huge-name.services)" "line 2: a name is not usable"
}

@test "a line longer than 4095 bytes" {
	rejects "$(fixture bad-overlay/long-line.services)" "line 2: a NUL byte, or longer than 4095 bytes"
}

@test "binary garbage" {
	rejects "$(fixture bad-overlay/binary.services)" "line 1: a NUL byte"
}

@test "a protocol with a control character" {
	rejects "$(fixture bad-overlay/bad-protocol.services)" "line 2: the protocol is not a word"
}

@test "a directory" {
	rejects "$BATS_TEST_TMPDIR" "not a regular file"
}

@test "an overlay that cannot be stat'ed, with the reason" {
	local overlay preload=$FAIL_FSTAT
	overlay=$(realpath "$(fixture overlay/first.services)")
	[ -z "${SANITIZER_PRELOAD:-}" ] || preload="$SANITIZER_PRELOAD $FAIL_FSTAT"
	LD_PRELOAD=$preload FAIL_FSTAT_PATH=$overlay rejects "$overlay" "cannot stat: Input/output error"
}
