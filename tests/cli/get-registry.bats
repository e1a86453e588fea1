#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/get-registry.bats: data/get-registry checks the pinned snapshots, and moves the pin from a local source.

load ../helpers

setup() {
	script=$DATA_DIR/get-registry
	sources=$(fixture get-registry)
	# A copy of data/ made of the small pinned registries, pinned with sha256sum itself.
	data=$BATS_TEST_TMPDIR/data
	mkdir "$data"
	cp "$sources"/pinned/*.xml "$data/"
	(cd "$data" && sha256sum protocol-numbers.xml service-names-port-numbers.xml > SHA256SUMS)
	cp -p "$data"/* "$BATS_TEST_TMPDIR/"
}

# The copy of data/ is as setup made it.
unchanged() {
	for f in "$data"/*; do cmp "$f" "$BATS_TEST_TMPDIR/$(basename "$f")"; done
	expect_equal "$(ls -A "$data" | tr '\n' ' ')" "SHA256SUMS protocol-numbers.xml service-names-port-numbers.xml "
}

@test "the snapshots committed in data/ are the pinned ones" {
	run "$script"
	[ "$status" -eq 0 ]
	[[ "$output" == *"service-names-port-numbers.xml is the pinned snapshot (updated 2026-08-17)"* ]]
	[[ "$output" == *"protocol-numbers.xml is the pinned snapshot (updated 2026-03-09)"* ]]
	(cd "$DATA_DIR" && sha256sum --check --quiet SHA256SUMS)
}

@test "a snapshot changed by one byte is refused" {
	sed -i 's/<number>80</<number>81</' "$data/service-names-port-numbers.xml"
	run "$script" --check --data "$data"
	[ "$status" -eq 1 ]
	[[ "$output" == *"service-names-port-numbers.xml has sha256 "*", not the pinned "* ]]
}

@test "a missing snapshot or sum is refused" {
	rm "$data/protocol-numbers.xml"
	run "$script" --data "$data"
	[ "$status" -eq 1 ]
	[[ "$output" == *"protocol-numbers.xml: No such file or directory"* ]]
	rm "$data/SHA256SUMS"
	run "$script" --data "$data"
	[ "$status" -eq 1 ]
	[[ "$output" == *"SHA256SUMS: No such file or directory"* ]]
}

@test "--latest prints the entries added, removed and moved, and writes nothing" {
	run "$script" --latest --source "file://$sources/latest" --data "$data"
	[ "$status" -eq 0 ]
	expect_equal "$(grep -v sha256 <<< "$output")" "$(cat <<-EOF
		service-names-port-numbers: 2026-02-03 -> 2026-05-06: 1 added, 1 removed, 1 moved
		  added    new 6000/tcp
		  removed  gone 4000/udp
		  moved    moving 5001/tcp, was 5000
		protocol-numbers: 2026-03-09 -> 2026-04-01: 1 added, 0 removed, 0 moved
		  added    NEWP 144
		EOF
	)"
	unchanged
}

@test "--latest --pin writes the new snapshots and their sums, which --check then accepts" {
	run "$script" --latest --pin --source "file://$sources/latest" --data "$data"
	[ "$status" -eq 0 ]
	for r in service-names-port-numbers protocol-numbers; do
		cmp "$data/$r.xml" "$sources/latest/$r/$r.xml"
		expect_equal "$(stat -c %a "$data/$r.xml")" 644
	done
	(cd "$data" && sha256sum --check --quiet SHA256SUMS)
	run "$script" --data "$data"
	[ "$status" -eq 0 ]
	[[ "$output" == *"(updated 2026-05-06)"* ]]
	expect_equal "$(ls -A "$data" | tr '\n' ' ')" "SHA256SUMS protocol-numbers.xml service-names-port-numbers.xml "
}

@test "a registry older than the pinned one is not pinned" {
	run "$script" --latest --pin --source "file://$sources/earlier" --data "$data"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is older than the pinned snapshot (2025-12-01 < 2026-02-03); not pinning it"* ]]
	unchanged
}

@test "a download that is not the registry is refused, and nothing is written" {
	src=$BATS_TEST_TMPDIR/source
	mkdir -p "$src/service-names-port-numbers" "$src/protocol-numbers"
	cp "$sources/latest/protocol-numbers/protocol-numbers.xml" "$src/protocol-numbers/"
	while read -r bad message; do
		cp "$(fixture "bad-registry/$bad")" "$src/service-names-port-numbers/service-names-port-numbers.xml"
		run "$script" --latest --pin --source "file://$src" --data "$data"
		[ "$status" -eq 1 ]
		[[ "$output" == *"$message"* ]]
		unchanged
	done <<-EOF
		not-xml.txt not well-formed XML
		truncated.xml not well-formed XML
		other-registry.xml not the service-names-port-numbers registry: its root is <registry id='protocol-numbers'>
		no-updated-date.xml no <updated> date
		external-entity.xml a document type declaration, which the registry never has
	EOF
}

@test "a source that cannot be reached is refused, and nothing is written" {
	run "$script" --latest --pin --source "file://$BATS_TEST_TMPDIR/nowhere" --data "$data"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot download file://$BATS_TEST_TMPDIR/nowhere/service-names-port-numbers/service-names-port-numbers.xml"* ]]
	unchanged
}

@test "usage errors exit 2" {
	run "$script" --bogus
	[ "$status" -eq 2 ]
	[[ "$output" == *"unrecognized arguments: --bogus"* ]]
	run "$script" --pin
	[ "$status" -eq 2 ]
	[[ "$output" == *"--pin goes with --latest"* ]]
}
