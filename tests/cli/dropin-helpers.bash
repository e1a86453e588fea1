# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/dropin-helpers.bash: what the tests of drop-ins and of the state index share: their own state and drop-in directories, a dpkg-divert that diverts only where a test says so.

# The test's own state and drop-in directories, never the host's nor another test's; $INDEX, the state
# index. The module's NSS_IANA_INDEX is not set: update-iana-services writes the state index by its rule.
private_dirs() {
	export NSS_IANA_STATE_DIR=$BATS_TEST_TMPDIR/state NSS_IANA_CONFIG_DIR=$BATS_TEST_TMPDIR/etc
	export NSS_IANA_VENDOR_CONFIG_DIR=$BATS_TEST_TMPDIR/vendor
	unset NSS_IANA_INDEX
	INDEX=$NSS_IANA_STATE_DIR/services.idx
	mkdir "$BATS_TEST_TMPDIR/bin"
	# Whatever the host's dpkg holds, /etc/services is diverted only where DIVERTED_BY says so.
	cat > "$BATS_TEST_TMPDIR/bin/dpkg-divert" <<'STUB'
#!/bin/sh
case $* in
"--listpackage /etc/services") echo "${DIVERTED_BY:-}" ;;
"--listpackage /etc/protocols") ;;
*) exit 2 ;;
esac
STUB
	chmod +x "$BATS_TEST_TMPDIR/bin/dpkg-divert"
	export PATH=$BATS_TEST_TMPDIR/bin:$PATH
}

# dropin DIR DATABASE NAME FIXTURE: the fixture dropins/FIXTURE as the drop-in DIR/DATABASE.d/NAME.
dropin() {
	mkdir -p "$1/$2.d"
	cp "$(fixture "dropins/$4")" "$1/$2.d/$3"
}
