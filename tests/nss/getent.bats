#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/getent.bats: real getent through glibc and libnss_iana.so.2, in a private mount namespace.

load ../helpers

setup_file() {
	setup_module_tests
}

getent_iana() {
	in_iana getent services "$@"
}

@test "getent services imaps and 993/tcp answer through services: iana" {
	need_private_mounts
	run getent_iana imaps
	[ "$status" -eq 0 ]
	expect_equal "$(echo "$output" | tr -s ' ')" "imaps 993/tcp"
	run getent_iana 993/tcp
	[ "$status" -eq 0 ]
	expect_equal "$(echo "$output" | tr -s ' ')" "imaps 993/tcp"
}

@test "ranges, aliases, protocol-less names and the built-in overlay" {
	need_private_mounts
	run getent_iana x11 80 www-http/tcp discard 6001/tcp mail/tcp
	[ "$status" -eq 0 ]
	expect_equal "$(echo "$output" | tr -s ' ')" "$(printf '%s\n' 'x11 6000/tcp x11-0' 'http 80/tcp www www-http' \
		'http 80/tcp www www-http' 'discard 9/tcp sink null' 'x11-1 6001/tcp' 'smtp 25/tcp mail')"
}

@test "names in any case" {
	need_private_mounts
	run getent_iana HTTP Imaps/tcp
	[ "$status" -eq 0 ]
	expect_equal "$(echo "$output" | tr -s ' ')" "$(printf '%s\n' 'http 80/tcp www www-http' 'imaps 993/tcp')"
}

@test "a miss is not found (exit 2)" {
	need_private_mounts
	run getent_iana no-such-service 5993/udp imaps/udp
	[ "$status" -eq 2 ]
	expect_equal "$output" ""
}

@test "the whole enumeration comes from the index" {
	need_private_mounts
	run getent_iana
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | wc -l)" -gt 11300 ]
}

@test "without an index the module is UNAVAIL and the next source answers" {
	need_private_mounts
	printf 'only-in-files 4242/tcp\n' > "$BATS_TEST_TMPDIR/services"
	NSS_IANA_INDEX=$BATS_TEST_TMPDIR/missing.idx run in_namespace "$BATS_TEST_TMPDIR/services" "iana files" \
		getent services only-in-files
	[ "$status" -eq 0 ]
	[[ "$output" == only-in-files* ]]
	NSS_IANA_INDEX=$BATS_TEST_TMPDIR/missing.idx run in_namespace "$BATS_TEST_TMPDIR/services" iana \
		getent services only-in-files imaps
	[ "$status" -eq 2 ]
}

@test "a damaged index is UNAVAIL and the next source answers" {
	need_private_mounts
	printf 'only-in-files 4242/tcp\n' > "$BATS_TEST_TMPDIR/services"
	head -c 100000 "$(index_data "$NSS_IANA_INDEX")" > "$BATS_TEST_TMPDIR/cut.idx"
	NSS_IANA_INDEX=$BATS_TEST_TMPDIR/cut.idx run in_namespace "$BATS_TEST_TMPDIR/services" "iana files" \
		getent services only-in-files imaps
	[ "$status" -eq 2 ]
	[[ "$output" == only-in-files* ]]
	[ "$(echo "$output" | wc -l)" -eq 1 ]
}

@test "the index is found at the path built in when NSS_IANA_INDEX is unset" {
	run strings "$NSS_MODULE_DIR/libnss_iana.so.2"
	[[ "$output" == *"$DEFAULT_INDEX_PATH"* ]]
	run env -u NSS_IANA_INDEX "$MODULE_PROBE" "$NSS_MODULE_DIR/libnss_iana.so.2" imaps tcp
	if [ -e "$DEFAULT_INDEX_PATH" ]; then expect_equal "$output" SUCCESS; else expect_equal "$output" UNAVAIL; fi
}

@test "setuid programs ignore NSS_IANA_INDEX (secure_getenv)" {
	need_private_mounts
	[ "$(id -u)" = 0 ] || skip "needs root to make a setuid copy"
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$(fixture registry/lookups.xml)" --index "$BATS_TEST_TMPDIR/lookups.idx"
	# A directory the unprivileged user can reach, for a private tmpfs that allows setuid.
	mnt=$(mktemp -d "${TMPDIR:-/tmp}/nss-iana-setuid.XXXXXX")
	chmod 755 "$mnt"
	run private_mounts sh -c '
		mount -t tmpfs -o mode=755 none "$1"
		cp "$2" "$3" "$4" "$5" "$6" "$1/"
		chmod 4755 "$1/module-probe" "$1/id"
		chmod 644 "$1/libnss_iana.so.2" "$1"/lookups.idx*
		export NSS_IANA_INDEX="$1/lookups.idx"
		echo "setuid id: $(setpriv --reuid=65534 --regid=65534 --clear-groups "$1/id" -u)"
		echo "plain: $(setpriv --reuid=65534 --regid=65534 --clear-groups "$1/module-probe" "$1/libnss_iana.so.2" tcponly tcp)"
		chmod 0755 "$1/module-probe"
		echo "not setuid: $(setpriv --reuid=65534 --regid=65534 --clear-groups "$1/module-probe" "$1/libnss_iana.so.2" tcponly tcp)"
		' sh "$mnt" "$MODULE_PROBE" "$NSS_MODULE_DIR/libnss_iana.so.2" "$BATS_TEST_TMPDIR/lookups.idx" \
		"$(index_data "$BATS_TEST_TMPDIR/lookups.idx")" "$(command -v id)"
	rmdir "$mnt"
	# qemu-user runs a program of another architecture with the emulator's credentials, unless
	# binfmt_misc registered it with the C flag: there, no program runs setuid.
	if [[ "$output" == *"setuid id: 65534"* ]]; then
		skip "a setuid program does not run setuid here (an emulator, registered without binfmt_misc's C flag)"
	fi
	[[ "$output" == *"setuid id: 0"* ]]
	[[ "$output" == *"not setuid: SUCCESS"* ]]
	[[ "$output" != *"plain: SUCCESS"* ]]
	[[ "$output" == *"plain: "[A-Z]* ]]
}
