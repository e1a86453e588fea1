#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/full-registry.bats: the generator on the pinned IANA snapshot alone (no overlay), read back by glibc.

load ../helpers

setup_file() {
	[ -f "$REGISTRY" ] || { echo "no registry at $REGISTRY: the pinned snapshot is part of the source" >&2; return 1; }
	export SERVICES=$BATS_FILE_TMPDIR/services
	"$GEN" --registry "$REGISTRY" --no-default-overlay --services "$SERVICES"
}

@test "between 11,500 and 12,500 entries, each line at most 126 bytes" {
	count=$(entries "$SERVICES" | wc -l)
	echo "entries: $count"
	[ "$count" -ge 11300 ] && [ "$count" -le 12500 ]
	LC_ALL=C awk '{ if (length($0) > 126) { print FILENAME ":" NR ": " length($0); exit 1 } }' "$SERVICES"
}

@test "twice from the same registry, byte-identical" {
	"$GEN" --registry "$REGISTRY" --no-default-overlay --services "$BATS_TEST_TMPDIR/again"
	cmp "$SERVICES" "$BATS_TEST_TMPDIR/again"
}

@test "known facts of the registry" {
	grep -q '^imaps  *993/tcp ' "$SERVICES"
	# x11's range answers its first port: 6001 to 6063 have no other name.
	grep -q '^x11  *6000/tcp ' "$SERVICES"
	run grep -c -e ' 6001/tcp ' -e ' 6063/udp ' "$SERVICES"
	expect_equal "$output" 0
	grep -q '^http  *80/tcp  *www www-http ' "$SERVICES"
	grep -q 'updated 2026-08-17' "$SERVICES"
	# 5993/udp is Reserved in the registry: no line.
	run grep -c ' 5993/udp ' "$SERVICES"
	expect_equal "$output" 0
}

@test "glibc resolves imaps, x11/tcp and 80/tcp from it" {
	need_private_mounts
	run in_namespace "$SERVICES" files getent services imaps x11/tcp 80/tcp 5993/udp
	[ "$status" -eq 2 ] # 5993/udp is not there
	expect_equal "$(echo "$output" | tr -s ' ')" "$(printf '%s\n' 'imaps 993/tcp' 'x11 6000/tcp' 'http 80/tcp www www-http')"
}

@test "glibc's own parser reads every entry of it" {
	need_private_mounts
	run in_namespace "$SERVICES" files getent services
	[ "$status" -eq 0 ]
	expect_equal "$(echo "$output" | tr -s ' ')" "$(entries "$SERVICES" | sed 's/ *#.*//' | tr -s ' ')"
}

@test "glibc resolves every name, alias and port of it to its first line" {
	need_private_mounts
	# The answer files gives is the first line in file order with that name or port.
	entries "$SERVICES" | sed 's/ *#.*//' | awk '
		{ split($2, pp, "/")
		  for (i = 1; i <= NF; i++) if (i != 2 && !seen[$i "/" pp[2]]++) first[$i "/" pp[2]] = $0
		  if (!seen[$2]++) first[$2] = $0 }
		END { for (k in first) print k "\t" first[k] }' | sort > "$BATS_TEST_TMPDIR/expected"
	awk -F'\t' '{ split($1, kp, "/"); kind = ($1 ~ /^[0-9]+\/[a-z]+$/) ? "port" : "name"
		      proto = kp[length(kp)]; key = substr($1, 1, length($1) - length(proto) - 1)
		      print kind, key, proto }' "$BATS_TEST_TMPDIR/expected" > "$BATS_TEST_TMPDIR/questions"
	in_namespace "$SERVICES" files "$SERVQUERY" < "$BATS_TEST_TMPDIR/questions" > "$BATS_TEST_TMPDIR/answers"
	echo "questions: $(wc -l < "$BATS_TEST_TMPDIR/questions")"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/questions")" -gt 20000 ]
	run grep -c 'not found' "$BATS_TEST_TMPDIR/answers"
	expect_equal "$output" 0
	sed 's/^[a-z]* \(.*\) \([a-z]*\): /\1\/\2\t/' "$BATS_TEST_TMPDIR/answers" | sort > "$BATS_TEST_TMPDIR/got"
	tr -s ' ' < "$BATS_TEST_TMPDIR/expected" | diff - "$BATS_TEST_TMPDIR/got"
}
