#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/bad-protocol-input.bats: a bad protocol registry or protocols overlay gets a message naming its
# file (and line), exit 1, and neither output written.

load ../helpers

# rejects MESSAGE OPTION...: the run fails with MESSAGE, the old protocols file stays, no index appears.
rejects() {
	local message=$1
	shift
	printf 'previous\n' > "$BATS_TEST_TMPDIR/protocols"
	run "$GEN" --registry "$(fixture registry/aliases.xml)" --protocol-registry "$PROTOCOL_REGISTRY" "$@" \
		--protocols "$BATS_TEST_TMPDIR/protocols" --index "$BATS_TEST_TMPDIR/services.idx"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$message"* ]]
	expect_equal "$(cat "$BATS_TEST_TMPDIR/protocols")" previous
	expect_equal "$(ls -A "$BATS_TEST_TMPDIR" | tr '\n' ' ')" "protocols "
}

@test "an overlay number past 65535" {
	f=$(fixture bad-protocol-overlay/number-out-of-range.protocols)
	rejects "iana-services-gen: $f: line 3: the protocol number is not a number within 0-65535" --protocol-overlay "$f"
}

@test "an overlay line without a number" {
	f=$(fixture bad-protocol-overlay/no-number.protocols)
	rejects "iana-services-gen: $f: line 2: expected NAME NUMBER [ALIAS...]" --protocol-overlay "$f"
}

@test "a services line in a protocols overlay" {
	f=$(fixture bad-protocol-overlay/not-a-number.protocols)
	rejects "$f: line 2: the protocol number is not a number within 0-65535" --protocol-overlay "$f"
}

@test "a missing protocols overlay" {
	rejects "$BATS_TEST_TMPDIR/none: cannot open: No such file or directory" --protocol-overlay "$BATS_TEST_TMPDIR/none"
}

@test "a protocol registry that is not XML" {
	rejects "not-xml.txt: line 1: not well-formed XML" --protocol-registry "$(fixture bad-registry/not-xml.txt)"
}

@test "a truncated protocol registry" {
	rejects "truncated.xml: line " --protocol-registry "$(fixture bad-protocol-registry/truncated.xml)"
	[[ "$output" == *"not well-formed XML"* ]]
}

@test "a protocol registry without <updated>" {
	rejects "no-updated-date.xml: the registry has no valid <updated> date" \
		--protocol-registry "$(fixture bad-protocol-registry/no-updated-date.xml)"
}

@test "a protocol number past 255 in the registry" {
	rejects 'value-out-of-range.xml: line 7: number "256" is not a protocol number or range within 0-255' \
		--protocol-registry "$(fixture bad-protocol-registry/value-out-of-range.xml)"
}

@test "the services registry given as the protocol registry" {
	rejects "not the Protocol Numbers registry (the root <registry> has no id=\"protocol-numbers\")" \
		--protocol-registry "$REGISTRY"
}

@test "the protocol registry given as the services registry" {
	rejects "not the Service Name and Transport Protocol Port Number Registry" --registry "$PROTOCOL_REGISTRY"
}

@test "a protocol registry without the records' registry" {
	rejects "not the Protocol Numbers registry: no <registry id=\"protocol-numbers-1\"> holds its records" \
		--protocol-registry "$(fixture bad-protocol-registry/no-records-registry.xml)"
}
