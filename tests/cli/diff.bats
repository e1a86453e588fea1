#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/diff.bats: --diff reports what replacing a services file would change, and exits 1 if names are lost.

load ../helpers

diff_against() {
	printf '%s\n' "${@:2}" > "$BATS_TEST_TMPDIR/old"
	run "$GEN" --registry "$(fixture registry/$1)" --no-default-overlay --diff "$BATS_TEST_TMPDIR/old"
}

@test "nothing changes: exit 0, zero everywhere, new names counted" {
	diff_against aliases.xml 'http 80/tcp www' '# a comment' ''
	[ "$status" -eq 0 ]
	[[ "$output" == *"2 names on 1 ports there"* ]]
	[[ "$output" == *"Summary: 0 names lost, 0 moved, 0 ports renamed, 2 names new."* ]]
}

@test "a name that would stop resolving: exit 1, named with its old port" {
	diff_against aliases.xml 'http 80/tcp www web'
	[ "$status" -eq 1 ]
	[[ "$output" == *$'Names that would stop resolving:\n  web/tcp (was port 80)\n'* ]]
	[[ "$output" == *"Summary: 1 names lost"* ]]
}

@test "a name on another port, and a port with another official name: reported, exit 0" {
	diff_against aliases.xml 'www 8000/tcp' 'web 80/tcp' 'http 80/udp'
	[ "$status" -eq 1 ] # web is lost
	[[ "$output" == *$'Names that would resolve to another port:\n  www/tcp: port 80, not 8000\n'* ]]
	[[ "$output" == *"  80/tcp: http, not web"* ]]
	[[ "$output" == *"  8000/tcp: www, now nothing"* ]]
	diff_against aliases.xml 'www 8000/tcp' 'http 80/udp'
	[ "$status" -eq 0 ]
	[[ "$output" == *"Summary: 0 names lost, 1 moved, 1 ports renamed"* ]]
}

@test "questions without a protocol, and the file read Go's way (the last line wins), are reported too" {
	diff_against aliases.xml 'www 8000/udp' 'http 80/tcp www www-http' 'www-http 8001/tcp'
	[ "$status" -eq 1 ] # www/udp is lost
	[[ "$output" == *$'Without a protocol, names that would resolve to another port:\n  www/: port 80, not 8000\n'* ]]
	[[ "$output" == *$'Without a protocol, ports whose official name would change:\n  8000/: www, now nothing\n  8001/: www-http, now nothing\n'* ]]
	[[ "$output" == *$'Read as Go reads it (the last line wins), names that would resolve to another port:\n'* ]]
	[[ "$output" == *$'\n  www/udp: nothing, not 8000\n'* ]]
	[[ "$output" == *$'\n  www-http/tcp: port 80, not 8001\n'* ]]
	[[ "$output" == *"Without a protocol: 1 names moved or lost, 2 ports renamed. Read as Go reads it: 2 names moved or lost, 0 answered with another port than glibc's (0 inherited)."* ]]
}

@test "names glibc and Go would answer differently: inherited where the old file answers them so, reported either way" {
	local overlay
	overlay=$(fixture overlay/repeated.services)
	run "$GEN" --registry "$(fixture registry/merge-base.xml)" --no-default-overlay --overlay "$overlay" --diff "$overlay"
	[ "$status" -eq 0 ]
	[[ "$output" == *$'answered with another port than glibc\'s:\n  dicom/tcp: glibc 104, Go 11112 (inherited: the same there)\n'* ]]
	[[ "$output" == *"1 answered with another port than glibc's (1 inherited)."* ]]
	printf '%s\n' 'acr-nema 104/tcp dicom' > "$BATS_TEST_TMPDIR/old"
	run "$GEN" --registry "$(fixture registry/merge-base.xml)" --no-default-overlay --overlay "$overlay" \
		--diff "$BATS_TEST_TMPDIR/old"
	[[ "$output" == *$'answered with another port than glibc\'s:\n  dicom/tcp: glibc 104, Go 11112\n'* ]]
	[[ "$output" == *"1 answered with another port than glibc's (0 inherited)."* ]]
}

@test "lines glibc could not parse are skipped and counted, not fatal" {
	diff_against aliases.xml 'http 80/tcp' 'broken' 'bad 99999/tcp' 'http 80/udp'
	[ "$status" -eq 0 ]
	[[ "$output" == *"(2 lines it could not parse skipped)"* ]]
}

@test "--diff with an output is a usage error; a missing file is bad input" {
	run "$GEN" --registry "$(fixture registry/aliases.xml)" --diff "$(fixture netbase/services)" --services -
	[ "$status" -eq 2 ]
	run "$GEN" --registry "$(fixture registry/aliases.xml)" --diff "$BATS_TEST_TMPDIR/none"
	[ "$status" -eq 1 ]
	[[ "$output" == *"none: cannot open: No such file or directory"* ]]
}
