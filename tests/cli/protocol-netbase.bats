#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/protocol-netbase.bats: the generated protocols file answers every netbase protocol name and
# number as netbase's /etc/protocols does, read as glibc's files reads it, mptcp on 262 included.

load ../helpers

setup_file() {
	export PROTOCOLS=$BATS_FILE_TMPDIR/protocols NETBASE=$FIXTURES/netbase/protocols
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --protocols "$PROTOCOLS"
}

# "name number" for every name, "#number official" for every number, each from the first line that has
# it, as glibc's files answers getprotobyname (exact names) and getprotobynumber.
glibc_answers() {
	awk '{ sub(/#.*/, "") } NF >= 2 && $2 ~ /^[0-9]+$/ {
		if (!(("#" $2) in seen)) { seen["#" $2]; print "#" $2, $1 }
		for (i = 1; i <= NF; i++) if (i != 2 && !($i in seen)) { seen[$i]; print $i, $2 }
	}' "$1" | sort
}

@test "every netbase name gives netbase's number, every netbase number netbase's official name" {
	glibc_answers "$NETBASE" > "$BATS_TEST_TMPDIR/netbase"
	glibc_answers "$PROTOCOLS" > "$BATS_TEST_TMPDIR/generated"
	expect_equal "$(wc -l < "$BATS_TEST_TMPDIR/netbase")" 170
	grep -qx 'mptcp 262' "$BATS_TEST_TMPDIR/generated"
	expect_equal "$(comm -23 "$BATS_TEST_TMPDIR/netbase" "$BATS_TEST_TMPDIR/generated")" ""
}

@test "the check above sees a changed answer" {
	sed -E 's/^tcp([[:space:]]+)6([[:space:]])/tcp\17\2/' "$PROTOCOLS" > "$BATS_TEST_TMPDIR/changed"
	run cmp -s "$PROTOCOLS" "$BATS_TEST_TMPDIR/changed"
	[ "$status" -eq 1 ]
	glibc_answers "$NETBASE" > "$BATS_TEST_TMPDIR/netbase"
	glibc_answers "$BATS_TEST_TMPDIR/changed" > "$BATS_TEST_TMPDIR/generated"
	[ -n "$(comm -23 "$BATS_TEST_TMPDIR/netbase" "$BATS_TEST_TMPDIR/generated")" ]
}

@test "--protocol-diff against netbase: nothing lost, moved or renamed, exit 0" {
	run "$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --protocol-diff "$NETBASE"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Compared with $NETBASE: 114 names of 56 numbers there (0 lines it could not parse skipped)."* ]]
	[[ "$output" == *$'Names that would stop resolving:\nNames that would resolve to another number:\nNumbers whose official name would change:\n'* ]]
	[[ "$output" == *"Summary: 0 names lost, 0 moved, 0 numbers renamed, "* ]]
}

@test "--protocol-diff without the built-in overlay: the names only netbase has are lost" {
	run "$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --no-default-overlay --protocol-diff "$NETBASE"
	[ "$status" -eq 1 ]
	[[ "$output" == *$'\n  ip (was 0)\n'* ]]
	[[ "$output" == *$'\n  0: hopopt, not ip\n'* ]]
}

@test "--protocol-diff of the generated file against itself: nothing lost, exit 0" {
	run "$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --protocol-diff "$PROTOCOLS"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Summary: 0 names lost, 0 moved, 0 numbers renamed, 0 names new."* ]]
}

@test "--protocol-diff reads leniently, as glibc does: a line it cannot parse is skipped and counted" {
	printf '%s\n' 'tcp 6 TCP' 'broken' 'udp x' 'made-up 250' > "$BATS_TEST_TMPDIR/old"
	run "$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --protocol-diff "$BATS_TEST_TMPDIR/old"
	[ "$status" -eq 1 ]
	[[ "$output" == *"3 names of 2 numbers there (2 lines it could not parse skipped)"* ]]
}

@test "--diff and --protocol-diff in one run" {
	run "$GEN" --registry "$REGISTRY" --protocol-registry "$PROTOCOL_REGISTRY" \
		--diff "$FIXTURES/netbase/services" --protocol-diff "$PROTOCOLS"
	[[ "$output" == *"Compared with $FIXTURES/netbase/services"* ]]
	[[ "$output" == *"Compared with $PROTOCOLS"* ]]
}
