#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/in-place-writes.bats: whatever is done in place to the file at the index path, a process looking up
# lives on, and each of its answers is one index's, whole, or none.

load ../helpers

setup_file() {
	setup_module_tests
	export A=$BATS_FILE_TMPDIR/earlier.idx B=$NSS_IANA_INDEX
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$EARLIER_REGISTRY" --index "$A" 2> /dev/null
}

setup() {
	need_private_mounts
}

# Long enough for the reader, which looks at the path every millisecond, to come upon the file as it is.
pause() {
	sleep 0.02
}

@test "30 rounds of cp, cat >, truncate, a regrow and rm under a reader: it lives, and no answer is a mixture" {
	dir=$BATS_TEST_TMPDIR
	mkdir "$dir/lib"
	cp "$FAST_RELOAD_MODULE" "$dir/lib/libnss_iana.so.2"
	# Every 20th line's port and name, and what each index alone answers to them.
	entries "$SERVICES" | awk 'NR % 20 == 0 { split($2, pp, "/"); print "port", pp[1], pp[2]; print "name", $1, pp[2] }' \
		> "$dir/questions"
	NSS_IANA_INDEX=$A in_iana "$SERVQUERY" < "$dir/questions" > "$dir/a"
	NSS_IANA_INDEX=$B in_iana "$SERVQUERY" < "$dir/questions" > "$dir/b"
	[ "$(wc -l < "$dir/questions")" -gt 1000 ]
	[ "$(diff "$dir/a" "$dir/b" | grep -c '^<')" -gt 50 ]
	whole_a=$(index_data "$A") whole_b=$(index_data "$B")
	cp "$A" "$dir/services.idx"
	LD_LIBRARY_PATH=$dir/lib NSS_IANA_INDEX=$dir/services.idx in_iana \
		"$ANSWER_WATCH" "$dir/questions" "$dir/a" "$dir/b" "$dir/stop" > "$dir/watched" 2>&1 &
	watcher=$!
	for round in $(seq 30); do
		cp "$whole_b" "$dir/services.idx"
		pause
		cat "$whole_a" > "$dir/services.idx"
		pause
		truncate -s 4096 "$dir/services.idx"
		pause
		# Regrown in place, to B's size and bytes.
		dd if="$whole_b" of="$dir/services.idx" conv=notrunc status=none
		pause
		# A link again, copied over the whole index in place, then cut short.
		cp "$B" "$dir/services.idx"
		pause
		truncate -s 20 "$dir/services.idx"
		pause
		rm "$dir/services.idx"
		pause
		cp "$A" "$dir/services.idx"
		pause
	done
	touch "$dir/stop"
	status=0
	wait "$watcher" || status=$?
	cat "$dir/watched"
	expect_equal "$status" 0
	grep -Eq '^[0-9]+ answers, 0 neither index.s$' "$dir/watched"
}
