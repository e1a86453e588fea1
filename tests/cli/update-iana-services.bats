#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/update-iana-services.bats: a bad local services file warns and keeps the index in maintainer scripts, fails by hand.

load ../helpers

setup() {
	export LD_LIBRARY_PATH=$NSS_MODULE_DIR NSS_IANA_INDEX=$BATS_TEST_TMPDIR/lib/services.idx
	mkdir "$BATS_TEST_TMPDIR/bin"
	# Whatever the host's dpkg holds, /etc/services is diverted only where a test says so.
	cat > "$BATS_TEST_TMPDIR/bin/dpkg-divert" <<'STUB'
#!/bin/sh
[ "$*" = "--listpackage /etc/services" ] || exit 2
echo "${DIVERTED_BY:-}"
STUB
	chmod +x "$BATS_TEST_TMPDIR/bin/dpkg-divert"
	export PATH=$BATS_TEST_TMPDIR/bin:$PATH
	BAD=$(fixture update-iana-services/bad-line.services)
	LOCAL=$(fixture update-iana-services/local.services)
	EMPTY_SERVICES=$BATS_TEST_TMPDIR/empty-services
	: > "$EMPTY_SERVICES"
	# Root, also the root of a user namespace, reads and writes anything: without
	# capabilities it is held to the modes.
	without_capabilities=(setpriv --inh-caps=-all --bounding-set=-all)
	BAD_LINE_MESSAGE="iana-services-gen: /etc/services: line 3: the port is not a number within 0-65535"
}

# update_with SERVICES_FILE [OPTION]...: update-iana-services with that file as /etc/services.
update_with() {
	local services=$1
	shift
	in_namespace "$services" files "$UPDATE_IANA_SERVICES" "$@"
}

# An index from an earlier, good run, and a copy to compare with.
previous_index() {
	mkdir -p "$(dirname "$NSS_IANA_INDEX")"
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$REGISTRY" --overlay "$LOCAL" --index "$NSS_IANA_INDEX"
	cp "$NSS_IANA_INDEX" "$BATS_TEST_TMPDIR/previous.idx"
}

# The first two fields of getent's answer through the module alone.
module_answers() {
	in_namespace "$EMPTY_SERVICES" iana getent services "$1" | awk '{ print $1, $2 }'
}

# Runs a command with /etc replaced by DIR, as update-iana-services
# --replace-etc-services leaves it: a generated /etc/services, the machine's own
# file in /etc/services.netbase, and dpkg-divert naming iana-services.
in_replaced_etc() {
	local etc=$1
	shift
	DIVERTED_BY=iana-services private_mounts sh -ec '
		mount --bind "$1" /etc
		if [ -d /run/nscd ]; then mount -t tmpfs none /run/nscd; fi
		shift
		exec "$@"' sh "$etc" "$@"
}

replaced_etc() {
	mkdir "$BATS_TEST_TMPDIR/etc"
	"$GEN" --registry "$REGISTRY" --overlay "$LOCAL" --services "$BATS_TEST_TMPDIR/etc/services"
	cp "$BAD" "$BATS_TEST_TMPDIR/etc/services.netbase"
	cp "$BATS_TEST_TMPDIR/etc/services" "$BATS_TEST_TMPDIR/generated-services"
}

@test "a bad line, from a maintainer script: a warning naming file and line, exit 0, the index kept byte for byte" {
	need_private_mounts
	previous_index
	run update_with "$BAD" --warn-on-local-errors
	[ "$status" -eq 0 ]
	[[ "$output" == *"$BAD_LINE_MESSAGE"* ]]
	[[ "$output" == *"update-iana-services: warning: cannot use /etc/services (see above); kept unchanged: $NSS_IANA_INDEX."* ]]
	cmp "$NSS_IANA_INDEX" "$BATS_TEST_TMPDIR/previous.idx"
}

@test "a bad line with no index yet: one from the registry alone, without the file's entries" {
	need_private_mounts
	run update_with "$BAD" --warn-on-local-errors
	[ "$status" -eq 0 ]
	[[ "$output" == *"$BAD_LINE_MESSAGE"* ]]
	[[ "$output" == *"warning: cannot use /etc/services (see above); made $NSS_IANA_INDEX from the registry alone."* ]]
	expect_equal "$(module_answers tacacss)" "tacacss 300/tcp"
	expect_equal "$(module_answers nssiana-local)" ""
}

@test "an unreadable /etc/services, from a maintainer script: a warning, exit 0, the index kept" {
	need_private_mounts
	previous_index
	cp "$LOCAL" "$BATS_TEST_TMPDIR/secret-services"
	chmod 000 "$BATS_TEST_TMPDIR/secret-services"
	run in_namespace "$BATS_TEST_TMPDIR/secret-services" files "${without_capabilities[@]}" \
		"$UPDATE_IANA_SERVICES" --warn-on-local-errors
	[ "$status" -eq 0 ]
	[[ "$output" == *"iana-services-gen: /etc/services: cannot open: Permission denied"* ]]
	[[ "$output" == *"warning: cannot use /etc/services (see above); kept unchanged: $NSS_IANA_INDEX."* ]]
	cmp "$NSS_IANA_INDEX" "$BATS_TEST_TMPDIR/previous.idx"
}

@test "a bad line, by hand: exit 1 with the generator's message, the index kept" {
	need_private_mounts
	previous_index
	run update_with "$BAD"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$BAD_LINE_MESSAGE"* ]]
	[[ "$output" != *warning* ]]
	cmp "$NSS_IANA_INDEX" "$BATS_TEST_TMPDIR/previous.idx"
}

@test "a good local file, from a maintainer script: the index is regenerated with it, silently" {
	need_private_mounts
	mkdir -p "$(dirname "$NSS_IANA_INDEX")"
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$REGISTRY" --index "$NSS_IANA_INDEX"
	run update_with "$LOCAL" --warn-on-local-errors
	[ "$status" -eq 0 ]
	expect_equal "$output" ""
	expect_equal "$(module_answers nssiana-local)" "nssiana-local 4711/tcp"
	expect_equal "$(module_answers xmpp-bosh)" "xmpp-bosh 15280/tcp"
}

@test "an index that cannot be written, from a maintainer script: exit 1, and the local file not blamed" {
	need_private_mounts
	previous_index
	chmod 555 "$(dirname "$NSS_IANA_INDEX")"
	run in_namespace "$LOCAL" files "${without_capabilities[@]}" "$UPDATE_IANA_SERVICES" --warn-on-local-errors
	chmod 755 "$(dirname "$NSS_IANA_INDEX")"
	[ "$status" -eq 1 ]
	[[ "$output" == *"Permission denied"* ]]
	[[ "$output" != *warning* ]]
}

@test "replaced, a bad /etc/services.netbase with an index: /etc/services and the index kept, and said so" {
	need_private_mounts
	replaced_etc
	previous_index
	run in_replaced_etc "$BATS_TEST_TMPDIR/etc" "$UPDATE_IANA_SERVICES" --warn-on-local-errors
	[ "$status" -eq 0 ]
	[[ "$output" == *"iana-services-gen: /etc/services.netbase: line 3: "* ]]
	[[ "$output" == *"warning: cannot use /etc/services.netbase (see above); kept unchanged: /etc/services; kept unchanged: $NSS_IANA_INDEX."* ]]
	cmp "$BATS_TEST_TMPDIR/etc/services" "$BATS_TEST_TMPDIR/generated-services"
	cmp "$NSS_IANA_INDEX" "$BATS_TEST_TMPDIR/previous.idx"
}

@test "replaced, a bad /etc/services.netbase and no index: /etc/services kept, the index made from it" {
	need_private_mounts
	replaced_etc
	run in_replaced_etc "$BATS_TEST_TMPDIR/etc" "$UPDATE_IANA_SERVICES" --warn-on-local-errors
	[ "$status" -eq 0 ]
	[[ "$output" == *"warning: cannot use /etc/services.netbase (see above); kept unchanged: /etc/services; made $NSS_IANA_INDEX with it as the overlay."* ]]
	cmp "$BATS_TEST_TMPDIR/etc/services" "$BATS_TEST_TMPDIR/generated-services"
	expect_equal "$(module_answers xmpp-bosh)" "xmpp-bosh 15280/tcp"
}

@test "replaced, a bad /etc/services.netbase, by hand: exit 1, /etc/services and the index kept" {
	need_private_mounts
	replaced_etc
	previous_index
	run in_replaced_etc "$BATS_TEST_TMPDIR/etc" "$UPDATE_IANA_SERVICES"
	[ "$status" -eq 1 ]
	[[ "$output" == *"iana-services-gen: /etc/services.netbase: line 3: "* ]]
	cmp "$BATS_TEST_TMPDIR/etc/services" "$BATS_TEST_TMPDIR/generated-services"
	cmp "$NSS_IANA_INDEX" "$BATS_TEST_TMPDIR/previous.idx"
}

@test "--warn-on-local-errors regenerates only: with --replace-etc-services it is a usage error" {
	run "$UPDATE_IANA_SERVICES" --warn-on-local-errors --replace-etc-services
	[ "$status" -eq 2 ]
	[[ "$output" == *"--warn-on-local-errors is for regenerating only"* ]]
}
