#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/explain.bats: the generator's --explain and --since: their forms, why a name is not in the file, their exit statuses and usage errors.

load ../helpers

explain() {
	"$GEN" --registry "$REGISTRY" "$@"
}

@test "a port and protocol gives its record, its line and where the line came from" {
	run explain --explain 5993/tcp
	[ "$status" -eq 0 ]
	expect_equal "5993/tcp: in the User Ports (1024-49151)
cim-rs 5993/tcp: DMTF WBEM CIM REST
  assignee: WS, Inc <mailto:Jim.Davis&ws-inc.com>
  contact: Jim Davis <mailto:Jim.Davis&ws-inc.com>
  registered: 2015-04-24
  in the services file
services file: cim-rs          5993/tcp                        # DMTF WBEM CIM REST
  from the registry, $REGISTRY" "$output"
}

@test "a name in any case gives its records, references as RFC numbers" {
	run explain --explain IMAPS
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "imaps 993/tcp: IMAP over TLS protocol" ]]
	[[ "$output" == *$'\n  reference: RFC 3501\n  reference: RFC 8314\n  reference: RFC 9051\n  modified: 2021-02-22\n'* ]]
	[[ "$output" == *$'\nservices file: imaps '*' 993/tcp '* ]]
}

@test "a port alone gives every protocol's records, Reserved among them" {
	run explain --explain 5993
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\ncim-rs 5993/tcp: DMTF WBEM CIM REST\n'* ]]
	[[ "$output" == *$'\n5993/udp: Reserved\n'* ]]
}

@test "a port inside a range: the name stays on the range's first port" {
	run explain --explain 6010/tcp
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\nx11 6000-6063/tcp: X Window System\n'* ]]
	[[ "$output" == *"not in the services file: a name stays on the first line of its protocol: the range's first port, 6000/tcp, has it"* ]]
	[[ "$output" == *$'\nservices file: no line for 6010/tcp' ]]
}

@test "a dynamic port has no record, and says which range it is in" {
	run explain --explain 49152/tcp
	[ "$status" -eq 1 ]
	[[ "$output" == *"49152/tcp: in the Dynamic and/or Private Ports (49152-65535), which IANA does not assign"* ]]
	[[ "$output" == *"registry: no record for 49152/tcp"* ]]
	[[ "$output" == *"iana-services-gen: no record or line for 49152/tcp"* ]]
}

@test "a name an overlay binds elsewhere says which overlay's line wins" {
	run "$GEN" --registry "$(fixture registry/merge-base.xml)" --no-default-overlay \
		--overlay "$(fixture overlay/rebind.services)" --explain dicom
	[ "$status" -eq 0 ]
	[[ "$output" == *"not in the services file: $(fixture overlay/rebind.services) has a line of the same name, 104/tcp, which wins over the registry"* ]]
	[[ "$output" == *$'\n  from '"$(fixture overlay/rebind.services)"'; also listed by the registry' ]]
}

@test "a line of the built-in overlay says so, and the other sources that list it" {
	run explain --explain 6000/tcp
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\nservices file: x11             6000/tcp    x11-0 '*$'\n  from the built-in netbase overlay; also listed by the registry' ]]
	printf 'x11\t6000/tcp\n' > "$BATS_TEST_TMPDIR/services"
	run explain --overlay "$BATS_TEST_TMPDIR/services" --explain 6000/tcp
	[[ "$output" == *$'\n  from '"$BATS_TEST_TMPDIR/services"'; also listed by the built-in netbase overlay, the registry' ]]
}

@test "a name registered without a port has no line, and says so" {
	run explain --explain argus
	[ "$status" -eq 0 ]
	[[ "$output" == *$'argus (no port): ARGUS Protocol\n  not in the services file: no line comes of a record without a number\n'* ]]
	[[ "$output" == *"services file: no line for argus" ]]
}

@test "a name with no record and no line is status 1" {
	run explain --explain no-such-service-anywhere
	[ "$status" -eq 1 ]
	[[ "$output" == *"iana-services-gen: no record or line for no-such-service-anywhere"* ]]
}

@test "--json is one document" {
	explain --explain imaps --json > "$BATS_TEST_TMPDIR/out.json"
	run "$PYTHON" -c 'import json, sys
d = json.load(open(sys.argv[1]))
r = d["records"][0]
print(d["name"], d["port"], r["name"], r["ports"], [x["text"] for x in r["references"]], r["file"]["listed"],
      d["lines"][0]["source"]["kind"])' "$BATS_TEST_TMPDIR/out.json"
	[ "$status" -eq 0 ]
	expect_equal "imaps None imaps {'first': 993, 'last': 993} ['RFC 3501', 'RFC 8314', 'RFC 9051'] True registry" "$output"
}

@test "--since lists the records registered or modified after the date" {
	run explain --since 2026-08-01
	[ "$status" -eq 0 ]
	[ -n "$output" ]
	# Every record listed has a date after the one given.
	"$GEN" --registry "$REGISTRY" --since 2026-08-01 --json | "$PYTHON" -c 'import json, sys
d = json.load(sys.stdin)
assert d["records"], d
for r in d["records"]:
    assert max(r["registered"] or "", r["modified"] or "") > "2026-08-01", r'
	run explain --since 2999-01-01
	[ "$status" -eq 1 ]
	[[ "$output" == *"no record registered or modified after 2999-01-01"* ]]
}

@test "a bad question is status 2 with a message" {
	for question in "a b" "" "5993/" "/tcp" "x/y/z" "imaps/t cp" "#x"; do
		run explain --explain "$question"
		[ "$status" -eq 2 ] || { echo "'$question': status $status"; return 1; }
		[[ "$output" == *"is neither a port, PORT/PROTOCOL nor a service name"* ]] || { echo "'$question': $output"; return 1; }
	done
	for port in 65536 70000 1234567; do
		run explain --explain "$port/tcp"
		[ "$status" -eq 2 ]
		[[ "$output" == *"port $port is over 65535"* ]]
	done
}

@test "a bad date is status 2" {
	for date in yesterday 2026-13-01 2026-1-01 2026-01-32; do
		run explain --since "$date"
		[ "$status" -eq 2 ] || { echo "'$date': status $status"; return 1; }
		[[ "$output" == *"'$date' is not a date: give --since YYYY-MM-DD"* ]]
	done
}

@test "a registry or an overlay that cannot be read is status 2" {
	run "$GEN" --registry "$BATS_TEST_TMPDIR/missing.xml" --explain imaps
	[ "$status" -eq 2 ]
	[[ "$output" == *"missing.xml: cannot open"* ]]
	run explain --overlay "$(fixture bad-overlay/port-out-of-range.services)" --explain imaps
	[ "$status" -eq 2 ]
	[[ "$output" == *"port-out-of-range.services: line"* ]]
}

@test "an answer that cannot be written is status 2" {
	[ -w /dev/full ] || { echo "no /dev/full"; return 1; }
	run sh -c '"$1" --registry "$2" --explain imaps > /dev/full' sh "$GEN" "$REGISTRY"
	[ "$status" -eq 2 ]
	[[ "$output" == *"standard output: write error"* ]]
}

@test "--explain and --since take no other output, nor each other; --json needs one" {
	run explain --explain imaps --services -
	[ "$status" -eq 2 ]
	[[ "$output" == *"--explain only answers"* ]]
	run explain --since 2026-01-01 --diff /dev/null
	[ "$status" -eq 2 ]
	[[ "$output" == *"--since only answers"* ]]
	run explain --explain imaps --since 2026-01-01
	[ "$status" -eq 2 ]
	[[ "$output" == *"give --explain or --since, not both"* ]]
	run explain --json --services -
	[ "$status" -eq 2 ]
	[[ "$output" == *"--json is for --explain and --since"* ]]
}
