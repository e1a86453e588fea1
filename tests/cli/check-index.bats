#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/cli/check-index.bats: --check-index, --dump and --dump-protocols accept a good index, refuse any damage with its place, and the generator checks what it writes.

load ../helpers

bats_require_minimum_version 1.5.0

setup_file() {
	# The format's section numbers and offsets, named as in index-format.h (INDEX_RECORDS, INDEX_OFF_SECTIONS...),
	# so that the damage below lands where each test says whatever the format's numbers become.
	local layout
	layout=$("$INDEX_LAYOUT")
	set -a
	eval "$layout"
	set +a
	export FULL=$BATS_FILE_TMPDIR/full
	mkdir "$FULL"
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$REGISTRY" --services "$FULL/services" \
		--protocols "$FULL/protocols" --index "$FULL/services.idx"
}

setup() {
	out=$BATS_TEST_TMPDIR/out
	mkdir "$out"
	"$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$(fixture registry/lookups.xml)" --no-default-overlay \
		--services "$out/services" --index "$out/services.idx"
	data=$(index_data "$out/services.idx")
}

# The services file's entry lines as --dump prints them: no comments, single spaces.
normalized() {
	grep -v '^#' "$1" | grep -v '^$' | sed 's/ *#.*//' | tr -s ' '
}

# The index's integers are little-endian on every architecture; od reads the machine's order unless told.
u32() {
	od --endian=little -An -tu4 -j "$2" -N4 "$1" | tr -d ' '
}

put_u32() {
	local v=$3
	printf "\\$(printf %03o $((v & 255)))\\$(printf %03o $((v >> 8 & 255)))\\$(printf %03o $((v >> 16 & 255)))\\$(printf %03o $((v >> 24 & 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

put_byte() {
	printf "\\$(printf %03o "$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

flip_byte() {
	put_byte "$1" "$2" $(($(od -An -tu1 -j "$2" -N1 "$1") ^ 0xff))
}

# Where a section of the index starts, and how long it is, from the section table: the section given
# by its number, as "$INDEX_RECORDS". Each result is assigned on its own, so that a name not set fails.
section_offset() {
	u32 "$1" $((${INDEX_OFF_SECTIONS:?} + ${INDEX_SECTION_ENTRY_SIZE:?} * ${2:?a section number}))
}

section_length() {
	u32 "$1" $((${INDEX_OFF_SECTIONS:?} + ${INDEX_SECTION_ENTRY_SIZE:?} * ${2:?a section number} + 4))
}

# The checksum made to match the damaged bytes, as a hostile writer would.
repair_checksum() {
	python3 - "$1" "${INDEX_OFF_CHECKSUM:?}" <<'EOF'
import struct, sys
p = bytearray(open(sys.argv[1], 'rb').read())
at = int(sys.argv[2])
a, b = 1, 0
for i in range(0, len(p) - 3, 4):
    a = (a + (0 if at <= i < at + 8 else struct.unpack_from('<I', p, i)[0])) % 2**64
    b = (b + a) % 2**64
struct.pack_into('<Q', p, at, (b ^ (a << 32)) % 2**64)
open(sys.argv[1], 'wb').write(p)
EOF
}

# A copy of the data file to damage, named as no link names it.
copy_data() {
	cp "$data" "$out/copy"
	echo "$out/copy"
}

@test "a good link is accepted, with the registry date, the counts and the tables" {
	run --separate-stderr "$GEN" --check-index "$FULL/services.idx"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	local date entries
	date=$(grep -m1 -o '<updated>[^<]*' "$REGISTRY" | sed 's/<updated>//')
	entries=$(normalized "$FULL/services" | wc -l)
	[[ "${lines[0]}" == "$FULL/services.idx: a link to $(basename "$(index_data "$FULL/services.idx")"), which it matches: "* ]]
	grep -qx "registry date: $date" <<< "$output"
	grep -qx "entries: $entries" <<< "$output"
	grep -qx 'protocols: 5 (tcp udp sctp dccp ddp)' <<< "$output"
	grep -qx "protocol registry date: $(grep -m1 -o '<updated>[^<]*' "$PROTOCOL_REGISTRY" | sed 's/<updated>//')" <<< "$output"
	grep -qx "protocol entries: $(normalized "$FULL/protocols" | wc -l)" <<< "$output"
	for table in by-name-proto by-name by-port-proto by-port protocol-by-name protocol-by-number; do
		local slots used
		read -r slots used < <(sed -n "s/^$table table: \([0-9]*\) slots, \([0-9]*\) used, load 0\.[0-9]*, longest probe [0-9]*$/\1 \2/p" <<< "$output")
		# The writer makes twice the keys plus one slots.
		[ "$slots" -eq $((2 * used + 1)) ]
	done
}

@test "the data file given directly is accepted with the same report" {
	local link_report
	link_report=$("$GEN" --check-index "$FULL/services.idx" | tail -n +2)
	run "$GEN" --check-index "$(index_data "$FULL/services.idx")"
	[ "$status" -eq 0 ]
	expect_equal "$output" "$link_report"
}

@test "the fixture's report counts its entries, protocols and keys" {
	run "$GEN" --check-index "$out/services.idx"
	[ "$status" -eq 0 ]
	grep -qx "entries: $(normalized "$out/services" | wc -l)" <<< "$output"
	grep -qx 'protocols: 4 (tcp udp sctp dccp)' <<< "$output"
	# One key a port and protocol, one a port.
	grep -Eq "^by-port-proto table: [0-9]+ slots, $(normalized "$out/services" | wc -l) used" <<< "$output"
	grep -Eq "^by-port table: [0-9]+ slots, $(normalized "$out/services" | cut -d' ' -f2 | cut -d/ -f1 | sort -u | wc -l) used" <<< "$output"
}

@test "--dump of the full registry's index is the services file's entries" {
	"$GEN" --dump "$FULL/services.idx" > "$out/dump"
	normalized "$FULL/services" > "$out/expected"
	[ "$(wc -l < "$out/expected")" -gt 10000 ]
	cmp "$out/dump" "$out/expected"
}

@test "--dump-protocols of the full registry's index is the protocols file's entries" {
	"$GEN" --dump-protocols "$FULL/services.idx" > "$out/dump"
	normalized "$FULL/protocols" > "$out/expected"
	[ "$(wc -l < "$out/expected")" -gt 140 ]
	grep -qx 'tcp 6 TCP' "$out/dump"
	cmp "$out/dump" "$out/expected"
}

@test "a byte changed in a protocol's record is refused, its checksum made to match" {
	local copy records protocol_entries first
	copy=$(copy_data)
	records=$(section_offset "$copy" "$INDEX_RECORDS")
	protocol_entries=$(section_offset "$copy" "$INDEX_PROTOCOL_ENTRIES")
	first=$(u32 "$copy" "$protocol_entries")
	# The first protocol's official name, "hopopt", made "xopopt": no slot leads to it under that name.
	put_byte "$copy" $((records + first + ${INDEX_RECORD_NAMES:?})) 120
	repair_checksum "$copy"
	run "$GEN" --check-index "$copy"
	[ "$status" -eq 1 ]
	expect_equal "$output" "iana-services-gen: $copy: protocol entry 0 (xopopt 0): the reader's lookup of 'xopopt' in protocol-by-name finds nothing"
}

@test "--dump of a fixture's index is its services file's entries, aliases included" {
	"$GEN" --dump "$out/services.idx" > "$out/dump"
	normalized "$out/services" > "$out/expected"
	grep -qx 'http 80/tcp www www-http' "$out/dump"
	cmp "$out/dump" "$out/expected"
}

@test "a byte changed in the header, an entry, a record, the strings or a slot is refused" {
	local copy records strings entries slots
	records=$(section_offset "$data" "$INDEX_RECORDS")
	strings=$(section_offset "$data" "$INDEX_STRINGS")
	entries=$(section_offset "$data" "$INDEX_ENTRIES")
	slots=$(section_offset "$data" "$INDEX_BY_PORT")
	# The header's magic, version, flags and both dates, then each section.
	for at in "${INDEX_OFF_MAGIC:?}" $((${INDEX_OFF_VERSION:?} + 1)) "${INDEX_OFF_FLAGS:?}" $((${INDEX_OFF_UPDATED:?} + 1)) \
		$((${INDEX_OFF_PROTOCOLS_UPDATED:?} + 12)) "$entries" $((records + ${INDEX_RECORD_NAME_COUNT:?})) \
		$((records + ${INDEX_RECORD_NAMES:?} + 1)) $((strings + 1)) $((slots + 4)) \
		$(($(stat -c %s "$data") - 1)); do
		copy=$(copy_data)
		flip_byte "$copy" "$at"
		run --separate-stderr "$GEN" --check-index "$copy"
		[ "$status" -eq 1 ] || { echo "byte $at: exit $status" >&2; return 1; }
		[ -z "$output" ]
		[[ "$stderr" == "iana-services-gen: $copy: "?* ]]
	done
}

@test "damage in the data is refused through the link" {
	flip_byte "$data" $(($(section_offset "$data" "$INDEX_RECORDS") + 10))
	run "$GEN" --check-index "$out/services.idx"
	[ "$status" -eq 1 ]
	[[ "$output" == "iana-services-gen: $out/services.idx: its data file $(basename "$data"): checksum "*" in the header, "*" from the bytes: the file is not as written" ]]
}

@test "every copy damage-index makes is refused, with a message" {
	local count=0
	"$DAMAGE_INDEX" "$(index_data "$FULL/services.idx")" "$out" 150 7
	for f in "$out"/0*; do
		! cmp -s "$f" "$(index_data "$FULL/services.idx")" || continue
		run "$GEN" --check-index "$f"
		[ "$status" -eq 1 ] || { echo "$f accepted" >&2; return 1; }
		[[ "$output" == "iana-services-gen: $f: "?* ]]
		count=$((count + 1))
	done
	[ "$count" -gt 140 ]
}

@test "damage with its checksum made to match is still refused, by the structural checks" {
	local count=0
	"$DAMAGE_INDEX" "$data" "$out" 300 11 repair
	for f in "$out"/0*; do
		! cmp -s "$f" "$data" || continue
		run "$GEN" --check-index "$f"
		[ "$status" -eq 1 ] || { echo "$f accepted" >&2; return 1; }
		[[ "$output" != *checksum* ]]
		count=$((count + 1))
	done
	[ "$count" -gt 200 ]
}

@test "a slot leading past the records is named, its checksum made to match" {
	local copy slots records_len i=0 slot
	copy=$(copy_data)
	slots=$(section_offset "$copy" "$INDEX_BY_PORT")
	records_len=$(section_length "$copy" "$INDEX_RECORDS")
	while [ "$(u32 "$copy" $((slots + 4 * i)))" = 0 ]; do i=$((i + 1)); done
	slot=$(u32 "$copy" $((slots + 4 * i)))
	put_u32 "$copy" $((slots + 4 * i)) $(((slot & ~${INDEX_SLOT_RECORD_MASK:?}) | (records_len / 4 + 2)))
	repair_checksum "$copy"
	run "$GEN" --check-index "$copy"
	[ "$status" -eq 1 ]
	expect_equal "$output" "iana-services-gen: $copy: by-port slot $i: record offset $((records_len + 4)) is past the records section ($records_len bytes)"
}

@test "a record's name count changed is named, its checksum made to match" {
	local copy records
	copy=$(copy_data)
	records=$(section_offset "$copy" "$INDEX_RECORDS")
	put_byte "$copy" $((records + ${INDEX_RECORD_NAME_COUNT:?})) 2
	repair_checksum "$copy"
	run "$GEN" --check-index "$copy"
	[ "$status" -eq 1 ]
	expect_equal "$output" "iana-services-gen: $copy: entry 0: the record at 0 says 2 names, its 8 bytes of names hold 1 NUL-ended ones"
}

@test "a name changed to another name is refused: its slots no longer fit it" {
	local copy records
	copy=$(copy_data)
	records=$(section_offset "$copy" "$INDEX_RECORDS")
	# discard 9/tcp, the first entry, becomes eiscard.
	put_byte "$copy" $((records + ${INDEX_RECORD_NAMES:?})) 101
	repair_checksum "$copy"
	run "$GEN" --check-index "$copy"
	[ "$status" -eq 1 ]
	[[ "$output" == "iana-services-gen: $copy: by-name"*" slot "*": leads to entry 0 (eiscard 9/tcp), but under none of its keys: its tag or place is wrong" ]]
}

@test "a protocol name with a byte no protocol has is refused, its checksum made to match" {
	local copy strings
	copy=$(copy_data)
	strings=$(section_offset "$copy" "$INDEX_STRINGS")
	put_byte "$copy" $((strings + 1)) 47
	repair_checksum "$copy"
	run "$GEN" --check-index "$copy"
	[ "$status" -eq 1 ]
	expect_equal "$output" "iana-services-gen: $copy: strings section byte 1 is 0x2f, which no protocol name holds"
}

@test "an entry sharing another's record is refused, its checksum made to match" {
	local copy entries
	copy=$(copy_data)
	entries=$(section_offset "$copy" "$INDEX_ENTRIES")
	put_u32 "$copy" $((entries + 4)) "$(u32 "$copy" "$entries")"
	repair_checksum "$copy"
	run "$GEN" --check-index "$copy"
	[ "$status" -eq 1 ]
	expect_equal "$output" "iana-services-gen: $copy: entry 1 (discard 9/tcp): its port and protocol have an entry before it"
}

@test "--dump of a damaged index prints no entry and exits 1" {
	flip_byte "$data" $(($(section_offset "$data" "$INDEX_RECORDS") + 10))
	run --separate-stderr "$GEN" --dump "$out/services.idx"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == "iana-services-gen: $out/services.idx: its data file "* ]]
}

@test "a link naming a missing data file is refused" {
	rm "$data"
	run "$GEN" --check-index "$out/services.idx"
	[ "$status" -eq 1 ]
	expect_equal "$output" "iana-services-gen: $out/services.idx: its data file $(basename "$data"): cannot open: No such file or directory"
}

@test "a link whose size does not match its data is refused" {
	local size
	size=$(stat -c %s "$data")
	put_u32 "$out/services.idx" "${INDEX_LINK_OFF_DATA_SIZE:?}" $((size + 4))
	run "$GEN" --check-index "$out/services.idx"
	[ "$status" -eq 1 ]
	expect_equal "$output" "iana-services-gen: $out/services.idx: the link says $((size + 4)) bytes, its data file has $size"
}

@test "a link whose checksum does not match its data is refused" {
	flip_byte "$out/services.idx" "${INDEX_LINK_OFF_DATA_CHECKSUM:?}"
	run "$GEN" --check-index "$out/services.idx"
	[ "$status" -eq 1 ]
	[[ "$output" == "iana-services-gen: $out/services.idx: the link says checksum "*", its data file's header "* ]]
}

@test "a data file not named by its checksum is refused" {
	local name
	name=$(basename "$data")
	mv "$data" "$out/services.idx.0000000000000000"
	put_byte "$out/services.idx" $((${INDEX_LINK_OFF_NAME:?} + ${#name} - 16)) 48
	printf '000000000000000' | dd of="$out/services.idx" bs=1 seek=$((INDEX_LINK_OFF_NAME + ${#name} - 15)) conv=notrunc status=none
	run "$GEN" --check-index "$out/services.idx"
	[ "$status" -eq 1 ]
	[[ "$output" == *"the data file's name 'services.idx.0000000000000000' does not end in its checksum, .${name#services.idx.}" ]]
}

@test "a data file that is a symbolic link is refused, as the module refuses it" {
	mv "$data" "$out/elsewhere"
	ln -s elsewhere "$data"
	run "$GEN" --check-index "$out/services.idx"
	[ "$status" -eq 1 ]
	[[ "$output" == *"its data file $(basename "$data"): a symbolic link, which the module does not follow" ]]
}

@test "a truncated link is refused" {
	head -c 20 "$out/services.idx" > "$out/short"
	run "$GEN" --check-index "$out/short"
	[ "$status" -eq 1 ]
	expect_equal "$output" "iana-services-gen: $out/short: a link cut short: 20 bytes, fewer than the ${INDEX_LINK_OFF_NAME:?} of its fixed fields"
	head -c 40 "$out/services.idx" > "$out/short"
	run "$GEN" --check-index "$out/short"
	[ "$status" -eq 1 ]
	[[ "$output" == "iana-services-gen: $out/short: a link of 40 bytes, where its "*"-byte name makes it "* ]]
}

@test "an empty file, a services file and a missing file are refused" {
	: > "$out/empty"
	run "$GEN" --check-index "$out/empty"
	[ "$status" -eq 1 ]
	expect_equal "$output" "iana-services-gen: $out/empty: an empty file, not an index"
	run "$GEN" --check-index "$out/services"
	[ "$status" -eq 1 ]
	expect_equal "$output" "iana-services-gen: $out/services: not an nss-iana index: no index magic at its start"
	run "$GEN" --check-index "$out/missing"
	[ "$status" -eq 1 ]
	expect_equal "$output" "iana-services-gen: $out/missing: cannot open: No such file or directory"
}

@test "--check-index and --dump with an output, --diff or a source are usage errors" {
	for other in "--services $out/s" "--index $out/i" "--diff $out/services" "--registry $REGISTRY" \
		"--overlay $out/services" --no-default-overlay; do
		for reading in --check-index --dump; do
			# shellcheck disable=SC2086
			run "$GEN" $reading "$out/services.idx" $other
			[ "$status" -eq 2 ] || { echo "$reading with $other: exit $status" >&2; return 1; }
			[[ "$output" == "iana-services-gen: $reading reads an index: give it without "* ]]
		done
	done
	[ ! -e "$out/s" ] && [ ! -e "$out/i" ]
}

@test "--check-index or --dump without a file, or both, are usage errors" {
	run "$GEN" --check-index
	[ "$status" -eq 2 ]
	[[ "$output" == *"option '--check-index' needs an argument"* ]]
	run "$GEN" --dump
	[ "$status" -eq 2 ]
	[[ "$output" == *"option '--dump' needs an argument"* ]]
	run "$GEN" --check-index "$out/services.idx" --dump "$out/services.idx"
	[ "$status" -eq 2 ]
	[[ "$output" == *"give --check-index, --dump or --dump-protocols once, for one index"* ]]
}

@test "an index damaged as it is written is refused before the rename, and nothing is replaced" {
	local before preload=$DAMAGE_ON_SYNC
	before=$(ls -A "$out")
	cp -a "$out" "$out.before"
	[ -z "${SANITIZER_PRELOAD:-}" ] || preload="$SANITIZER_PRELOAD $DAMAGE_ON_SYNC"
	run env LD_PRELOAD="$preload" DAMAGE_OFFSET=200 "$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$REGISTRY" \
		--services "$out/services" --index "$out/services.idx"
	[ "$status" -eq 1 ]
	[[ "$output" == "iana-services-gen: $out/services.idx."*": the index written does not check, so nothing is replaced: checksum "* ]]
	expect_equal "$(ls -A "$out")" "$before"
	diff -r "$out" "$out.before"
}

@test "the same run with the preload but no byte to damage writes an index that checks" {
	local preload=$DAMAGE_ON_SYNC
	[ -z "${SANITIZER_PRELOAD:-}" ] || preload="$SANITIZER_PRELOAD $DAMAGE_ON_SYNC"
	env LD_PRELOAD="$preload" DAMAGE_OFFSET=100000000 "$GEN" --protocol-registry "$PROTOCOL_REGISTRY" --registry "$REGISTRY" \
		--services "$out/services" --index "$out/services.idx"
	"$GEN" --check-index "$out/services.idx" > /dev/null
	expect_equal "$(ls -A "$out" | wc -l)" 3
}
