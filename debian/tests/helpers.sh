# SPDX-License-Identifier: LGPL-2.1-or-later
# debian/tests/helpers.sh: what the autopkgtests share: one line per check, getent's answers, the verdict at the end.

failures=0

ok() { printf 'ok   %s\n' "$*"; }

# A failed check does not stop the test, so that one run reports all of them.
fail() {
	printf 'FAIL %s\n' "$*" >&2
	failures=$((failures + 1))
}

# check DESCRIPTION COMMAND...: the command succeeds; its output is shown when it does not.
check() {
	what=$1
	shift
	if out=$("$@" 2>&1); then
		ok "$what"
	else
		fail "$what"
		[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/     | /' >&2
	fi
}

# expect_answer DESCRIPTION EXPECTED COMMAND...: the first two fields of the command's
# answer (getent's name and port/protocol, or name and number).
expect_answer() {
	what=$1 want=$2
	shift 2
	got=$("$@" | awk '{ print $1, $2 }') || true
	if [ "$got" = "$want" ]; then ok "$what: $got"; else fail "$what: expected '$want', got '$got'"; fi
}

# expect_equal DESCRIPTION EXPECTED GOT
expect_equal() {
	if [ -n "$2" ] && [ "$2" = "$3" ]; then ok "$1: $3"; else fail "$1: expected '$2', got '$3'"; fi
}

# expect_not_found DESCRIPTION COMMAND...: getent's exit status for "not found", 2, and
# not another failure.
expect_not_found() {
	what=$1
	shift
	status=0
	got=$("$@" 2>&1) || status=$?
	if [ "$status" = 2 ]; then ok "$what"; else fail "$what: expected not found (exit 2), got exit $status: $got"; fi
}

# silent COMMAND...: the command succeeds and prints nothing.
silent() {
	if out=$("$@" 2>&1) && [ -z "$out" ]; then return 0; fi
	printf '%s\n' "$out"
	return 1
}

as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

# The index the module answers from, a link to the data file beside it: the state
# index, where update-iana-services has written one (a new link, a new inode, each
# time it runs), else the vendor index the package ships.
STATE_INDEX=/var/lib/nss-iana/services.idx
VENDOR_INDEX=/usr/share/nss-iana/services.idx
module_index() {
	if [ -e "$STATE_INDEX" ]; then echo "$STATE_INDEX"; else echo "$VENDOR_INDEX"; fi
}
index_inode() {
	stat -c %i "$(module_index)"
}

# The data file a link names, beside it.
index_data() {
	printf '%s/%s\n' "$(dirname "$1")" "$(tail -c +29 "$1" | tr -d '\0')"
}

# Index files beside the link but for the data file it names: stale data files, temporary files.
stale_files() {
	find "$(dirname "$(module_index)")" -mindepth 1 -maxdepth 1 \( -name 'services.idx.*' -o -name '.services.idx.*' \) \
		! -name "$(basename "$(index_data "$(module_index)")")"
}

# index_fact NAME: what iana-services-gen --check-index says of the index ("entries", ...);
# nothing if it does not accept the index.
index_fact() {
	iana-services-gen --check-index "$(module_index)" | sed -n "s/^$1: //p"
}

# logged LOG COMMAND...: the command's output goes to LOG, and is shown only if it fails.
logged() {
	log=$1
	shift
	"$@" > "$log" 2>&1 || { sed 's/^/     | /' "$log" >&2; return 1; }
}

# The entry lines of a services or protocols file, without their comments.
entries() {
	grep -v '^#' "$1" | grep -v '^$' | sed 's/[[:space:]]*#.*//'
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures checks FAILED" >&2
		exit 1
	fi
	echo "all checks passed"
}
