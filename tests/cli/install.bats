#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/install.bats: meson install into a DESTDIR puts every file where the packages and the module expect it.

load ../helpers

setup_file() {
	export ROOT=$BATS_FILE_TMPDIR/root
	meson install -C "$BUILD_ROOT" --no-rebuild --quiet --destdir "$ROOT"
	export SHARE=$ROOT$PKGDATADIR
}

@test "the module is in the library directory as libnss_iana.so.2, with no libnss_iana.so" {
	[ -f "$ROOT$LIBDIR/libnss_iana.so.2" ]
	expect_equal "$(find "$ROOT" -name 'libnss_iana*' | sed "s|^$ROOT||")" "$LIBDIR/libnss_iana.so.2"
	objdump -p "$ROOT$LIBDIR/libnss_iana.so.2" | grep -q 'SONAME *libnss_iana.so.2$'
}

@test "the generator and update-iana-services are in sbin, executable" {
	[ -x "$ROOT$SBINDIR/iana-services-gen" ]
	[ -x "$ROOT$SBINDIR/update-iana-services" ]
	run "$ROOT$SBINDIR/iana-services-gen" --version
	[ "$status" -eq 0 ]
	[[ "$output" == "iana-services-gen "* ]]
}

@test "update-iana-services runs the installed generator and writes the module's index" {
	grep -qx "GEN='$SBINDIR/iana-services-gen'" "$ROOT$SBINDIR/update-iana-services"
	grep -qx "INDEX='$DEFAULT_INDEX_PATH'" "$ROOT$SBINDIR/update-iana-services"
	sh -n "$ROOT$SBINDIR/update-iana-services"
}

@test "iana-services is in bin, executable, and asks the installed update-iana-services" {
	[ -x "$ROOT$BINDIR/iana-services" ]
	grep -qx "UPDATE_IANA_SERVICES='$SBINDIR/update-iana-services'" "$ROOT$BINDIR/iana-services"
	sh -n "$ROOT$BINDIR/iana-services"
	run "$ROOT$BINDIR/iana-services" --version
	[ "$status" -eq 0 ]
	[[ "$output" == "iana-services "[0-9]* ]]
}

@test "update-iana-services reads the protocol registry snapshot that is installed" {
	local protocol_registry
	protocol_registry=$(sed -n "s/^PROTOCOL_REGISTRY='\(.*\)'$/\1/p" "$ROOT$SBINDIR/update-iana-services")
	expect_equal "$protocol_registry" "$PKGDATADIR/protocol-numbers.xml"
	cmp "$ROOT$protocol_registry" "$PROTOCOL_REGISTRY"
}

@test "the snapshots, the default overlays and the canonical files are under share/nss-iana" {
	cmp "$SHARE/service-names-port-numbers.xml" "$REGISTRY"
	cmp "$SHARE/protocol-numbers.xml" "$PROTOCOL_REGISTRY"
	cmp "$SHARE/netbase-compat.services" "$(dirname "$REGISTRY")/netbase-compat.services"
	cmp "$SHARE/netbase-compat.protocols" "$(dirname "$REGISTRY")/netbase-compat.protocols"
	"$GEN" --registry "$REGISTRY" --services "$BATS_TEST_TMPDIR/services"
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --protocols "$BATS_TEST_TMPDIR/protocols"
	cmp "$SHARE/services" "$BATS_TEST_TMPDIR/services"
	cmp "$SHARE/protocols" "$BATS_TEST_TMPDIR/protocols"
	expect_equal "$(stat -c %a "$SHARE/services") $(stat -c %a "$SHARE/protocols")" "644 644"
}

@test "the JSON Schema of iana-services --json is under share/nss-iana, where the man pages say" {
	cmp "$SHARE/iana-services.schema.json" "$(dirname "$REGISTRY")/../docs/iana-services.schema.json"
}

@test "the timer and service are under the prefix, starting the installed update-iana-services --fetch" {
	[ -s "$ROOT$SYSTEMD_UNIT_DIR/nss-iana-update.timer" ]
	grep -qx "ExecStart=$SBINDIR/update-iana-services --fetch --index-only" "$ROOT$SYSTEMD_UNIT_DIR/nss-iana-update.service"
	grep -qx "ReadWritePaths=$(dirname "$DEFAULT_INDEX_PATH")" "$ROOT$SYSTEMD_UNIT_DIR/nss-iana-update.service"
}

@test "with DESTDIR set no state index is made; the vendor index is installed, whole, with the canonical files" {
	run find "$ROOT" -name '*.idx'
	expect_equal "$output" "$ROOT$VENDOR_INDEX_PATH"
	run "$GEN" --check-index "$ROOT$VENDOR_INDEX_PATH"
	[ "$status" -eq 0 ]
	cmp "$ROOT$PKGDATADIR/services" "$VENDOR_FILES/services"
	cmp "$ROOT$PKGDATADIR/protocols" "$VENDOR_FILES/protocols"
}

@test "the man pages are installed when they are built" {
	[ -n "$MAN_PAGES" ] || skip "man pages not built (-Dman=disabled, or no scdoc)"
	for page in $MAN_PAGES; do
		# In the section of its suffix: iana-services.1 in man1.
		[ -s "$ROOT$MANDIR/man${page##*.}/$page" ]
		grep -q '^\.TH' "$ROOT$MANDIR/man${page##*.}/$page"
	done
	# With this build's paths filled in; roff escapes are taken out first.
	sed 's/\\&//g; s/\\-/-/g' "$ROOT$MANDIR/man8/nss-iana.8" | grep -qF "$DEFAULT_INDEX_PATH"
}

@test "the man pages ask man for tbl on their first line, which scdoc does not write" {
	[ -n "$MAN_PAGES" ] || skip "man pages not built (-Dman=disabled, or no scdoc)"
	# groff's own warnings are lintian's to report: a newer groff words more of them.
	for page in $MAN_PAGES; do
		expect_equal "$(head -n 1 "$ROOT$MANDIR/man${page##*.}/$page")" "'\\\" t"
	done
}
