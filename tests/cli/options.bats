#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/options.bats: the generator's options, help, version and usage errors (exit 2).

load ../helpers

@test "--help describes every option and exits 0" {
	run "$GEN" --help
	[ "$status" -eq 0 ]
	for opt in --registry --services --index --verbose --help --version; do
		[[ "$output" == *"$opt"* ]]
	done
}

@test "--version prints the program name and version" {
	run "$GEN" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^iana-services-gen\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "an unknown option is a usage error" {
	run "$GEN" --frobnicate
	[ "$status" -eq 2 ]
	[[ "$output" == *"iana-services-gen: unknown option '--frobnicate'"* ]]
}

@test "an option without its argument is a usage error" {
	run "$GEN" --services
	[ "$status" -eq 2 ]
	[[ "$output" == *"option '--services' needs an argument"* ]]
}

@test "a stray argument is a usage error" {
	run "$GEN" --services - extra
	[ "$status" -eq 2 ]
	[[ "$output" == *"unexpected argument 'extra'"* ]]
}

@test "asking for no output is a usage error" {
	run "$GEN" --registry "$(fixture registry/aliases.xml)"
	[ "$status" -eq 2 ]
	[[ "$output" == *"no output requested"* ]]
}

@test "usage errors write nothing" {
	cd "$BATS_TEST_TMPDIR"
	run "$GEN" --services out --bogus
	[ "$status" -eq 2 ]
	[ -z "$(ls -A)" ]
}

@test "the index is binary: not to standard output" {
	run "$GEN" --index -
	[ "$status" -eq 2 ]
	[[ "$output" == *"give --index a file, not standard output"* ]]
}

@test "--services and --index may not name the same file" {
	run "$GEN" --services out --index out
	[ "$status" -eq 2 ]
	[[ "$output" == *"name the same file 'out'"* ]]
}
