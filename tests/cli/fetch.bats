#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/fetch.bats: update-iana-services --fetch from a local HTTP server takes a newer registry, refuses a bad one, and --rollback goes back.

load ../helpers

# Each --fetch runs in a network namespace of its own, where tests/tools/serve-registries serves
# $SERVED on a port of 127.0.0.1 that nothing else can hold; each test puts the registries it serves there.
setup_file() {
	export SERVED=$BATS_FILE_TMPDIR/served VARIANTS=$BATS_FILE_TMPDIR/variants
	export SERVER_PORT=8080 SOURCE=http://127.0.0.1:8080
	mkdir -p "$SERVED/service-names-port-numbers" "$SERVED/protocol-numbers" "$VARIANTS"
	variants newer older gutted
	# Dated as the snapshot, then before it: no later than what the package brings.
	"$TEST_TOOLS/registry-variant" older "$VARIANTS/newer.xml" "$VARIANTS/same.xml"
	"$TEST_TOOLS/registry-variant" older "$VARIANTS/same.xml" "$VARIANTS/stale.xml"
	"$TEST_TOOLS/registry-variant" older "$VARIANTS/newer-protocols.xml" "$VARIANTS/same-protocols.xml"
	"$TEST_TOOLS/registry-variant" older "$VARIANTS/same-protocols.xml" "$VARIANTS/stale-protocols.xml"
}

# variants NAME...: each registry-variant of both snapshots, as NAME.xml and NAME-protocols.xml.
variants() {
	local variant
	for variant in "$@"; do
		"$TEST_TOOLS/registry-variant" "$variant" "$REGISTRY" "$VARIANTS/$variant.xml"
		"$TEST_TOOLS/registry-variant" "$variant" "$PROTOCOL_REGISTRY" "$VARIANTS/$variant-protocols.xml"
	done
}

setup() {
	export LD_LIBRARY_PATH=$NSS_MODULE_DIR NSS_IANA_INDEX=$BATS_TEST_TMPDIR/lib/services.idx
	export NSS_IANA_STATE_DIR=$BATS_TEST_TMPDIR/state
	mkdir "$BATS_TEST_TMPDIR/bin"
	# Whatever the host's dpkg holds, neither /etc file is replaced here.
	printf '#!/bin/sh\n[ "$1" = --listpackage ] || exit 2\n' > "$BATS_TEST_TMPDIR/bin/dpkg-divert"
	chmod +x "$BATS_TEST_TMPDIR/bin/dpkg-divert"
	export PATH=$BATS_TEST_TMPDIR/bin:$PATH
	EMPTY_SERVICES=$BATS_TEST_TMPDIR/empty-services
	: > "$EMPTY_SERVICES"
}

# serve SERVICES_XML PROTOCOLS_XML: what the server gives as the two registries.
serve() {
	cp "$1" "$SERVED/service-names-port-numbers/service-names-port-numbers.xml"
	cp "$2" "$SERVED/protocol-numbers/protocol-numbers.xml"
}

# update-iana-services with no services or protocols file of this machine.
update() {
	in_namespace "$EMPTY_SERVICES" files "$UPDATE_IANA_SERVICES" "$@"
}

fetch() {
	PRIVATE_NETWORK=1 in_namespace "$EMPTY_SERVICES" files "$PYTHON" "$TEST_TOOLS/serve-registries" "$SERVED" \
		"$SERVER_PORT" "$UPDATE_IANA_SERVICES" --fetch --source "$SOURCE" "$@"
}

# "name port/protocol" or "name number" of getent's answer through the module alone.
module_answers() {
	in_namespace "$EMPTY_SERVICES" iana getent "$1" "$2" | awk '{ print $1, $2 }'
}

# An index from the snapshots, and a copy of its link and data file to compare with.
snapshot_index() {
	need_private_mounts
	update
	cp "$NSS_IANA_INDEX" "$BATS_TEST_TMPDIR/before.idx"
	cp "$(index_data "$NSS_IANA_INDEX")" "$BATS_TEST_TMPDIR/before.data"
}

# refused MESSAGE: --fetch fails saying MESSAGE, and the index, link and data file, is as it was.
refused() {
	run fetch
	[ "$status" -eq 1 ]
	[[ "$output" == *"update-iana-services: refusing the registries from $SOURCE: "*"; the index is unchanged"* ]]
	[[ "$output" == *"$1"* ]]
	cmp "$NSS_IANA_INDEX" "$BATS_TEST_TMPDIR/before.idx"
	cmp "$(index_data "$NSS_IANA_INDEX")" "$BATS_TEST_TMPDIR/before.data"
	[ ! -e "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml" ]
	[ ! -e "$NSS_IANA_STATE_DIR/protocol-numbers.xml" ]
}

@test "a newer registry is taken: its new names answer through the module, and one line says what changed" {
	snapshot_index
	expect_equal "$(module_answers services nssiana-fetched)" ""
	serve "$VARIANTS/newer.xml" "$VARIANTS/newer-protocols.xml"
	run fetch
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "update-iana-services: took the registries of "*" (services) and "*" (protocols) from $SOURCE; services: 0 names lost, 0 moved, 0 ports renamed, 1 names new; protocols: 0 names lost, 0 moved, 0 numbers renamed, 1 names new; update-iana-services --rollback goes back" ]]
	expect_equal "$(module_answers services nssiana-fetched)" "nssiana-fetched 61999/tcp"
	expect_equal "$(module_answers protocols nssiana-fetched)" "nssiana-fetched 254"
	cmp "$VARIANTS/newer.xml" "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml"
	cmp "$REGISTRY" "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml.previous"
}

@test "registries fetched again unchanged change nothing, and --rollback still goes back to the snapshots" {
	snapshot_index
	serve "$VARIANTS/newer.xml" "$VARIANTS/newer-protocols.xml"
	fetch
	run fetch
	[ "$status" -eq 0 ]
	[[ "$output" == "update-iana-services: the registries from $SOURCE are those in use, of "*"; nothing changed" ]]
	cmp "$REGISTRY" "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml.previous"
	cmp "$PROTOCOL_REGISTRY" "$NSS_IANA_STATE_DIR/protocol-numbers.xml.previous"
	update --rollback
	expect_equal "$(module_answers services nssiana-fetched)" ""
}

@test "--rollback brings back the answers before the fetch, once" {
	snapshot_index
	serve "$VARIANTS/newer.xml" "$VARIANTS/newer-protocols.xml"
	fetch
	run update --rollback
	[ "$status" -eq 0 ]
	expect_equal "$(module_answers services nssiana-fetched)" ""
	expect_equal "$(module_answers protocols nssiana-fetched)" ""
	expect_equal "$(module_answers services tacacss)" "tacacss 300/tcp"
	cmp "$NSS_IANA_INDEX" "$BATS_TEST_TMPDIR/before.idx"
	cmp "$(index_data "$NSS_IANA_INDEX")" "$BATS_TEST_TMPDIR/before.data"
	run update --rollback
	[ "$status" -eq 1 ]
	[[ "$output" == *"nothing to roll back to: there is no $NSS_IANA_STATE_DIR/service-names-port-numbers.xml.previous"* ]]
}

@test "offline, the fetched registries stay in use: a regeneration keeps their names" {
	snapshot_index
	serve "$VARIANTS/newer.xml" "$VARIANTS/newer-protocols.xml"
	fetch
	rm "$NSS_IANA_INDEX"
	update
	expect_equal "$(module_answers services nssiana-fetched)" "nssiana-fetched 61999/tcp"
	expect_equal "$(module_answers protocols nssiana-fetched)" "nssiana-fetched 254"
}

@test "registries fetched no later than the installed snapshots give way to them" {
	need_private_mounts
	local dated
	for dated in same stale; do
		mkdir -p "$NSS_IANA_STATE_DIR"
		cp "$VARIANTS/$dated.xml" "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml"
		cp "$VARIANTS/$dated-protocols.xml" "$NSS_IANA_STATE_DIR/protocol-numbers.xml"
		update
		expect_equal "$(module_answers services nssiana-fetched)" ""
		expect_equal "$(module_answers protocols nssiana-fetched)" ""
	done
}

@test "a truncated registry is refused, the index unchanged" {
	snapshot_index
	head -c "$(($(wc -c < "$REGISTRY") / 2))" "$VARIANTS/newer.xml" > "$BATS_TEST_TMPDIR/truncated.xml"
	serve "$BATS_TEST_TMPDIR/truncated.xml" "$VARIANTS/newer-protocols.xml"
	refused "the generator cannot read them (see above)"
	[[ "$output" == *"/service-names-port-numbers.xml: line "*": not well-formed XML"* ]]
}

@test "an HTML error page is refused, with or without a doctype, the index unchanged" {
	snapshot_index
	local page='<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>'
	echo "$page" > "$BATS_TEST_TMPDIR/error.html"
	serve "$VARIANTS/newer.xml" "$BATS_TEST_TMPDIR/error.html"
	refused "the generator cannot read them (see above)"
	[[ "$output" == *"/protocol-numbers.xml: line 1: not an IANA registry"* ]]
	printf '<!DOCTYPE html>\n%s\n' "$page" > "$BATS_TEST_TMPDIR/error.html"
	serve "$BATS_TEST_TMPDIR/error.html" "$VARIANTS/newer-protocols.xml"
	refused "the generator cannot read them (see above)"
	[[ "$output" == *"/service-names-port-numbers.xml: document type declarations are not allowed in the registry"* ]]
}

@test "a gutted registry is refused, the index unchanged" {
	snapshot_index
	serve "$VARIANTS/gutted.xml" "$VARIANTS/newer-protocols.xml"
	refused "its services registry has "
	[[ "$output" == *" entries, fewer than 95 % of the "*" in use ($REGISTRY)"* ]]
}

@test "an older registry is refused, the index unchanged" {
	snapshot_index
	serve "$VARIANTS/newer.xml" "$VARIANTS/older-protocols.xml"
	refused "its protocol registry is of "
	[[ "$output" == *", older than the one in use ("*", $PROTOCOL_REGISTRY)"* ]]
}

@test "an unreachable source is refused, the index unchanged" {
	snapshot_index
	# Another port of the test's own network: nothing listens there.
	SOURCE=http://127.0.0.1:$((SERVER_PORT + 1))
	refused "the download of $SOURCE/service-names-port-numbers/service-names-port-numbers.xml failed (see above)"
}

@test "a missing file is refused, the index unchanged" {
	snapshot_index
	serve "$VARIANTS/newer.xml" "$VARIANTS/newer-protocols.xml"
	rm "$SERVED/protocol-numbers/protocol-numbers.xml"
	refused "the download of $SOURCE/protocol-numbers/protocol-numbers.xml failed (see above)"
	[[ "$output" == *"404"* ]]
}
