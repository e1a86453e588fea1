#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/readers-agree.bats: the canonical file read Go's way and musl's way answers as read glibc's way,
# but where netbase's own file is read differently too, and the comparison finds the disagreements of files
# made for them.

load ../helpers
load readers

bats_require_minimum_version 1.5.0

setup_file() {
	setup_module_tests
}

# readers.py's comparison of glibc and READER on FILE, its count last; what Python says on stderr
# (a warning of a newer version) is shown, not compared.
compare_with_glibc() {
	run --separate-stderr readers compare glibc "$1" "$2"
	printf '%s' "$stderr" >&2
	[ "$status" -eq 0 ]
	echo "$output"
}

# Where netbase's own file has Go and glibc answer differently, each keeps its answer: dicom is on 104/tcp
# (an alias) and on 11112/tcp there.
inherited_from_netbase() {
	printf '%s\n' 'name dicom tcp: glibc 104, go 11112'
}

# go_differs_only_as_netbase FILE MIN: Go's way and glibc's way on FILE, over more than MIN questions,
# differ in the inherited answers and no other.
go_differs_only_as_netbase() {
	compare_with_glibc go "$1"
	[[ ${lines[-1]} =~ ^([0-9]+)\ of\ ([0-9]+)\ questions ]]
	[ "${BASH_REMATCH[2]}" -gt "$2" ]
	expect_equal "$(printf '%s\n' "${lines[@]:0:${#lines[@]}-1}")" "$(inherited_from_netbase)"
}

@test "the canonical file, Go's way and glibc's way: the same port for every (name, protocol) but those inherited" {
	go_differs_only_as_netbase "$SERVICES" 10000
}

@test "netbase's file, Go's way and glibc's way: the differences the canonical file inherits, each the same" {
	go_differs_only_as_netbase "$(fixture netbase/services)" 300
}

@test "the canonical file, musl's way and glibc's way: the same answer to every tcp and udp question" {
	compare_with_glibc musl "$SERVICES"
	[[ ${lines[-1]} =~ ^0\ of\ ([0-9]+)\ questions ]]
	[ "${BASH_REMATCH[1]}" -gt 20000 ]
}

@test "a file made for it: Go's way gives three names another port than glibc's way" {
	compare_with_glibc go "$(fixture readers/last-line.services)"
	expect_equal "$output" "$(printf '%s\n' 'name first udp: glibc 6000, go 6003' 'name shared tcp: glibc 6000, go 6001' \
		'name shared udp: glibc 6000, go 6004' '3 of 8 questions answered differently by glibc and go')"
}

@test "a file made for it: real Go and real glibc disagree as the emulations do" {
	need_private_mounts
	local file
	file=$(fixture readers/last-line.services)
	printf '%s\n' 'name first udp' 'name shared tcp' 'name shared udp' 'name agreed tcp' > "$BATS_TEST_TMPDIR/questions"
	ask_go "$file" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/go"
	ask_glibc "$file" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/glibc"
	expect_equal "$(cat "$BATS_TEST_TMPDIR/go")" "$(printf '%s\n' 'name first udp: 6003' 'name shared tcp: 6001' \
		'name shared udp: 6004' 'name agreed tcp: 6002')"
	expect_equal "$(cat "$BATS_TEST_TMPDIR/glibc")" "$(printf '%s\n' 'name first udp: 6000/udp' \
		'name shared tcp: 6000/tcp' 'name shared udp: 6000/udp' 'name agreed tcp: 6002/tcp')"
}

@test "files made for it: musl's way differs from glibc's on long lines and port 0" {
	compare_with_glibc musl "$(fixture readers/long-line.services)"
	expect_equal "${lines[-1]}" "5 of 40 questions answered differently by glibc and musl"
	[[ $output == *"name ghost tcp: glibc 3000/tcp, musl 3001/tcp"* ]]
	[[ $output == *"name broken-alias udp: glibc 3002, musl not found"* ]]
	compare_with_glibc musl "$(fixture readers/port-zero.services)"
	expect_equal "${lines[-1]}" "2 of 9 questions answered differently by glibc and musl"
	[[ $output == *"port 0 tcp: glibc zero, musl not found"* ]]
}

@test "files made for it: real musl and real glibc disagree as the emulations do" {
	need_private_mounts
	local file
	file=$(fixture readers/long-line.services)
	printf '%s\n' 'name ghost tcp' 'name broken-alias udp' 'name phantom' 'port 3004' > "$BATS_TEST_TMPDIR/questions"
	ask_musl "$file" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/musl"
	ask_glibc "$file" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/glibc"
	expect_equal "$(cat "$BATS_TEST_TMPDIR/musl")" "$(printf '%s\n' 'name ghost tcp: 3001/tcp' \
		'name broken-alias udp: not found' 'name phantom *: 3004/tcp' 'port 3004 *: phantom/tcp')"
	expect_equal "$(cat "$BATS_TEST_TMPDIR/glibc")" "$(printf '%s\n' 'name ghost tcp: 3000/tcp' \
		'name broken-alias udp: 3002/udp' 'name phantom *: not found' 'port 3004 *: not found')"
}
