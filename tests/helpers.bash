# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/helpers.bash: what the bats tests share: the generator, fixtures, and glibc in a private mount namespace.

: "${GEN:?run the tests through meson test}"

fixture() {
	echo "$FIXTURES/$1"
}

# Fails the test with what was expected and what came.
expect_equal() {
	if [ "$1" != "$2" ]; then
		printf 'expected: %s\n     got: %s\n' "$2" "$1" >&2
		return 1
	fi
}

# The entry lines of a services file: no comments, no blank lines.
entries() {
	grep -v '^#' "$1" | grep -v '^$'
}

# The data file an index link names, beside it: a whole index. Its name ends the link, after the fixed
# fields, and ends with a NUL.
index_data() {
	local name_at
	name_at=$("$INDEX_LAYOUT" INDEX_LINK_OFF_NAME) || return
	printf '%s/%s\n' "$(dirname "$1")" "$(tail -c +$((name_at + 1)) "$1" | tr -d '\0')"
}

# Whether two index links lead to the same index.
same_index() {
	cmp -s "$(index_data "$1")" "$(index_data "$2")"
}

# Runs a command in a private mount namespace: as root in CI, or in a user
# namespace of its own for a developer who is not. With PRIVATE_NETWORK set, in a
# network namespace of its own too, where only what the command serves answers.
private_mounts() {
	local unshare=(unshare --mount --propagation private)
	[ "$(id -u)" = 0 ] || unshare+=(--map-root-user)
	[ -z "${PRIVATE_NETWORK:-}" ] || unshare+=(--net)
	"${unshare[@]}" "$@"
}

# Skips the test, saying why, where no private mount namespace can be made: an
# ordinary user in a chroot, or where user namespaces are turned off.
need_private_mounts() {
	local why
	why=$(private_mounts true 2>&1) || skip "no private mount namespace here (${why:-unshare failed})"
}

# Runs a command in a private mount namespace whose /etc is the host's, but for
# /etc/services, which is SERVICES, /etc/nsswitch.conf, which says "services: SOURCES"
# and "protocols: SOURCES", and /etc/protocols, which is $PROTOCOLS_FILE where the test
# sets it and is not there otherwise: glibc itself reads what the test gives it, whatever
# the host has or lacks. With AT_INDEX_PLACES set, the module reads its own places, not
# NSS_IANA_INDEX: the state directory an empty tmpfs, the vendor directory the built vendor
# files, and no /etc/nss-iana.
#   [PROTOCOLS_FILE=FILE] [AT_INDEX_PLACES=1] in_namespace SERVICES_FILE "NSS SOURCES" COMMAND...
in_namespace() {
	local services=$1 sources=$2 etc
	shift 2
	etc=$(mktemp -d "${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/etc.XXXXXX")
	local preload=()
	# A sanitized module needs its runtime first; the programs it is preloaded into leak by design.
	[ -z "${SANITIZER_PRELOAD:-}" ] || preload=(env LD_PRELOAD="$SANITIZER_PRELOAD" ASAN_OPTIONS=detect_leaks=0)
	private_mounts "${preload[@]}" sh -ec '
		etc=$1 services=$2 sources=$3 protocols=$4
		shift 4
		# A tmpfs of links to the host /etc takes its place, so that files the host
		# lacks can be put in; the host /etc stays reachable, to every user, as /etc/.host.
		mkdir "$etc/host"
		mount --rbind /etc "$etc/host"
		mount -t tmpfs -o mode=755 none /etc
		mkdir /etc/.host
		mount --rbind "$etc/host" /etc/.host
		cd /etc
		ln -s .host/* .
		cd - > /dev/null
		rm -f /etc/nsswitch.conf /etc/services /etc/protocols
		printf "services: %s\nprotocols: %s\n" "$sources" "$sources" > /etc/nsswitch.conf
		ln -s "$(realpath "$services")" /etc/services
		if [ -n "$protocols" ]; then ln -s "$(realpath "$protocols")" /etc/protocols; fi
		# A running nscd would answer from its own cache, not from these files.
		if [ -d /run/nscd ]; then mount -t tmpfs none /run/nscd; fi
		if [ -n "${AT_INDEX_PLACES:-}" ]; then
			rm -f /etc/nss-iana
			unset NSS_IANA_INDEX
			"$TEST_TOOLS/index-places" "$(dirname "$DEFAULT_INDEX_PATH")" "$(dirname "$VENDOR_INDEX_PATH")" \
				"$VENDOR_FILES" "$etc"
		fi
		exec "$@"' sh "$etc" "$services" "$sources" "${PROTOCOLS_FILE:-}" "$@"
}

# For the tests of the module: the full registries' services and protocols files and their
# index ($SERVICES, $PROTOCOLS, $NSS_IANA_INDEX), the built module on the library path, and an
# empty services file ($EMPTY_SERVICES), so that an answer through in_iana can only come from
# the module. With AT_INDEX_PLACES set, the vendor files as built, the module at its own places.
setup_module_tests() {
	export LD_LIBRARY_PATH=$NSS_MODULE_DIR EMPTY_SERVICES=$BATS_FILE_TMPDIR/empty-services
	: > "$EMPTY_SERVICES"
	if [ -n "${AT_INDEX_PLACES:-}" ]; then
		export SERVICES=$VENDOR_FILES/services PROTOCOLS=$VENDOR_FILES/protocols
		return
	fi
	export SERVICES=$BATS_FILE_TMPDIR/services PROTOCOLS=$BATS_FILE_TMPDIR/protocols
	export NSS_IANA_INDEX=$BATS_FILE_TMPDIR/services.idx
	"$GEN" --registry "$REGISTRY" --protocol-registry "$PROTOCOL_REGISTRY" --services "$SERVICES" \
		--protocols "$PROTOCOLS" --index "$NSS_IANA_INDEX"
}

# Runs a command with "services: iana", "protocols: iana", and no /etc/services or
# /etc/protocols entries.
in_iana() {
	in_namespace "$EMPTY_SERVICES" iana "$@"
}

# Runs a command with "protocols: files" reading PROTOCOLS_FILE.
in_protocols_files() {
	PROTOCOLS_FILE=$1 in_namespace "$EMPTY_SERVICES" files "${@:2}"
}

# "name number alias..." of every entry of a protocols file, without the comments.
protocol_fields() {
	entries "$1" | sed 's/ *#.*//' | tr -s ' '
}
