#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/protocols-differential.bats: glibc answers the same through "iana" on the index as through "files" on
# the canonical protocols file, for every name in three cases, numbers 0 to 262, and the whole enumeration;
# the only differences are names in another case, which files matches exactly and cannot find.

load ../helpers

setup_file() {
	setup_module_tests
}

setup() {
	need_private_mounts
}

# Every name and alias as written, lower-cased and upper-cased, every number from 0 to 262 (mptcp), and misses.
questions() {
	entries "$1" | sed 's/#.*//' | awk '{ for (i = 1; i <= NF; i++) if (i != 2) {
		print "name", $i; print "name", tolower($i); print "name", toupper($i) } }'
	seq 0 262 | sed 's/^/number /'
	printf '%s\n' 'name no-such-protocol' 'number -1' 'number 65536'
}

@test "every lookup answers the same through iana and files, but for names in another case" {
	questions "$PROTOCOLS" | sort -u > "$BATS_TEST_TMPDIR/questions"
	count=$(wc -l < "$BATS_TEST_TMPDIR/questions")
	echo "questions: $count"
	[ "$count" -gt 500 ]
	in_protocols_files "$PROTOCOLS" "$PROTOQUERY" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/files"
	in_iana "$PROTOQUERY" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/iana"
	expect_equal "$(wc -l < "$BATS_TEST_TMPDIR/iana")" "$count"
	# Names as written in the file, and every number: no difference at all.
	entries "$PROTOCOLS" | sed 's/#.*//' | awk '{ for (i = 1; i <= NF; i++) if (i != 2) print "name " $i ":" }' |
		sort -u > "$BATS_TEST_TMPDIR/spelled"
	paste -d '\n' "$BATS_TEST_TMPDIR/files" "$BATS_TEST_TMPDIR/iana" | paste - - |
		awk -F'\t' '$1 != $2' > "$BATS_TEST_TMPDIR/differences"
	echo "differences: $(wc -l < "$BATS_TEST_TMPDIR/differences")"
	# Each difference is a name in a case the file does not spell, which files does not find and iana does.
	if awk -F'\t' '$1 !~ /^name [^ ]*: not found$/ || $2 ~ /: not found$/' "$BATS_TEST_TMPDIR/differences" | grep .; then
		return 1
	fi
	cut -f1 "$BATS_TEST_TMPDIR/differences" | sed 's/ not found$//' | sort -u > "$BATS_TEST_TMPDIR/differing"
	[ -z "$(comm -12 "$BATS_TEST_TMPDIR/differing" "$BATS_TEST_TMPDIR/spelled")" ]
	# iana's answer for such a name is files' answer for the name as the file spells it.
	awk -F': ' 'FILENAME == ARGV[1] { spelled[$1] = 1; next }
		FILENAME == ARGV[2] { if ($1 in spelled) { k = $1; sub(/^name /, "", k); answer[tolower(k)] = $2 }; next }
		{ split($0, pair, "\t"); split(pair[2], q, ": "); k = q[1]; sub(/^name /, "", k)
		  if (q[2] != answer[tolower(k)]) { print q[1] ": " q[2] ", where files says " answer[tolower(k)]; bad = 1 } }
		END { exit bad }' <(sed 's/:$//' "$BATS_TEST_TMPDIR/spelled") "$BATS_TEST_TMPDIR/files" \
		"$BATS_TEST_TMPDIR/differences"
	[ "$(grep -c ': not found$' "$BATS_TEST_TMPDIR/iana")" -ge 3 ]
	grep -qx 'number 6: tcp 6 TCP' "$BATS_TEST_TMPDIR/iana"
	grep -qx 'number 260: not found' "$BATS_TEST_TMPDIR/iana"
	grep -qx 'number 262: mptcp 262 MPTCP' "$BATS_TEST_TMPDIR/iana"
	grep -qx 'name IPV6-ICMP: ipv6-icmp 58 IPv6-ICMP' "$BATS_TEST_TMPDIR/iana"
	grep -qx 'name IPV6-ICMP: not found' "$BATS_TEST_TMPDIR/files"
}

@test "the whole enumeration is the same through iana and files" {
	in_protocols_files "$PROTOCOLS" "$PROTOQUERY" enum > "$BATS_TEST_TMPDIR/files"
	in_iana "$PROTOQUERY" enum > "$BATS_TEST_TMPDIR/iana"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/files")" -eq "$(entries "$PROTOCOLS" | wc -l)" ]
	diff "$BATS_TEST_TMPDIR/files" "$BATS_TEST_TMPDIR/iana"
}

@test "getent's enumeration is the same through iana and files" {
	run in_protocols_files "$PROTOCOLS" getent protocols
	files=$output
	run in_iana getent protocols
	expect_equal "$output" "$files"
}
