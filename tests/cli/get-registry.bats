#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/get-registry.bats: data/get-registry copies the pinned snapshot and refuses any other file.

load ../helpers

setup() {
	script=$(dirname "$FIXTURES")/../data/get-registry
	export NSS_IANA_SHARED=$BATS_TEST_TMPDIR/shared
	mkdir "$NSS_IANA_SHARED"
	target=$BATS_TEST_TMPDIR/registry.xml
}

@test "the pinned snapshot is copied and checked" {
	cp "$SHARED_IANA/service-names-port-numbers.xml" "$NSS_IANA_SHARED/"
	run "$script" --output "$target"
	[ "$status" -eq 0 ]
	[[ "$output" == *"(updated 2026-08-17)"* ]]
	expect_equal "$(sha256sum < "$target" | cut -d' ' -f1)" "$(cut -d' ' -f1 "$(dirname "$script")/service-names-port-numbers.xml.sha256")"
	run "$script" --output "$target"
	[ "$status" -eq 0 ]
	[[ "$output" == *"is the pinned snapshot"* ]]
}

@test "a snapshot with another hash is refused and nothing is written" {
	cp "$SHARED_IANA/older/service-names-port-numbers-2024-03-18.xml" "$NSS_IANA_SHARED/service-names-port-numbers.xml"
	run "$script" --output "$target"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not the pinned"* ]]
	[ ! -e "$target" ]
	expect_equal "$(ls -A "$BATS_TEST_TMPDIR" | grep -c '^\.service')" 0
}

@test "an unknown option is a usage error" {
	run "$script" --bogus
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown option '--bogus'"* ]]
}
