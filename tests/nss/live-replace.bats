#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/live-replace.bats: the index replaced under busy readers, and a generator killed mid-write.

load ../helpers

setup_file() {
	export OLD_REGISTRY=$EARLIER_REGISTRY
	[ -f "$OLD_REGISTRY" ] || { echo "no earlier registry at $OLD_REGISTRY" >&2; return 1; }
	setup_module_tests
}

setup() {
	need_private_mounts
}

@test "100 replacements, alternating an earlier registry and the snapshot, under 8 threads: no wrong answer, each seen within 1 s" {
	# qemu-user makes a spawn from a process whose other threads are busy a fork of its own, and the child
	# can wait for ever on a lock one of them held: on s390x it hung in a futex before exec.
	[ -z "${NSS_IANA_TEST_EMULATOR:-}" ] ||
		skip "under $NSS_IANA_TEST_EMULATOR, the generator spawned beside 8 busy threads can hang before it runs"
	export NSS_IANA_INDEX=$BATS_TEST_TMPDIR/services.idx
	run in_iana "$LIVE_REPLACE" "$GEN" "$OLD_REGISTRY" "$REGISTRY" \
		"$NSS_IANA_INDEX" 100 8
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"100 replacements under 8 threads: "*" lookups, 0 wrong answers, each change seen within 0."* ]]
}

@test "a generator killed with SIGKILL leaves each file whole, old or new, and loadable" {
	dir=$BATS_TEST_TMPDIR
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$OLD_REGISTRY" --services "$dir/old.services" --index "$dir/old.idx"
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$REGISTRY" --services "$dir/new.services" --index "$dir/new.idx"
	for delay in 0 0.005 0.01 0.02 0.03 0.04 0.05 0.06 0.07 0.08 0.09 0.1 0.12 0.15 0.2 0.3; do
		cp "$dir/old.services" "$dir/services"
		cp "$dir/old.idx" "$dir/services.idx"
		"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$REGISTRY" --services "$dir/services" --index "$dir/services.idx" &
		sleep "$delay"
		kill -KILL $! 2> /dev/null || true
		wait $! || true
		cmp -s "$dir/services" "$dir/old.services" || cmp "$dir/services" "$dir/new.services"
		same_index "$dir/services.idx" "$dir/old.idx" || same_index "$dir/services.idx" "$dir/new.idx"
		NSS_IANA_INDEX=$dir/services.idx run in_iana getent services imaps
		[ "$status" -eq 0 ]
		echo "killed after $delay s: services $(cmp -s "$dir/services" "$dir/old.services" && echo old || echo new)," \
			"index $(same_index "$dir/services.idx" "$dir/old.idx" && echo old || echo new)"
		rm -f "$dir"/.services.*
	done
}

@test "a generator killed while its temporary files exist leaves the previous files, byte for byte" {
	dir=$BATS_TEST_TMPDIR
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$OLD_REGISTRY" --services "$dir/old.services" --index "$dir/old.idx" 2> /dev/null
	caught=0
	for attempt in $(seq 40); do
		cp "$dir/old.services" "$dir/services"
		cp "$dir/old.idx" "$dir/services.idx"
		"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$REGISTRY" --services "$dir/services" --index "$dir/services.idx" &
		# Kill the moment a temporary file shows: mid-write, before any rename.
		while kill -0 $! 2> /dev/null && ! compgen -G "$dir/.services*" > /dev/null; do :; done
		kill -KILL $! 2> /dev/null || true
		wait $! || true
		# The services file's own temporary file left means no rename had happened yet (it is
		# renamed first): both files must be the previous ones.
		if compgen -G "$dir/.services.??????" > /dev/null; then
			caught=$((caught + 1))
			cmp "$dir/services" "$dir/old.services"
			same_index "$dir/services.idx" "$dir/old.idx"
			NSS_IANA_INDEX=$dir/services.idx run in_iana getent services imaps
			[ "$status" -eq 0 ]
		fi
		rm -f "$dir"/.services*
		[ "$caught" -lt 5 ] || break
	done
	echo "killed mid-write $caught times in $attempt attempts"
	[ "$caught" -ge 1 ]
}
