#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/case-insensitive.bats: names with capitals resolve in any case through the module, and in lower
# case through files, thanks to a lower-case alias in the canonical file.

load ../helpers

setup_file() {
	setup_module_tests
}

# The name and protocol of every name with capitals in the registry's part of the file.
capitalised() {
	entries "$SERVICES" | sed 's/ *#.*//' | awk '{ split($2, pp, "/"); for (i = 1; i <= NF; i++)
		if (i != 2 && $i ~ /[A-Z]/ && $i !~ /\//) print $i, pp[2] }' | sort -u
}

@test "a fixture's capitals get a lower-case alias, never twice; a first line carries every spelling" {
	need_private_mounts
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$(fixture registry/merge-base.xml)" --no-default-overlay \
		--overlay "$(fixture overlay/capitals.services)" --services "$BATS_TEST_TMPDIR/services" \
		--index "$BATS_TEST_TMPDIR/services.idx"
	expect_equal "$(entries "$BATS_TEST_TMPDIR/services" | sed 's/ *#.*//' | tr -s ' ' | grep -e 7000 -e 371)" \
		"$(printf '%s\n' 'clearcase 371/tcp Clearcase' 'Clearcase 371/udp clearcase' 'MyApp 7000/tcp MYAPP-ALT myapp myapp-alt')"
	printf '%s\n' 'name Clearcase' 'name clearcase' 'name Clearcase udp' 'name clearcase udp' 'name myapp-alt' > "$BATS_TEST_TMPDIR/q"
	in_namespace "$BATS_TEST_TMPDIR/services" files "$SERVQUERY" < "$BATS_TEST_TMPDIR/q" > "$BATS_TEST_TMPDIR/files"
	NSS_IANA_INDEX=$BATS_TEST_TMPDIR/services.idx in_namespace "$BATS_TEST_TMPDIR/services" iana "$SERVQUERY" \
		< "$BATS_TEST_TMPDIR/q" > "$BATS_TEST_TMPDIR/iana"
	diff "$BATS_TEST_TMPDIR/files" "$BATS_TEST_TMPDIR/iana"
	expect_equal "$(head -n 1 "$BATS_TEST_TMPDIR/iana")" "name Clearcase *: clearcase 371/tcp Clearcase"
}

@test "every line with a capitalised name carries its lower-case alias" {
	count=0
	while read -r name proto; do
		lower=$(tr 'A-Z' 'a-z' <<< "$name")
		grep -E "(^| )$(sed 's/[.*+]/\\&/g' <<< "$name")( |$)" "$SERVICES" | sed 's/ *#.*//' |
			grep -qE "(^| )$(sed 's/[.*+]/\\&/g' <<< "$lower")( |$)"
		count=$((count + 1))
	done < <(capitalised)
	echo "names with capitals: $count"
	[ "$count" -gt 60 ]
}

@test "every capitalised name resolves through the module in its case, upper and lower case" {
	need_private_mounts
	capitalised | while read -r name proto; do
		printf 'name %s %s\nname %s %s\nname %s %s\n' "$name" "$proto" \
			"$(tr 'a-z' 'A-Z' <<< "$name")" "$proto" "$(tr 'A-Z' 'a-z' <<< "$name")" "$proto"
	done > "$BATS_TEST_TMPDIR/questions"
	in_iana "$SERVQUERY" < "$BATS_TEST_TMPDIR/questions" \
		> "$BATS_TEST_TMPDIR/answers"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/answers")" -gt 180 ]
	run grep -c 'not found' "$BATS_TEST_TMPDIR/answers"
	expect_equal "$output" 0
	# The three spellings of each name give the same answer.
	awk -F': ' '{ a[NR % 3] = $2 } NR % 3 == 0 && (a[0] != a[1] || a[1] != a[2]) { print; bad = 1 }
		END { exit bad }' "$BATS_TEST_TMPDIR/answers"
}

@test "every capitalised name resolves through files in lower case" {
	need_private_mounts
	capitalised | while read -r name proto; do
		printf 'name %s %s\n' "$(tr 'A-Z' 'a-z' <<< "$name")" "$proto"
	done > "$BATS_TEST_TMPDIR/questions"
	in_namespace "$SERVICES" files "$SERVQUERY" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/answers"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/answers")" -gt 60 ]
	run grep -c 'not found' "$BATS_TEST_TMPDIR/answers"
	expect_equal "$output" 0
}
