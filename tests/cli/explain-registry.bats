#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/explain-registry.bats: --explain and --since answer what the registry's XML says, read independently by tests/tools/explain-check.py.

load ../helpers

CHECK=$TEST_TOOLS/explain-check.py
SCHEMA=$BATS_TEST_DIRNAME/../../docs/iana-services.schema.json
# Every kind of question the draw must hold (explain-check.py's CATEGORIES).
REQUIRED=('port in a range' 'reserved port' 'unassigned port' 'port with a protocol-less record'
	'port without a protocol-less record' 'dynamic port' 'port alone' 'port/protocol' 'port/unknown protocol'
	'name in upper case' 'name in mixed case' 'name without a port' 'name with several records' 'name/protocol'
	'unknown name')

setup_file() {
	[ -f "$REGISTRY" ] || { echo "no registry at $REGISTRY: the pinned snapshot is part of the source" >&2; return 1; }
	# The schema validation is part of the check: without python3-jsonschema the tests fail, never skip.
	"$PYTHON" -c 'import jsonschema' || { echo "python3-jsonschema is not installed: the tests need it" >&2; return 1; }
}

required() {
	local c
	for c in "${REQUIRED[@]}"; do printf -- '--require\n%s\n' "$c"; done
}

# explain-check.py REGISTRY [OPTION...], its output in the log.
check() {
	local requires
	mapfile -t requires < <(required)
	run "$PYTHON" "$CHECK" --gen "$GEN" --schema "$SCHEMA" --tmpdir "$BATS_TEST_TMPDIR" "${requires[@]}" "$@"
	echo "$output"
}

@test "the full registry: 200 ports and 200 names drawn with a fixed seed, and --since of two dates, match its XML and the schema" {
	check "$REGISTRY" --since 2020-01-01 --since 2025-06-30
	[ "$status" -eq 0 ]
	[[ "$output" == *" 0 mismatches in "* ]]
	# The draw asked what it says it asked, the issue's forms among them.
	[[ "$output" =~ [0-9]+\ questions:\ ([0-9]+)\ ports,\ ([0-9]+)\ names ]]
	[ "${BASH_REMATCH[1]}" -ge 200 ] && [ "${BASH_REMATCH[2]}" -ge 200 ]
	[[ "$output" == *"issue 24 6"* ]]
	[[ "$output" =~ --since\ 2020-01-01:\ ([0-9]+)\ records ]] && [ "${BASH_REMATCH[1]}" -gt 100 ]
}

@test "the fixture registry: every detail of a record, every question's text output too" {
	check "$(fixture explain/details.xml)" --ports 60 --names 40 --text-every 1 --since 2003-12-01 --since 2021-01-01
	[ "$status" -eq 0 ]
	[[ "$output" == *"registry $(fixture explain/details.xml): 16 records, 8 people, 1 footnotes"* ]]
	[[ "$output" == *" 0 mismatches in "* ]]
	[[ "$output" == *"--since 2003-12-01: 10 records"* ]]
	[[ "$output" == *"--since 2021-01-01: 7 records"* ]]
}

@test "the check can fail: a wrong value expected for any field is reported, with its question" {
	local field
	for field in name ports protocol description assignees contacts references registered modified notes \
		unauthorized service_code xml_line port_range lines status text; do
		check "$(fixture explain/details.xml)" --ports 8 --names 4 --break "$field"
		[ "$status" -eq 1 ] || { echo "--break $field: exit $status"; return 1; }
		[[ "$output" == *": $field: expected "* || "$output" == *": exit status: expected "* ||
			"$output" == *": text: no header "* ]] ||
			{ echo "--break $field: not reported"; return 1; }
	done
	# A draw short of a kind of question fails too.
	run "$PYTHON" "$CHECK" --gen "$GEN" --tmpdir "$BATS_TEST_TMPDIR" --ports 1 --names 1 --require 'no such kind' \
		"$(fixture explain/details.xml)"
	[ "$status" -eq 1 ]
	[[ "$output" == *"draw: no question of the category 'no such kind'"* ]]
}
