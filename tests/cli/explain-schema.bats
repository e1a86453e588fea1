#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/explain-schema.bats: --json's documents, one per form of issue 24, validate against docs/iana-services.schema.json; a broken one does not.

load ../helpers

CHECK=$TEST_TOOLS/explain-check.py
SCHEMA=$BATS_TEST_DIRNAME/../../docs/iana-services.schema.json

setup_file() {
	[ -f "$REGISTRY" ] || { echo "no registry at $REGISTRY: the pinned snapshot is part of the source" >&2; return 1; }
	# Without python3-jsonschema the tests fail, never skip.
	"$PYTHON" -c 'import jsonschema' || { echo "python3-jsonschema is not installed: the tests need it" >&2; return 1; }
}

# The document of QUESTION (or --since DATE) as the command asks it: the built-in overlay, then OVERLAY, in DIR/NAME.json.
document() {
	local out=$1
	shift
	local status=0
	"$GEN" --registry "$REGISTRY" --overlay "$BATS_TEST_TMPDIR/local.services" --json "$@" > "$out" || status=$?
	echo "$* -> exit $status"
	# 1 for a question with no record and no line (49152/tcp), which has its document too.
	[ "$status" -le 1 ] && [ -s "$out" ] || { echo "no document for $*" >&2; return 1; }
}

validate() {
	run "$PYTHON" "$CHECK" validate "$SCHEMA" "$@"
	echo "$output"
}

@test "the schema is draft 2020-12, says its licence, and accepts each form of the issue, --since too" {
	run "$PYTHON" -c 'import json, sys; s = json.load(open(sys.argv[1])); print(s["$schema"]); print(s["$comment"])' "$SCHEMA"
	[[ "${lines[0]}" == "https://json-schema.org/draft/2020-12/schema" ]]
	[[ "${lines[1]}" == "SPDX-License-Identifier: LGPL-2.1-or-later. "* ]]
	# A local line, so that the documents hold each kind of source: registry, built-in and overlay.
	printf 'local-thing\t5993/udp\t# a local service\n' > "$BATS_TEST_TMPDIR/local.services"
	local q docs=() i=0
	# 9/tcp: discard's line has the built-in overlay's aliases.
	for q in 5993/tcp 5993 imaps IMAPS 6010/tcp 49152/tcp 9/tcp; do
		document "$BATS_TEST_TMPDIR/$i.json" --explain "$q"
		docs+=("$BATS_TEST_TMPDIR/$i.json")
		i=$((i + 1))
	done
	document "$BATS_TEST_TMPDIR/since.json" --since 2025-01-01
	validate "${docs[@]}" "$BATS_TEST_TMPDIR/since.json"
	[ "$status" -eq 0 ]
	run grep -c ': valid$' <<< "$output"
	expect_equal "$output" 8
	# Each source kind was among them.
	run cat "${docs[@]}"
	[[ "$output" == *'"kind": "registry"'* || "$output" == *'"kind":"registry"'* ]]
	[[ "$output" == *'"kind": "built-in"'* || "$output" == *'"kind":"built-in"'* ]]
	[[ "$output" == *'"kind": "overlay"'* || "$output" == *'"kind":"overlay"'* ]]
}

@test "a document the schema does not describe is rejected: a key missing, one too many, a value of another type" {
	printf 'local-thing\t5993/udp\t# a local service\n' > "$BATS_TEST_TMPDIR/local.services"
	document "$BATS_TEST_TMPDIR/good.json" --explain 5993
	document "$BATS_TEST_TMPDIR/since.json" --since 2025-01-01
	validate "$BATS_TEST_TMPDIR/good.json" "$BATS_TEST_TMPDIR/since.json"
	[ "$status" -eq 0 ]
	# break NAME PYTHON-STATEMENT: the good document changed by the statement (on d), in NAME.json.
	breaking() {
		"$PYTHON" -c 'import json, sys; d = json.load(open(sys.argv[1])); exec(sys.argv[2]); json.dump(d, open(sys.argv[3], "w"))' \
			"$BATS_TEST_TMPDIR/${3:-good}.json" "$2" "$BATS_TEST_TMPDIR/$1.json"
	}
	breaking no-records 'del d["records"]'
	breaking no-xml-line 'del d["records"][0]["xml_line"]'
	breaking extra-key 'd["lines"][0]["extra"] = 1'
	breaking port-too-high 'd["port"] = 65536'
	breaking bad-kind 'd["lines"][0]["source"]["kind"] = "file"'
	breaking named-port 'd["name"] = "cim-rs"'
	breaking spaced-note 'd["records"][0]["description"] = " CIM-RS"'
	breaking since-bad-date 'd["since"] = "2025-1-1"' since
	breaking since-with-file 'd["records"][0]["file"] = None' since
	local name
	for name in no-records no-xml-line extra-key port-too-high bad-kind named-port spaced-note since-bad-date since-with-file; do
		validate "$BATS_TEST_TMPDIR/$name.json"
		[ "$status" -eq 1 ] || { echo "$name.json validates"; return 1; }
		[[ "$output" == *"$name.json: invalid"* ]]
	done
}
