#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/corrupt-index.bats: damaged indexes and odd files at the index path, through real getent: never a
# signal, never a hang; damage is UNAVAIL, so glibc says "not found" (or asks the next source).

load ../helpers

# Copies of each kind a run damages; a seed that changes with the day draws other copies each day, so that
# runs over time try far more than one run's time allows. NSS_IANA_TEST_SEED replays a run.
DAMAGED=500
HOSTILE=250
LINKED=250

setup_file() {
	setup_module_tests
	# A whole index, to damage: the data file the link names.
	REAL_INDEX=$(index_data "$NSS_IANA_INDEX")
	SEED=${NSS_IANA_TEST_SEED:-$(($(date -u +%s) / 86400))}
	export REAL_INDEX SEED
	echo "# damaged copies drawn with seed $SEED (NSS_IANA_TEST_SEED=$SEED replays them)" >&3
}

setup() {
	need_private_mounts
}

# Runs getent on every index in a directory, in one namespace, and prints two lines per index:
# "NAME lookups STATUS" and "NAME protocol-lookups STATUS", then when asked "NAME enumeration STATUS
# LINES" and "NAME protocol-enumeration STATUS LINES" (getent exits 0 after an enumeration, whatever it
# found).
getent_each() {
	in_iana bash -c '
		for f in "$1"/*; do
			# Data files are reached through their links.
			case $f in *.data) continue ;; esac
			NSS_IANA_INDEX=$f timeout 10 getent services imaps 993/tcp http discard/udp 6001/tcp > /dev/null
			echo "${f##*/} lookups $?"
			NSS_IANA_INDEX=$f timeout 10 getent protocols tcp 132 ipv6-icmp 0 > /dev/null
			echo "${f##*/} protocol-lookups $?"
			if [ "$2" = enumerate ]; then
				NSS_IANA_INDEX=$f timeout 10 getent services > "$3"
				echo "${f##*/} enumeration $? $(wc -l < "$3")"
				NSS_IANA_INDEX=$f timeout 10 getent protocols > "$3"
				echo "${f##*/} protocol-enumeration $? $(wc -l < "$3")"
			fi
		done' sh "$1" "${2:-}" "$BATS_TEST_TMPDIR/enumerated"
}

# The results of COUNT indexes, lookups and enumerations of both databases: each lookup answered or
# not found, each enumeration ended; the counts shown.
#   expect_answered_or_not RESULTS COUNT
expect_answered_or_not() {
	expect_equal "$(wc -l < "$1")" $(($2 * 4))
	echo "lookups answered: $(grep -c ' lookups 0$' "$1"), not found: $(grep -c ' lookups 2$' "$1");" \
		"protocol lookups answered: $(grep -c 'protocol-lookups 0$' "$1")," \
		"not found: $(grep -c 'protocol-lookups 2$' "$1")"
	run grep -v -e '[ -]lookups [02]$' -e '[ -]enumeration 0 [0-9]*$' "$1"
	expect_equal "$output" ""
}

@test "the undamaged index answers (exit 0), so the checks below can tell" {
	mkdir "$BATS_TEST_TMPDIR/good"
	cp "$REAL_INDEX" "$BATS_TEST_TMPDIR/good/real"
	run getent_each "$BATS_TEST_TMPDIR/good" enumerate
	[[ "$output" == $'real lookups 0\nreal protocol-lookups 0\nreal enumeration 0 '* ]]
	[[ "$output" == *$'\nreal protocol-enumeration 0 '* ]]
	[ "$(echo "$output" | awk '$2 == "enumeration" { print $4 }')" -gt 11300 ]
	[ "${output##* }" -gt 140 ]
}

@test "damaged copies: each one not found, none a signal or a hang" {
	mkdir "$BATS_TEST_TMPDIR/damaged"
	"$DAMAGE_INDEX" "$REAL_INDEX" "$BATS_TEST_TMPDIR/damaged" "$DAMAGED" $((SEED * 3))
	getent_each "$BATS_TEST_TMPDIR/damaged" > "$BATS_TEST_TMPDIR/results"
	expect_equal "$(wc -l < "$BATS_TEST_TMPDIR/results")" $((DAMAGED * 2))
	for kind in truncated bits-flipped bytes-overwritten magic-wrong version-wrong section-past-end section-huge \
		size-wrong empty; do
		echo "$kind: $(grep -c -- "-$kind " "$BATS_TEST_TMPDIR/results")"
		[ "$(grep -c -- "-$kind " "$BATS_TEST_TMPDIR/results")" -gt 0 ]
	done
	run grep -v ' 2$' "$BATS_TEST_TMPDIR/results"
	expect_equal "$output" ""
}

@test "hostile copies with a matching checksum: answers or not, never a signal or a hang" {
	mkdir "$BATS_TEST_TMPDIR/hostile"
	"$DAMAGE_INDEX" "$REAL_INDEX" "$BATS_TEST_TMPDIR/hostile" "$HOSTILE" $((SEED * 3 + 1)) repair
	getent_each "$BATS_TEST_TMPDIR/hostile" enumerate > "$BATS_TEST_TMPDIR/results"
	expect_answered_or_not "$BATS_TEST_TMPDIR/results" "$HOSTILE"
}

@test "damaged data files behind links that match them: answers or not, never a signal or a hang" {
	mkdir "$BATS_TEST_TMPDIR/linked"
	"$DAMAGE_INDEX" "$REAL_INDEX" "$BATS_TEST_TMPDIR/linked" "$LINKED" $((SEED * 3 + 2)) link
	getent_each "$BATS_TEST_TMPDIR/linked" enumerate > "$BATS_TEST_TMPDIR/results"
	expect_answered_or_not "$BATS_TEST_TMPDIR/results" "$LINKED"
}

@test "a directory, a FIFO and an empty file at the index path: not found, no hang" {
	mkdir -p "$BATS_TEST_TMPDIR/odd/a-directory"
	mkfifo "$BATS_TEST_TMPDIR/odd/a-fifo"
	: > "$BATS_TEST_TMPDIR/odd/an-empty-file"
	run getent_each "$BATS_TEST_TMPDIR/odd" enumerate
	expect_equal "$output" "$(for f in a-directory a-fifo an-empty-file; do
		printf '%s\n' "$f lookups 2" "$f protocol-lookups 2" "$f enumeration 0 0" "$f protocol-enumeration 0 0"; done)"
}

# Out of the test's own directory, which the other user cannot reach; removed whatever the outcome.
teardown() {
	rm -rf "${unreadable:-}"
}

@test "an index the user may not read: not found, and files answers next" {
	[ "$(id -u)" = 0 ] || skip "needs root to read as another user"
	unreadable=$(mktemp -d "${TMPDIR:-/tmp}/nss-iana-unreadable.XXXXXX")
	chmod 755 "$unreadable"
	# The module too: the build directory may be out of that user's reach.
	cp "$NSS_MODULE_DIR/libnss_iana.so.2" "$unreadable/"
	cp "$REAL_INDEX" "$unreadable/services.idx"
	printf 'only-in-files 4242/tcp\n' > "$unreadable/services"
	chmod 644 "$unreadable/services" "$unreadable/services.idx" "$unreadable/libnss_iana.so.2"
	as_nobody() {
		in_namespace "$unreadable/services" "iana files" env NSS_IANA_INDEX="$unreadable/services.idx" LD_LIBRARY_PATH="$unreadable" \
			setpriv --reuid=65534 --regid=65534 --clear-groups getent services imaps only-in-files
	}
	# Readable, the index answers that user: the configuration reaches it.
	run as_nobody
	[ "$status" -eq 0 ]
	[[ "$output" == imaps*only-in-files* ]]
	chmod 600 "$unreadable/services.idx"
	run as_nobody
	[ "$status" -eq 2 ]
	[[ "$output" == only-in-files* ]]
}
