#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/output-files.bats: outputs are replaced whole (temporary file, flush, rename) or not at all.

load ../helpers

setup() {
	out=$BATS_TEST_TMPDIR/out
	mkdir "$out"
	registry=$(fixture registry/aliases.xml)
}

@test "an existing file is replaced by a new one, never rewritten in place" {
	printf 'old\n' > "$out/services"
	exec 8< "$out/services"
	"$GEN" --registry "$registry" --services "$out/services"
	# The descriptor opened before still reads the old file: it was renamed over, not truncated.
	expect_equal "$(cat <&8)" "old"
	exec 8<&-
	grep -q '^http  *80/tcp' "$out/services"
	expect_equal "$(ls -A "$out")" "services"
}

@test "the file is readable by everyone whatever the umask" {
	(umask 077 && "$GEN" --registry "$registry" --services "$out/services")
	expect_equal "$(stat -c %a "$out/services")" "644"
}

@test "'-' writes the same text to standard output" {
	"$GEN" --registry "$registry" --services "$out/services"
	"$GEN" --registry "$registry" --services - > "$out/stdout"
	cmp "$out/services" "$out/stdout"
}

@test "a missing directory is an error that names the file" {
	run "$GEN" --registry "$registry" --services "$out/no/such/dir/services"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$out/no/such/dir/services: cannot create a temporary file beside it: No such file or directory"* ]]
}

@test "a directory in the way is left alone" {
	mkdir "$out/services"
	run "$GEN" --registry "$registry" --services "$out/services"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$out/services: is not a regular file, so it is not replaced (- writes to standard output)"* ]]
	[ -d "$out/services" ]
	expect_equal "$(ls -A "$out")" "services"
}

@test "a FIFO in the way (as /dev/null would be a device) stays what it is, and nothing is written" {
	mkfifo "$out/services"
	run "$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$registry" --services "$out/services" --index "$out/services.idx"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$out/services: is not a regular file, so it is not replaced (- writes to standard output)"* ]]
	[ -p "$out/services" ]
	expect_equal "$(ls -A "$out")" "services"
}

@test "a directory the user may not write to keeps its file" {
	printf 'old\n' > "$out/services"
	chmod 755 "$out" "$BATS_TEST_TMPDIR"
	chmod 555 "$out"
	if [ "$(id -u)" = 0 ]; then
		run setpriv --reuid=65534 --regid=65534 --clear-groups "$GEN" --registry "$registry" --services "$out/services"
	else
		run "$GEN" --registry "$registry" --services "$out/services"
	fi
	chmod 755 "$out"
	[ "$status" -eq 1 ]
	[[ "$output" == *"Permission denied"* ]]
	expect_equal "$(cat "$out/services")" "old"
	expect_equal "$(ls -A "$out")" "services"
}

@test "--index alone writes only the index, its link and data, --services alone only the services file" {
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$registry" --index "$out/services.idx"
	data=$(index_data "$out/services.idx")
	[[ "$data" =~ /services\.idx\.[0-9a-f]{16}$ ]]
	expect_equal "$(ls -A "$out" | tr '\n' ' ')" "services.idx ${data##*/} "
	expect_equal "$(head -c 8 "$out/services.idx")" "NSSIANA>"
	expect_equal "$(head -c 8 "$data" | tr -c '[:print:]' '?')" "NSSIANA?"
	"$GEN" --registry "$registry" --services "$out/services"
	expect_equal "$(ls -A "$out" | tr '\n' ' ')" "services services.idx ${data##*/} "
}

@test "a new index replaces the old data file; the same index keeps its name" {
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$registry" --index "$out/services.idx"
	first=$(index_data "$out/services.idx")
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$registry" --index "$out/services.idx"
	expect_equal "$(index_data "$out/services.idx")" "$first"
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$(fixture registry/lookups.xml)" --index "$out/services.idx"
	second=$(index_data "$out/services.idx")
	[ "$second" != "$first" ]
	expect_equal "$(ls -A "$out" | tr '\n' ' ')" "services.idx ${second##*/} "
}

@test "when one output cannot be written, neither is replaced" {
	printf 'old\n' > "$out/services"
	run "$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$registry" --services "$out/services" --index "$out/missing-dir/services.idx"
	[ "$status" -eq 1 ]
	[[ "$output" =~ missing-dir/services\.idx\.[0-9a-f]{16}:\ cannot\ create\ a\ temporary\ file\ beside\ it ]]
	expect_equal "$(cat "$out/services")" "old"
	expect_equal "$(ls -A "$out")" "services"
}

@test "a full disk leaves the old file and no temporary file" {
	need_private_mounts
	run private_mounts sh -c '
		mount -t tmpfs -o size=16k none "$1"
		printf "old\n" > "$1/services"
		"$2" --registry "$3" --services "$1/services"
		echo "status=$?"
		echo "content=$(cat "$1/services")"
		echo "listing=$(ls -A "$1")"' sh "$out" "$GEN" "$REGISTRY"
	[[ "$output" == *"services: cannot write: No space left on device"* ]]
	[[ "$output" == *"status=1"* ]]
	[[ "$output" == *"content=old"* ]]
	[[ "$output" == *"listing=services"* ]]
}
