#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/dropins.bats: update-iana-services applies the drop-ins services.d/*.services and protocols.d/*.protocols in the order of their names, the administrator's over the vendor's, /dev/null masking; a bad line keeps the index.

load ../helpers
load dropin-helpers

setup() {
	private_dirs
	need_private_mounts
}

# update-iana-services on a stock system: netbase's /etc/services and /etc/protocols.
update() {
	PROTOCOLS_FILE=$(fixture netbase/protocols) in_namespace "$(fixture netbase/services)" files \
		"$UPDATE_IANA_SERVICES" "$@"
}

# "name port/protocol" of the services NAME has in the state index.
indexed() {
	"$GEN" --dump "$INDEX" | awk -v name="$1" '$1 == name { print $1, $2 }'
}

indexed_protocol() {
	"$GEN" --dump-protocols "$INDEX" | awk -v name="$1" '$1 == name { print $1, $2 }'
}

# The index, its link and its data file, as it is now, to compare with.
keep_copy() {
	cp "$INDEX" "$BATS_TEST_TMPDIR/before.idx"
	cp "$(index_data "$INDEX")" "$BATS_TEST_TMPDIR/before.data"
}

index_unchanged() {
	cmp "$INDEX" "$BATS_TEST_TMPDIR/before.idx"
	cmp "$(index_data "$INDEX")" "$BATS_TEST_TMPDIR/before.data"
}

@test "a drop-in adds a name; a later one by name overrides it; other files in the directory are not read" {
	dropin "$NSS_IANA_CONFIG_DIR" services 10-local.services add.services
	# Not a drop-in: its name does not end in .services.
	dropin "$NSS_IANA_CONFIG_DIR" services 50-local.services.disabled bad-line.services
	run update
	[ "$status" -eq 0 ]
	expect_equal "$(indexed nssiana-dropin)" "nssiana-dropin 4711/tcp"
	# In the order of names, not of numbers: 9- comes after 10-.
	dropin "$NSS_IANA_CONFIG_DIR" services 9-later.services override.services
	run update
	[ "$status" -eq 0 ]
	expect_equal "$(indexed nssiana-dropin)" "nssiana-dropin 4712/tcp"
}

@test "a protocols drop-in adds a protocol" {
	dropin "$NSS_IANA_CONFIG_DIR" protocols 10-local.protocols add.protocols
	run update
	[ "$status" -eq 0 ]
	expect_equal "$(indexed_protocol nssiana-proto)" "nssiana-proto 253"
}

@test "a vendor drop-in applies; the administrator's of the same name replaces it; a link to /dev/null masks it" {
	dropin "$NSS_IANA_VENDOR_CONFIG_DIR" services 50-vendor.services vendor.services
	run update
	[ "$status" -eq 0 ]
	expect_equal "$(indexed nssiana-vendor)" "nssiana-vendor 4713/tcp"
	dropin "$NSS_IANA_CONFIG_DIR" services 50-vendor.services admin.services
	run update
	[ "$status" -eq 0 ]
	expect_equal "$(indexed nssiana-vendor)" "nssiana-vendor 4714/tcp"
	# Masked, with another drop-in beside it, so that the state index stays to be read.
	ln -sf /dev/null "$NSS_IANA_CONFIG_DIR/services.d/50-vendor.services"
	dropin "$NSS_IANA_CONFIG_DIR" services 10-local.services add.services
	run update
	[ "$status" -eq 0 ]
	expect_equal "$(indexed nssiana-vendor)" ""
	expect_equal "$(indexed nssiana-dropin)" "nssiana-dropin 4711/tcp"
}

# bad_dropin DIR DATABASE NAME FIXTURE MESSAGE: over an index of a good drop-in, the bad one makes
# update-iana-services fail with the generator's MESSAGE, and the index stays byte for byte.
bad_dropin() {
	dropin "$NSS_IANA_CONFIG_DIR" services 10-local.services add.services
	update
	keep_copy
	dropin "$1" "$2" "$3" "$4"
	run update
	[ "$status" -eq 1 ]
	[[ "$output" == *"iana-services-gen: $1/$2.d/$3: $5"* ]]
	index_unchanged
}

@test "a bad line in a drop-in, by hand: exit 1 naming the file and the line, the index kept byte for byte" {
	bad_dropin "$NSS_IANA_CONFIG_DIR" services 20-bad.services bad-line.services \
		"line 4: the port is not a number within 0-65535"
}

@test "a bad line in a protocols drop-in of the vendor, by hand: exit 1 naming the file and the line, the index kept" {
	bad_dropin "$NSS_IANA_VENDOR_CONFIG_DIR" protocols 20-bad.protocols bad-line.protocols \
		"line 3: the protocol number is not a number within 0-65535"
}

@test "a bad line in a drop-in, from a maintainer script: a warning naming the file, exit 0, the index kept byte for byte" {
	dropin "$NSS_IANA_CONFIG_DIR" services 10-local.services add.services
	update
	keep_copy
	dropin "$NSS_IANA_CONFIG_DIR" services 20-bad.services bad-line.services
	run update --warn-on-local-errors
	[ "$status" -eq 0 ]
	[[ "$output" == *"iana-services-gen: $NSS_IANA_CONFIG_DIR/services.d/20-bad.services: line 4: the port is not a number within 0-65535"* ]]
	[[ "$output" == *"update-iana-services: warning: cannot use $NSS_IANA_CONFIG_DIR/services.d/20-bad.services (see above); kept unchanged: $INDEX. Fix it and run update-iana-services."* ]]
	index_unchanged
}

@test "a bad drop-in with no index yet, from a maintainer script: the index made with the other drop-ins, without it" {
	dropin "$NSS_IANA_CONFIG_DIR" services 10-local.services add.services
	dropin "$NSS_IANA_CONFIG_DIR" services 20-bad.services bad-line.services
	run update --warn-on-local-errors
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: cannot use $NSS_IANA_CONFIG_DIR/services.d/20-bad.services (see above); made $INDEX without it."* ]]
	expect_equal "$(indexed nssiana-dropin)" "nssiana-dropin 4711/tcp"
	expect_equal "$(indexed badsvc)" ""
}

@test "--inputs: the generator, the registry in use, /etc/services then the drop-ins that apply, one a line; nothing written" {
	dropin "$NSS_IANA_VENDOR_CONFIG_DIR" services 50-vendor.services vendor.services
	dropin "$NSS_IANA_VENDOR_CONFIG_DIR" services 60-masked.services vendor.services
	mkdir -p "$NSS_IANA_CONFIG_DIR/services.d"
	ln -s /dev/null "$NSS_IANA_CONFIG_DIR/services.d/60-masked.services"
	dropin "$NSS_IANA_CONFIG_DIR" services 10-local.services add.services
	dropin "$NSS_IANA_CONFIG_DIR" services "20 with spaces.services" override.services
	# Protocols drop-ins are not the services overlays.
	dropin "$NSS_IANA_CONFIG_DIR" protocols 10-local.protocols add.protocols
	run update --inputs
	[ "$status" -eq 0 ]
	expect_equal "$output" "$(printf '%s\n' "$GEN" --registry "$REGISTRY" --overlay /etc/services \
		--overlay "$NSS_IANA_CONFIG_DIR/services.d/10-local.services" \
		--overlay "$NSS_IANA_CONFIG_DIR/services.d/20 with spaces.services" \
		--overlay "$NSS_IANA_VENDOR_CONFIG_DIR/services.d/50-vendor.services")"
	[ ! -e "$NSS_IANA_STATE_DIR" ]
}

@test "--inputs names the fetched registry where it is later than the snapshot, the snapshot where it is not" {
	mkdir -p "$NSS_IANA_STATE_DIR"
	"$TEST_TOOLS/registry-variant" newer "$REGISTRY" "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml"
	"$TEST_TOOLS/registry-variant" newer "$PROTOCOL_REGISTRY" "$NSS_IANA_STATE_DIR/protocol-numbers.xml"
	run update --inputs
	[ "$status" -eq 0 ]
	expect_equal "${lines[2]}" "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml"
	"$TEST_TOOLS/registry-variant" older "$REGISTRY" "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml"
	run update --inputs
	[ "$status" -eq 0 ]
	expect_equal "${lines[2]}" "$REGISTRY"
	expect_equal "$(ls -A "$NSS_IANA_STATE_DIR")" "$(printf '%s\n' protocol-numbers.xml service-names-port-numbers.xml)"
}
