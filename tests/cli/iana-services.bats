#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/iana-services.bats: iana-services says where each services-file line comes from (the registry, fetched or installed, the built-in netbase overlay, /etc/services, a drop-in), in text and in JSON; its exit statuses; any user may run it.

load ../helpers
load dropin-helpers

setup() {
	private_dirs
	need_private_mounts
	ETC_SERVICES=$(fixture iana-services/services)
}

# ask [OPTION]... QUESTION: iana-services with the fixture as /etc/services and the test's drop-in
# and state directories.
ask() {
	in_namespace "$ETC_SERVICES" files "$IANA_SERVICES" "$@"
}

# source_of PORT/PROTOCOL: the provenance line under each services-file line of that port and
# protocol in $output, the text output of a question.
source_of() {
	printf '%s\n' "$output" | awk -v want="$1" '
		$1 == "services" && $2 == "file:" && $4 == want { if ((getline next_line) > 0) print next_line }'
}

# json_sources: "PORT/PROTOCOL KIND FILE[; also KIND FILE]..." of each of lines[] in the JSON document in
# $output: the source whose line it is, and the others that list it.
json_sources() {
	printf '%s\n' "$output" | "$PYTHON" -c '
import json, sys
for line in json.load(sys.stdin)["lines"]:
    print("%d/%s " % (line["port"], line["protocol"]) +
          "; also ".join("%s %s" % (s["kind"], s["file"]) for s in [line["source"]] + line["also"]))'
}

# A newer registry fetched into the state directory, as update-iana-services --fetch leaves it: used
# over the snapshot, it has nssiana-fetched 61999/tcp, which the snapshot lacks.
fetched_registry() {
	mkdir -p "$NSS_IANA_STATE_DIR"
	"$TEST_TOOLS/registry-variant" newer "$REGISTRY" "$NSS_IANA_STATE_DIR/service-names-port-numbers.xml"
	"$TEST_TOOLS/registry-variant" newer "$PROTOCOL_REGISTRY" "$NSS_IANA_STATE_DIR/protocol-numbers.xml"
}

@test "a registry line: from the installed snapshot, in text and in JSON" {
	run ask 5993/tcp
	[ "$status" -eq 0 ]
	expect_equal "$(source_of 5993/tcp)" "  from the registry, $REGISTRY"
	run ask --json 5993/tcp
	[ "$status" -eq 0 ]
	expect_equal "$(json_sources)" "5993/tcp registry $REGISTRY"
}

@test "a registry line: from the fetched registry where it is later than the snapshot" {
	fetched_registry
	run ask nssiana-fetched
	[ "$status" -eq 0 ]
	expect_equal "$(source_of 61999/tcp)" "  from the registry, $NSS_IANA_STATE_DIR/service-names-port-numbers.xml"
	run ask --json nssiana-fetched
	[ "$status" -eq 0 ]
	expect_equal "$(json_sources)" "61999/tcp registry $NSS_IANA_STATE_DIR/service-names-port-numbers.xml"
	# The snapshot has no such name.
	rm "$NSS_IANA_STATE_DIR"/*.xml
	run ask nssiana-fetched
	[ "$status" -eq 1 ]
}

@test "a line of the built-in netbase overlay: spamd, which the registry lacks; mail, on a line the registry lists too" {
	run ask spamd
	[ "$status" -eq 0 ]
	expect_equal "$(source_of 783/tcp)" "  from the built-in netbase overlay"
	run ask --json spamd
	[ "$status" -eq 0 ]
	expect_equal "$(json_sources)" "783/tcp built-in None"
	run ask mail
	[ "$status" -eq 0 ]
	expect_equal "$(source_of 25/tcp)" "  from the built-in netbase overlay; also listed by the registry"
	run ask --json mail
	[ "$status" -eq 0 ]
	expect_equal "$(json_sources)" "25/tcp built-in None; also registry $REGISTRY"
}

@test "a line of the machine's /etc/services" {
	run ask nssiana-etc
	[ "$status" -eq 0 ]
	expect_equal "$(source_of 4720/tcp)" "  from /etc/services"
	run ask --json 4720/tcp
	[ "$status" -eq 0 ]
	expect_equal "$(json_sources)" "4720/tcp overlay /etc/services"
}

@test "a line of a drop-in, named; one /etc/services has too is the drop-in's, applied later" {
	# Before the drop-in, /etc/services gives it.
	run ask nssiana-both
	[ "$status" -eq 0 ]
	expect_equal "$(source_of 4721/tcp)" "  from /etc/services"
	mkdir -p "$NSS_IANA_CONFIG_DIR/services.d"
	cp "$(fixture iana-services/local.services)" "$NSS_IANA_CONFIG_DIR/services.d/10-local.services"
	run ask nssiana-local
	[ "$status" -eq 0 ]
	expect_equal "$(source_of 4723/tcp)" "  from $NSS_IANA_CONFIG_DIR/services.d/10-local.services"
	run ask nssiana-both
	[ "$status" -eq 0 ]
	expect_equal "$(source_of 4721/tcp)" \
		"  from $NSS_IANA_CONFIG_DIR/services.d/10-local.services; also listed by /etc/services"
	run ask --json nssiana-both
	[ "$status" -eq 0 ]
	expect_equal "$(json_sources)" \
		"4721/tcp overlay $NSS_IANA_CONFIG_DIR/services.d/10-local.services; also overlay /etc/services"
	run ask --json NSSIANA-LOCAL
	[ "$status" -eq 0 ]
	expect_equal "$(json_sources)" "4723/tcp overlay $NSS_IANA_CONFIG_DIR/services.d/10-local.services"
}

@test "a vendor drop-in whose name has spaces and a pattern character: the path whole" {
	mkdir -p "$NSS_IANA_VENDOR_CONFIG_DIR/services.d"
	cp "$(fixture iana-services/local.services)" "$NSS_IANA_VENDOR_CONFIG_DIR/services.d/50 vendor's [*].services"
	run ask --json 4723/tcp
	[ "$status" -eq 0 ]
	expect_equal "$(json_sources)" "4723/tcp overlay $NSS_IANA_VENDOR_CONFIG_DIR/services.d/50 vendor's [*].services"
}

@test "--since DATE lists the records of the registry in use changed after it" {
	fetched_registry
	run ask --json --since 2000-01-01
	[ "$status" -eq 0 ]
	expect_equal "$(printf '%s\n' "$output" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["registry"]["file"])')" \
		"$NSS_IANA_STATE_DIR/service-names-port-numbers.xml"
}

@test "usage errors: exit 2, saying what is wrong" {
	run ask
	[ "$status" -eq 2 ]
	[[ "$output" == "iana-services: a QUESTION"*"is needed"* ]]
	run ask 5993/tcp imaps
	[ "$status" -eq 2 ]
	[[ "$output" == "iana-services: one question at a time"* ]]
	run ask --since 2026-01-01 imaps
	[ "$status" -eq 2 ]
	[[ "$output" == "iana-services: a QUESTION or --since DATE, not both"* ]]
	run ask --since
	[ "$status" -eq 2 ]
	[[ "$output" == "iana-services: --since needs a DATE"* ]]
	run ask --frobnicate imaps
	[ "$status" -eq 2 ]
	[[ "$output" == "iana-services: unknown option '--frobnicate'"* ]]
}

@test "the generator's errors and answers keep their exit status: a bad question 2, no record 1, an answer 0" {
	run ask 65536
	[ "$status" -eq 2 ]
	[[ "$output" == *"65536"* ]]
	run ask 'not a question!'
	[ "$status" -eq 2 ]
	run ask --since last-week
	[ "$status" -eq 2 ]
	run ask 5993/xyz
	[ "$status" -eq 1 ]
	[[ "$output" == *"no record or line for 5993/xyz"* ]]
	run ask nssiana-nowhere
	[ "$status" -eq 1 ]
	[[ "$output" == *"no record or line for nssiana-nowhere"* ]]
	run ask IMAPS
	[ "$status" -eq 0 ]
}

@test "--help and --version: exit 0" {
	run "$IANA_SERVICES" --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Usage: iana-services [--json] QUESTION" ]]
	run "$IANA_SERVICES" -V
	[ "$status" -eq 0 ]
	[[ "$output" == "iana-services "[0-9]* ]]
}

@test "when update-iana-services cannot say what this machine uses: exit 2" {
	sed "s|^UPDATE_IANA_SERVICES=.*|UPDATE_IANA_SERVICES='$BATS_TEST_TMPDIR/no-such-update-iana-services'|" \
		"$IANA_SERVICES" > "$BATS_TEST_TMPDIR/iana-services"
	chmod +x "$BATS_TEST_TMPDIR/iana-services"
	run in_namespace "$ETC_SERVICES" files "$BATS_TEST_TMPDIR/iana-services" imaps
	[ "$status" -eq 2 ]
	[[ "$output" == *"iana-services: $BATS_TEST_TMPDIR/no-such-update-iana-services --inputs failed"* ]]
}

# teardown: the directory the ordinary user's test made outside the test's own, which that user cannot reach.
teardown() {
	if [ -n "${SHARED:-}" ]; then rm -rf "$SHARED"; fi
}

@test "an ordinary user: the fetched registry and a drop-in, read-only state, nothing written" {
	local as_user
	if [ "$(id -u)" = 0 ]; then
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		run setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$GEN" -a -r "$REGISTRY" -a -x "$IANA_SERVICES"
		[ "$status" -eq 0 ] || skip "the build directory is out of nobody's reach"
	else
		# Root of a user namespace, held to the modes.
		as_user=(setpriv --inh-caps=-all --bounding-set=-all)
	fi
	# The test's own directory is out of that user's reach: the state and drop-in directories, the
	# dpkg-divert stub and a temporary directory go in one it can read, root's, but for the last.
	SHARED=$(mktemp -d "${TMPDIR:-/tmp}/nss-iana-user.XXXXXX")
	chmod 755 "$SHARED"
	cp -R "$BATS_TEST_TMPDIR/bin" "$SHARED/bin"
	export PATH=$SHARED/bin:$PATH NSS_IANA_STATE_DIR=$SHARED/state NSS_IANA_CONFIG_DIR=$SHARED/etc
	export NSS_IANA_VENDOR_CONFIG_DIR=$SHARED/vendor
	fetched_registry
	mkdir -p "$NSS_IANA_CONFIG_DIR/services.d" "$SHARED/tmp"
	cp "$(fixture iana-services/local.services)" "$NSS_IANA_CONFIG_DIR/services.d/10-local.services"
	chmod -R a+rX,go-w "$SHARED"
	# Where that user may write, to see that nothing is left there.
	chmod 1777 "$SHARED/tmp"
	ls -lAR --time-style=full-iso "$NSS_IANA_STATE_DIR" "$NSS_IANA_CONFIG_DIR" > "$BATS_TEST_TMPDIR/before"
	run in_namespace "$ETC_SERVICES" files env TMPDIR="$SHARED/tmp" "${as_user[@]}" "$IANA_SERVICES" nssiana-fetched
	[ "$status" -eq 0 ]
	expect_equal "$(source_of 61999/tcp)" "  from the registry, $NSS_IANA_STATE_DIR/service-names-port-numbers.xml"
	run in_namespace "$ETC_SERVICES" files env TMPDIR="$SHARED/tmp" "${as_user[@]}" "$IANA_SERVICES" nssiana-local
	[ "$status" -eq 0 ]
	expect_equal "$(source_of 4723/tcp)" "  from $NSS_IANA_CONFIG_DIR/services.d/10-local.services"
	ls -lAR --time-style=full-iso "$NSS_IANA_STATE_DIR" "$NSS_IANA_CONFIG_DIR" | diff "$BATS_TEST_TMPDIR/before" -
	expect_equal "$(ls -A "$SHARED/tmp")" ""
}
