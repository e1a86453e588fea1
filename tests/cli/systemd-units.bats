#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/systemd-units.bats: the units of update-iana-services (the --fetch timer, the drop-ins' path unit, their services) pass systemd-analyze verify and are sandboxed; the tmpfiles.d entry makes the state directory.

load ../helpers

setup() {
	SERVICE=$TEST_UNITS_DIR/nss-iana-update.service TIMER=$TEST_UNITS_DIR/nss-iana-update.timer
	PATH_UNIT=$TEST_UNITS_DIR/nss-iana-regenerate.path REGENERATE=$TEST_UNITS_DIR/nss-iana-regenerate.service
}

@test "the timer, the path unit and their services pass systemd-analyze verify without a warning" {
	command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed"
	# --man=no: the man page is not installed while testing.
	run systemd-analyze verify --man=no "$SERVICE" "$TIMER" "$PATH_UNIT" "$REGENERATE"
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

@test "the path unit watches the drop-in directories and is enabled; its service writes only the state directory" {
	for dir in /etc/nss-iana /usr/lib/nss-iana; do
		grep -qx "PathChanged=$dir/services.d" "$PATH_UNIT"
		grep -qx "PathChanged=$dir/protocols.d" "$PATH_UNIT"
	done
	grep -qx 'PathChanged=/etc/services' "$PATH_UNIT"
	grep -qx 'Unit=nss-iana-regenerate.service' "$PATH_UNIT"
	grep -qx 'WantedBy=paths.target' "$PATH_UNIT"
	# Never /etc: a generated /etc/services it wrote would start it again.
	grep -qx "ExecStart=$TEST_UNITS_DIR/update-iana-services --index-only" "$REGENERATE"
	grep -qx 'ProtectSystem=strict' "$REGENERATE"
	grep -qx "ReadWritePaths=$TEST_UNITS_DIR" "$REGENERATE"
	grep -qx 'PrivateNetwork=yes' "$REGENERATE"
}

@test "the tmpfiles.d entry creates the state directory, root's, mode 0755" {
	command -v systemd-tmpfiles >/dev/null || skip "systemd-tmpfiles is not installed"
	local root=$BATS_TEST_TMPDIR/root
	mkdir "$root"
	[ ! -e "$root$STATE_DIR" ]
	run systemd-tmpfiles --create --root="$root" "$TMPFILES_CONF"
	[ "$status" -eq 0 ]
	[ -d "$root$STATE_DIR" ]
	expect_equal "$(stat -c %a "$root$STATE_DIR")" 755
}
