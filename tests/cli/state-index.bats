#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/state-index.bats: update-iana-services writes a state index only where it would answer what the vendor index does not: local entries, a drop-in, newer fetched registries.

load ../helpers
load dropin-helpers

setup() {
	private_dirs
	NETBASE=$(fixture netbase/services) NETBASE_PROTOCOLS=$(fixture netbase/protocols)
	need_private_mounts
	NOT_NEEDED="update-iana-services: no state index needed: this machine answers as the vendor index $VENDOR_FILES/services.idx does"
	REMOVED="update-iana-services: removed the state index $INDEX: this machine answers as the vendor index $VENDOR_FILES/services.idx does"
}

# update_with SERVICES PROTOCOLS [OPTION]...: update-iana-services with those files as /etc/services
# and /etc/protocols.
update_with() {
	local services=$1 protocols=$2
	shift 2
	PROTOCOLS_FILE=$protocols in_namespace "$services" files "$UPDATE_IANA_SERVICES" "$@"
}

# On a stock system: netbase's files.
update() {
	update_with "$NETBASE" "$NETBASE_PROTOCOLS" "$@"
}

# No state index: no link, no data file, nothing the generator left.
no_state_index() {
	[ ! -e "$NSS_IANA_STATE_DIR" ] || expect_equal "$(find "$NSS_IANA_STATE_DIR" -mindepth 1 -name 'services.idx*')" ""
}

# in_replaced_etc DIR COMMAND...: the command with /etc replaced by DIR, as update-iana-services
# --replace-etc-services leaves it: dpkg-divert names iana-services for /etc/services.
in_replaced_etc() {
	local etc=$1
	shift
	DIVERTED_BY=iana-services private_mounts sh -ec '
		mount --bind "$1" /etc
		if [ -d /run/nscd ]; then mount -t tmpfs none /run/nscd; fi
		shift
		exec "$@"' sh "$etc" "$@"
}

add_dropin() {
	dropin "$NSS_IANA_CONFIG_DIR" services 10-local.services add.services
}

@test "a stock system: no state index, and it says so in one line" {
	run update
	[ "$status" -eq 0 ]
	expect_equal "$output" "$NOT_NEEDED (no drop-ins, the installed registries, and its services and protocols files answer the same)"
	no_state_index
}

@test "one drop-in writes a state index; without it again, the index, link and data file, goes" {
	add_dropin
	run update
	[ "$status" -eq 0 ]
	expect_equal "$output" ""
	"$GEN" --check-index "$INDEX" > /dev/null
	[ -f "$(index_data "$INDEX")" ]
	rm "$NSS_IANA_CONFIG_DIR/services.d/10-local.services"
	run update
	[ "$status" -eq 0 ]
	[[ "$output" == "$REMOVED ("*")" ]]
	no_state_index
	[ -d "$NSS_IANA_STATE_DIR" ]
}

@test "a masked drop-in is none: no state index" {
	dropin "$NSS_IANA_VENDOR_CONFIG_DIR" services 50-vendor.services vendor.services
	mkdir -p "$NSS_IANA_CONFIG_DIR/services.d"
	ln -s /dev/null "$NSS_IANA_CONFIG_DIR/services.d/50-vendor.services"
	run update
	[ "$status" -eq 0 ]
	[[ "$output" == "$NOT_NEEDED ("*")" ]]
	no_state_index
}

@test "local entries in /etc/services or /etc/protocols keep a state index" {
	run update_with "$(fixture update-iana-services/local.services)" "$NETBASE_PROTOCOLS"
	[ "$status" -eq 0 ]
	"$GEN" --dump "$INDEX" | grep -q '^nssiana-local[[:space:]]'
	rm -r "$NSS_IANA_STATE_DIR"
	run update_with "$NETBASE" "$(fixture update-iana-services/local.protocols)"
	[ "$status" -eq 0 ]
	"$GEN" --dump-protocols "$INDEX" | grep -q '^nssiana-proto[[:space:]]'
}

@test "a bad line in /etc/services of a stock system is still an error naming the file and the line" {
	run update_with "$(fixture update-iana-services/bad-line.services)" "$NETBASE_PROTOCOLS"
	[ "$status" -eq 1 ]
	[[ "$output" == *"iana-services-gen: /etc/services: line 3: the port is not a number within 0-65535"* ]]
	no_state_index
}

@test "fetched registries newer than the snapshots keep a state index; rolled back, it goes" {
	mkdir -p "$NSS_IANA_STATE_DIR"
	"$TEST_TOOLS/registry-variant" newer "$REGISTRY" "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml"
	"$TEST_TOOLS/registry-variant" newer "$PROTOCOL_REGISTRY" "$NSS_IANA_STATE_DIR/protocol-numbers.xml"
	# As --fetch leaves them: the registries it replaced beside them, for --rollback.
	cp "$REGISTRY" "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml.previous"
	cp "$PROTOCOL_REGISTRY" "$NSS_IANA_STATE_DIR/protocol-numbers.xml.previous"
	run update
	[ "$status" -eq 0 ]
	expect_equal "$output" ""
	# The index of the newer registries, with netbase's files as overlays.
	"$GEN" --registry "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml" \
		--protocol-registry "$NSS_IANA_STATE_DIR/protocol-numbers.xml" \
		--overlay "$NETBASE" --protocol-overlay "$NETBASE_PROTOCOLS" --index "$BATS_TEST_TMPDIR/newer.idx"
	same_index "$INDEX" "$BATS_TEST_TMPDIR/newer.idx"
	run update --rollback
	[ "$status" -eq 0 ]
	[[ "$output" == *"$REMOVED ("*")"* ]]
	no_state_index
}

@test "only when this machine's files answer as the vendor index: NSS_IANA_INDEX is always written" {
	export NSS_IANA_INDEX=$BATS_TEST_TMPDIR/lib/services.idx
	run update
	[ "$status" -eq 0 ]
	expect_equal "$output" ""
	"$GEN" --check-index "$NSS_IANA_INDEX" > /dev/null
}

@test "a replaced /etc/services: /etc/services.netbase is the local file, netbase's here: no state index" {
	mkdir "$BATS_TEST_TMPDIR/etc-root"
	echo "# a generated /etc/services of an earlier run" > "$BATS_TEST_TMPDIR/etc-root/services"
	cp "$NETBASE" "$BATS_TEST_TMPDIR/etc-root/services.netbase"
	cp "$NETBASE_PROTOCOLS" "$BATS_TEST_TMPDIR/etc-root/protocols"
	run in_replaced_etc "$BATS_TEST_TMPDIR/etc-root" "$UPDATE_IANA_SERVICES"
	[ "$status" -eq 0 ]
	[[ "$output" == "$NOT_NEEDED ("*")" ]]
	no_state_index
	# The generated /etc/services is still written: from the registry and the local file.
	grep -qx '# Overlay: /etc/services.netbase' "$BATS_TEST_TMPDIR/etc-root/services"
	"$GEN" --registry "$REGISTRY" --overlay "$NETBASE" --services "$BATS_TEST_TMPDIR/expected-services"
	cmp <(entries "$BATS_TEST_TMPDIR/expected-services") <(entries "$BATS_TEST_TMPDIR/etc-root/services")
}
