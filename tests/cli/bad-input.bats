#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/bad-input.bats: a bad registry gets a clear message, exit 1, and writes nothing.

load ../helpers

setup() {
	out=$BATS_TEST_TMPDIR/out
	mkdir "$out"
	printf 'previous services file\n' > "$out/services"
	cp "$out/services" "$BATS_TEST_TMPDIR/before"
}

# Runs the generator on a bad registry and checks that it failed cleanly:
#   rejects REGISTRY "part of the expected message"
rejects() {
	run "$GEN" --registry "$1" --services "$out/services"
	[ "$status" -eq 1 ]
	[[ "$output" == "iana-services-gen: $1: "* ]]
	[[ "$output" == *"$2"* ]]
	cmp "$out/services" "$BATS_TEST_TMPDIR/before"
	expect_equal "$(ls -A "$out")" "services"
	run "$GEN" --registry "$1" --services "$out/new"
	[ "$status" -eq 1 ]
	[ ! -e "$out/new" ]
}

@test "a missing file" {
	rejects "$BATS_TEST_TMPDIR/no-such-registry.xml" "cannot open: No such file or directory"
}

@test "a directory" {
	rejects "$BATS_TEST_TMPDIR" "not a regular file"
}

@test "a file the user may not read" {
	cp "$(fixture registry/aliases.xml)" "$BATS_TEST_TMPDIR/secret.xml"
	chmod 600 "$BATS_TEST_TMPDIR/secret.xml"
	chmod 777 "$out" "$BATS_TEST_TMPDIR"
	if [ "$(id -u)" = 0 ]; then
		as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	else
		as_nobody=()
		chmod 000 "$BATS_TEST_TMPDIR/secret.xml"
	fi
	run "${as_nobody[@]}" "$GEN" --registry "$BATS_TEST_TMPDIR/secret.xml" --services "$out/services"
	[ "$status" -eq 1 ]
	[[ "$output" == *"secret.xml: cannot open: Permission denied"* ]]
	cmp "$out/services" "$BATS_TEST_TMPDIR/before"
}

@test "an empty file" {
	rejects "$(fixture bad-registry/empty.xml)" "empty file"
}

@test "something that is not XML" {
	rejects "$(fixture bad-registry/not-xml.txt)" "not well-formed XML"
}

@test "an XML file cut off mid-record" {
	rejects "$(fixture bad-registry/truncated.xml)" "line 7: not well-formed XML"
}

@test "the full registry truncated at several lengths" {
	for len in 1 100 4096 1000000 $(( $(stat -c %s "$REGISTRY") - 20 )); do
		head -c "$len" "$REGISTRY" > "$BATS_TEST_TMPDIR/cut.xml"
		rejects "$BATS_TEST_TMPDIR/cut.xml" "not well-formed XML"
	done
}

@test "a byte that is not UTF-8" {
	rejects "$(fixture bad-registry/not-utf8.xml)" "line 5: not well-formed XML: "
}

@test "another IANA registry" {
	rejects "$(fixture bad-registry/other-registry.xml)" "not the Service Name and Transport Protocol Port Number Registry"
}

@test "the right elements outside the IANA namespace" {
	rejects "$(fixture bad-registry/wrong-namespace.xml)" "not an IANA registry"
}

@test "a registry without its <updated> date" {
	rejects "$(fixture bad-registry/no-updated-date.xml)" "no valid <updated> date"
}

@test "a port past 65535" {
	rejects "$(fixture bad-registry/port-out-of-range.xml)" 'line 6: number "70000" is not a port'
}

@test "a range that runs backwards" {
	rejects "$(fixture bad-registry/backwards-range.xml)" 'number "6063-6000" is not a port'
}

@test "a number that is not a number" {
	rejects "$(fixture bad-registry/number-not-a-port.xml)" 'number "eighty" is not a port'
}

@test "an external entity is refused and never read" {
	rejects "$(fixture bad-registry/external-entity.xml)" "document type declarations are not allowed"
	[[ "$output" != *root:* ]]
}
