#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/protocol-rules.bats: each rule of the canonical protocols file, on a hand-written registry.

load ../helpers

generate() {
	"$GEN" --protocol-registry "$(fixture protocol-registry/rules.xml)" --no-default-overlay \
		--protocols "$BATS_TEST_TMPDIR/protocols" "$@"
}

fields() {
	protocol_fields "$BATS_TEST_TMPDIR/protocols"
}

@test "records with a keyword are kept in number order; the rest dropped and counted" {
	run generate --verbose
	[ "$status" -eq 0 ]
	expect_equal "$(fields | cut -d' ' -f1,2 | tr '\n' ' ')" \
		"hopopt 0 ipv4 4 tcp 6 argus 13 esp 50 swipe 53 ospfigp 89 isis-over-ipv4 124 mobility-header 135 udplite 136 "
	[[ "$output" == *"13 records, updated 2026-03-09"* ]]
	[[ "$output" == *"kept 10 records with a keyword and a number"* ]]
	[[ "$output" == *"dropped 3 records without a name (Reserved, Unassigned)"* ]]
}

@test "the keyword lower-cased is the official name, the keyword as registered an alias where it differs" {
	generate
	expect_equal "$(fields | grep -E '^(tcp|ipv4|udplite) ')" "$(printf '%s\n' 'ipv4 4 IPv4' 'tcp 6 TCP' 'udplite 136')"
}

@test "a keyword with spaces is hyphenated" {
	generate
	expect_equal "$(fields | grep -E '^(isis|mobility)')" "$(printf '%s\n' \
		'isis-over-ipv4 124 ISIS-over-IPv4' 'mobility-header 135 Mobility-Header')"
}

@test "a trailing ' (deprecated)' leaves the keyword for the description" {
	generate
	grep -Eqx 'argus +13 +ARGUS +# ARGUS \(deprecated\)' "$BATS_TEST_TMPDIR/protocols"
	grep -Eqx 'swipe +53 +SWIPE +# deprecated' "$BATS_TEST_TMPDIR/protocols"
}

@test "the <people> section's names are no records" {
	generate
	! grep -qi 'some' "$BATS_TEST_TMPDIR/protocols"
}

@test "an overlay's line comes first at its number; a registry spelling of its name joins it" {
	run generate --protocol-overlay "$(fixture protocol-overlay/netbase-like.protocols)" --verbose
	[ "$status" -eq 0 ]
	expect_equal "$(fields | awk '$2 == 0 || $2 == 4 || $2 == 50 || $2 == 89')" "$(printf '%s\n' \
		'ip 0 IP' 'hopopt 0 HOPOPT' 'ipencap 4 IP-ENCAP' 'ipv4 4 IPv4' 'esp 50 IPSEC-ESP ESP' \
		'ospf 89 OSPFIGP ospfigp')"
	grep -Eqx 'esp +50 +IPSEC-ESP ESP +# Encap Security Payload' "$BATS_TEST_TMPDIR/protocols"
	[[ "$output" == *"2 registry lines joined an overlay's line of their number"* ]]
}

@test "a later overlay's line comes before an earlier one's; a name stays on its first line only" {
	run generate --protocol-overlay "$(fixture protocol-overlay/first.protocols)" \
		--protocol-overlay "$(fixture protocol-overlay/second.protocols)" --verbose
	[ "$status" -eq 0 ]
	expect_equal "$(fields | awk '$2 >= 200')" "$(printf '%s\n' \
		'second 200 SECOND' 'first 200 FIRST' 'shared 201' 'odd 202')"
	[[ "$output" == *"2 names left off lines after the first that has them, 1 lines left without a name"* ]]
	expect_equal "$(grep -c '^# Overlay: ' "$BATS_TEST_TMPDIR/protocols")" 2
}

@test "descriptions come from the registry, or from the overlay's comment" {
	generate --protocol-overlay "$(fixture protocol-overlay/netbase-like.protocols)"
	grep -Eqx 'tcp +6 +TCP +# Transmission Control' "$BATS_TEST_TMPDIR/protocols"
	grep -Eqx 'ip +0 +IP +# internet protocol, pseudo protocol number' "$BATS_TEST_TMPDIR/protocols"
}
