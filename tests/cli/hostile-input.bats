#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/hostile-input.bats: hostile registries and overlays: a clear message, exit 1, nothing written,
# in bounded time and memory, and nothing outside the input ever read.

load ../helpers

# Peak memory allowed, in kB: the generator needs about 20 MB on the real registry; a sanitizer
# build's shadow memory needs more.
max_kb() {
	if [ -n "${SANITIZER_PRELOAD:-}" ]; then echo 1048576; else echo 65536; fi
}

registry_start() {
	printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
		'<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">' \
		'<updated>2026-01-02</updated>'
}

# Runs the generator with a time limit, recording its peak memory; then checks the failure:
#   refused "expected message" ARGS...
refused() {
	local expected=$1
	shift
	printf 'previous\n' > "$BATS_TEST_TMPDIR/services"
	run /usr/bin/time -f 'peak %M kB' -o "$BATS_TEST_TMPDIR/time" timeout 20 "$GEN" --protocol-registry "$PROTOCOL_REGISTRY" "$@" \
		--services "$BATS_TEST_TMPDIR/services" --index "$BATS_TEST_TMPDIR/services.idx"
	cat "$BATS_TEST_TMPDIR/time"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$expected"* ]]
	expect_equal "$(cat "$BATS_TEST_TMPDIR/services")" previous
	[ ! -e "$BATS_TEST_TMPDIR/services.idx" ]
	[ "$(sed -n 's/^peak \([0-9]*\) kB$/\1/p' "$BATS_TEST_TMPDIR/time")" -lt "$(max_kb)" ]
}

@test "an external entity naming a FIFO is never opened (opening it would hang)" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	sed "s|file:///etc/passwd|file://$BATS_TEST_TMPDIR/fifo|" "$(fixture bad-registry/external-entity.xml)" \
		> "$BATS_TEST_TMPDIR/xxe.xml"
	refused "document type declarations are not allowed" --registry "$BATS_TEST_TMPDIR/xxe.xml"
}

@test "an external entity naming /etc/passwd leaks nothing of it" {
	refused "document type declarations are not allowed" --registry "$(fixture bad-registry/external-entity.xml)"
	[[ "$output" != *root:x:* ]]
}

@test "an external parameter entity is never fetched" {
	refused "document type declarations are not allowed" --registry "$(fixture hostile/external-entity-in-attribute.xml)"
}

@test "a billion laughs is refused at once" {
	refused "document type declarations are not allowed" --registry "$(fixture hostile/billion-laughs.xml)"
}

@test "a record range that would make millions of entries" {
	refused "more than 524288 entries, not the services registry" --registry "$(fixture hostile/every-port.xml)"
}

@test "a 100 MB document" {
	{ registry_start; head -c 100000000 /dev/zero | tr '\0' ' '; echo '</registry>'; } > "$BATS_TEST_TMPDIR/huge.xml"
	refused "larger than 64 MiB, not the registry XML" --registry "$BATS_TEST_TMPDIR/huge.xml"
}

@test "absurd nesting" {
	{ registry_start; for i in $(seq 5000); do printf '<record>'; done; } > "$BATS_TEST_TMPDIR/deep.xml"
	refused "line 4: elements nested deeper than any registry nests them" --registry "$BATS_TEST_TMPDIR/deep.xml"
}

@test "binary garbage" {
	head -c 1000000 /dev/urandom > "$BATS_TEST_TMPDIR/garbage"
	refused "not well-formed XML" --registry "$BATS_TEST_TMPDIR/garbage"
}

@test "an overlay of 20 MB" {
	head -c 20000000 /dev/zero | tr '\0' '\n' > "$BATS_TEST_TMPDIR/big.services"
	refused "larger than 16 MiB, not a services or protocols file" --registry "$(fixture registry/aliases.xml)" \
		--overlay "$BATS_TEST_TMPDIR/big.services"
}

@test "an overlay that is binary garbage" {
	head -c 100000 /dev/urandom > "$BATS_TEST_TMPDIR/garbage.services"
	refused "line " --registry "$(fixture registry/aliases.xml)" --overlay "$BATS_TEST_TMPDIR/garbage.services"
}

@test "an overlay FIFO is turned away without hanging" {
	mkfifo "$BATS_TEST_TMPDIR/fifo.services"
	refused "not a regular file" --registry "$(fixture registry/aliases.xml)" --overlay "$BATS_TEST_TMPDIR/fifo.services"
}

@test "a billion laughs in the protocol registry is refused at once" {
	refused "document type declarations are not allowed" --registry "$(fixture registry/aliases.xml)" \
		--protocol-registry "$(fixture bad-protocol-registry/billion-laughs.xml)"
}

@test "an external entity in the protocol registry leaks nothing" {
	refused "document type declarations are not allowed" --registry "$(fixture registry/aliases.xml)" \
		--protocol-registry "$(fixture bad-protocol-registry/external-entity.xml)"
	[[ "$output" != *root:x:* ]]
}

@test "a 100 MB protocol registry" {
	{ printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
		'<registry xmlns="http://www.iana.org/assignments" id="protocol-numbers">'
	  head -c 100000000 /dev/zero | tr '\0' ' '; echo '</registry>'; } > "$BATS_TEST_TMPDIR/huge.xml"
	refused "larger than 64 MiB, not the registry XML" --registry "$(fixture registry/aliases.xml)" \
		--protocol-registry "$BATS_TEST_TMPDIR/huge.xml"
}
