#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/systemd-units.bats: the timer and service of update-iana-services --fetch pass systemd-analyze verify, and the service is sandboxed.

load ../helpers

setup() {
	SERVICE=$TEST_UNITS_DIR/nss-iana-update.service TIMER=$TEST_UNITS_DIR/nss-iana-update.timer
}

@test "the timer and the service pass systemd-analyze verify without a warning" {
	command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed"
	# --man=no: the man page is not installed while testing.
	run systemd-analyze verify --man=no "$SERVICE" "$TIMER"
	[ "$status" -eq 0 ]
	expect_equal "$output" ""
}

@test "the timer runs weekly with a randomised delay; the service writes only the state directory" {
	grep -qx 'OnCalendar=weekly' "$TIMER"
	grep -q '^RandomizedDelaySec=' "$TIMER"
	grep -qx "ExecStart=$TEST_UNITS_DIR/update-iana-services --fetch --index-only" "$SERVICE"
	grep -qx 'ProtectSystem=strict' "$SERVICE"
	grep -qx "ReadWritePaths=$TEST_UNITS_DIR" "$SERVICE"
	grep -qx 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' "$SERVICE"
}
