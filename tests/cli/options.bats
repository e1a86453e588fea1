#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/options.bats: the generator's options, help, version and usage errors (exit 2).

load ../helpers

@test "--help describes every option and exits 0" {
	run "$GEN" --help
	[ "$status" -eq 0 ]
	for opt in --registry --services --index --verbose --help --version --protocol-registry --protocols \
		--protocol-overlay --protocol-diff -P -p -O "leave out both built-in"; do
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

@test "--services, --protocols and --index may not name the same file" {
	run "$GEN" --services out --protocols out
	[ "$status" -eq 2 ]
	[[ "$output" == *"--services and --protocols name the same file 'out'"* ]]
	run "$GEN" --protocols - --services -
	[ "$status" -eq 2 ]
	run "$GEN" -p out -i out
	[ "$status" -eq 2 ]
	[[ "$output" == *"--protocols and --index name the same file 'out'"* ]]
}

@test "--protocol-diff only reports: not with an output" {
	for opt in --services --protocols --index; do
		run "$GEN" --protocol-diff old "$opt" out
		[ "$status" -eq 2 ]
		[[ "$output" == *"--protocol-diff only reports: give it without --services, --protocols and --index"* ]]
	done
}

@test "--check-index and --dump refuse the protocol options" {
	for option in --protocol-registry --protocols --protocol-overlay --protocol-diff; do
		run "$GEN" --check-index some.idx "$option" x
		[ "$status" -eq 2 ]
		[[ "$output" == *"--check-index reads an index: give it without"*"$option"* ]]
		run "$GEN" --dump some.idx "$option" x
		[ "$status" -eq 2 ]
	done
}

@test "a protocol option without its argument is a usage error" {
	for option in --protocol-registry --protocols --protocol-overlay --protocol-diff -P -p -O; do
		run "$GEN" "$option"
		[ "$status" -eq 2 ]
		[[ "$output" == *"option '$option' needs an argument"* ]]
	done
}
