# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/readers.bash: what the readers' tests share: readers.py, the questions, and the real readers.

readers() {
	"$PYTHON" "$TEST_TOOLS/readers.py" "$@"
}

# Every name and port of a services file, with its protocol and without, a few misses, and the
# questions the file lists on a line "# also asked: QUESTION, QUESTION...".
questions() {
	readers questions "$1"
	sed -n 's/^# also asked: //p' "$1" | tr ',' '\n' | sed 's/^ *//'
}

# musl-servquery, built once a file; the test is skipped where musl-gcc is not installed.
need_musl() {
	command -v musl-gcc > /dev/null || skip "musl-gcc is not installed (Debian package musl-tools)"
	[ -x "$BATS_FILE_TMPDIR/musl-servquery" ] ||
		musl-gcc -static -O2 -o "$BATS_FILE_TMPDIR/musl-servquery" "$TEST_TOOLS/musl-servquery.c"
}

# go-servquery, built once a file with the pure-Go resolver, offline; skipped without Go 1.19, the
# version readers.py emulates.
need_go() {
	command -v go > /dev/null || skip "go is not installed (Debian package golang-go)"
	local version
	version=$(go env GOVERSION)
	[[ $version == go1.19* ]] || skip "readers.py emulates Go 1.19, and this Go is $version"
	[ -x "$BATS_FILE_TMPDIR/go-servquery" ] ||
		CGO_ENABLED=0 GOENV=off GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$BATS_FILE_TMPDIR/go/cache" \
			GOPATH="$BATS_FILE_TMPDIR/go/path" go build -o "$BATS_FILE_TMPDIR/go-servquery" "$TEST_TOOLS/go-servquery.go"
}

# The real readers, asked the questions on stdin with FILE as /etc/services, answering as readers.py does.
ask_glibc() {
	in_namespace "$1" files "$SERVQUERY" | readers normalise
}

ask_musl() {
	need_musl
	in_namespace "$1" files "$BATS_FILE_TMPDIR/musl-servquery"
}

ask_go() {
	need_go
	in_namespace "$1" files "$BATS_FILE_TMPDIR/go-servquery"
}
