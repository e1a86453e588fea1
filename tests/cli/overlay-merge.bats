#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/overlay-merge.bats: each rule of merging services(5) overlays over the registry.

load ../helpers

generate() {
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$(fixture registry/merge-base.xml)" --no-default-overlay \
		--services "$BATS_TEST_TMPDIR/services" --index "$BATS_TEST_TMPDIR/services.idx" "$@"
}

fields() {
	entries "$BATS_TEST_TMPDIR/services" | sed 's/ *#.*//' | tr -s ' '
}

# What glibc's files answers from the generated file: getent services KEY...
files_answer() {
	in_namespace "$BATS_TEST_TMPDIR/services" files getent services "$@" | tr -s ' '
}

@test "a name an overlay binds answers the overlay's port, with its protocol and without one" {
	need_private_mounts
	generate --overlay "$(fixture overlay/rebind.services)"
	expect_equal "$(files_answer icp/udp icp)" "$(printf '%s\n' 'icpv2 3130/udp icp' 'icpv2 3130/udp icp')"
	expect_equal "$(files_answer dicom/tcp)" "acr-nema 104/tcp dicom"
	# The registry's lines that named them, 1112 and 11112, had no other name.
	run grep -c -e ' 1112/' -e ' 11112/' "$BATS_TEST_TMPDIR/services"
	expect_equal "$output" 0
	run in_namespace "$BATS_TEST_TMPDIR/services" files getent services icp/tcp
	expect_equal "$status" 2
}

@test "a name an overlay lists on two lines of a protocol keeps both: glibc answers the first, Go the last" {
	need_private_mounts
	generate --overlay "$(fixture overlay/repeated.services)"
	expect_equal "$(fields | grep -w dicom)" "$(printf '%s\n' 'acr-nema 104/tcp dicom' 'dicom 11112/tcp')"
	expect_equal "$(files_answer dicom/tcp 11112/tcp)" "$(printf '%s\n' 'acr-nema 104/tcp dicom' 'dicom 11112/tcp')"
}

@test "an overlay's official name stays official, the registry's names become aliases" {
	need_private_mounts
	generate --overlay "$(fixture overlay/official-name.services)"
	expect_equal "$(fields | grep ' 43/tcp')" "whois 43/tcp nicname"
	expect_equal "$(files_answer 43/tcp nicname/tcp)" "$(printf '%s\n' 'whois 43/tcp nicname' 'whois 43/tcp nicname')"
	# The registry's description goes with the line when the overlay has none.
	grep -q '^whois .*# Who Is$' "$BATS_TEST_TMPDIR/services"
}

@test "entries the registry does not have are kept as they are" {
	need_private_mounts
	generate --overlay "$(fixture overlay/new-entries.services)"
	expect_equal "$(fields | grep -e ddp -e 12345)" "$(printf '%s\n' 'myapp 12345/tcp myalias' 'rtmp 1/ddp')"
	grep -q '^myapp .*# a local service$' "$BATS_TEST_TMPDIR/services"
	expect_equal "$(files_answer myalias/tcp rtmp/ddp)" "$(printf '%s\n' 'myapp 12345/tcp myalias' 'rtmp 1/ddp')"
}

@test "overlays apply in order and a later one wins" {
	need_private_mounts
	generate --overlay "$(fixture overlay/first.services)" --overlay "$(fixture overlay/second.services)"
	expect_equal "$(fields | grep ' 5000/tcp')" "winner 5000/tcp shared first-alias"
	expect_equal "$(files_answer moving/tcp)" "moving 5500/tcp"
	# The other order: the first file is now the later one.
	generate --overlay "$(fixture overlay/second.services)" --overlay "$(fixture overlay/first.services)"
	expect_equal "$(fields | grep ' 5000/tcp')" "shared 5000/tcp first-alias winner"
	expect_equal "$(files_answer moving/tcp)" "moving 6000/tcp"
}

# Overlays named by relative paths, so that the header does not depend on where the tree is: a long
# path is cut to keep the line within 126 bytes.
@test "the header lists the overlays in the order applied" {
	cd "$FIXTURES"
	generate --overlay overlay/first.services --overlay overlay/second.services
	expect_equal "$(grep '^# Overlay' "$BATS_TEST_TMPDIR/services")" \
		"$(printf '# Overlay: %s\n' overlay/first.services overlay/second.services)"
}

@test "the built-in overlay is applied by default, first, and listed" {
	cd "$FIXTURES"
	"$GEN" --registry registry/merge-base.xml --services "$BATS_TEST_TMPDIR/services" \
		--overlay overlay/new-entries.services
	expect_equal "$(grep '^# Overlay' "$BATS_TEST_TMPDIR/services")" \
		"$(printf '# Overlay: %s\n' 'netbase-compat (built in)' overlay/new-entries.services)"
	expect_equal "$(fields | grep ' 43/tcp')" "whois 43/tcp nicname"
	expect_equal "$(fields | grep ' 3130/udp')" "icpv2 3130/udp icp"
	grep -q '^myapp ' "$BATS_TEST_TMPDIR/services"
}

@test "the built-in overlay is data/netbase-compat.services" {
	"$GEN" --registry "$(fixture registry/merge-base.xml)" --services "$BATS_TEST_TMPDIR/built-in"
	generate --overlay "$(dirname "$FIXTURES")/../data/netbase-compat.services"
	diff <(grep -v '^# Overlay' "$BATS_TEST_TMPDIR/built-in") <(grep -v '^# Overlay' "$BATS_TEST_TMPDIR/services")
}

@test "the index and the file still agree with overlays on" {
	need_private_mounts
	generate --overlay "$(fixture overlay/rebind.services)" --overlay "$(fixture overlay/new-entries.services)" \
		--overlay "$(fixture overlay/first.services)" --overlay "$(fixture overlay/second.services)"
	run in_namespace "$BATS_TEST_TMPDIR/services" files getent services
	files=$output
	NSS_IANA_INDEX=$BATS_TEST_TMPDIR/services.idx LD_LIBRARY_PATH=$NSS_MODULE_DIR \
		run in_namespace "$BATS_TEST_TMPDIR/services" iana getent services
	expect_equal "$output" "$files"
}
