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

# go-servquery, built once a file with the pure-Go resolver and the Go installed, offline.
need_go() {
	command -v go > /dev/null || skip "go is not installed (Debian package golang-go)"
	[ -x "$BATS_FILE_TMPDIR/go-servquery" ] ||
		CGO_ENABLED=0 GOENV=off GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$BATS_FILE_TMPDIR/go/cache" \
			GOPATH="$BATS_FILE_TMPDIR/go/path" go build -o "$BATS_FILE_TMPDIR/go-servquery" "$TEST_TOOLS/go-servquery.go"
}

# readers.py's name for the Go installed: go-1.19 before Go 1.22, which began to answer a name asked
# with no protocol from tcp's lines, then udp's.
go_reader() {
	need_go
	case $(GOTOOLCHAIN=local go env GOVERSION) in
	go1.19|go1.19.*|go1.20|go1.20.*|go1.21|go1.21.*) echo go-1.19 ;;
	*) echo go ;;
	esac
}

# readers.py's name for how this system's glibc reads a port, told by real glibc on one line.
glibc_reader() {
	local answer
	printf 'probe 010//tcp\n' > "$BATS_FILE_TMPDIR/port-rule.services"
	answer=$(echo 'name probe' | ask_glibc "$BATS_FILE_TMPDIR/port-rule.services")
	case $answer in
	'name probe *: 8/tcp') echo glibc ;;
	'name probe *: 10//tcp') echo glibc-decimal ;;
	*) echo "glibc reads '010//tcp' as neither readers.py's glibc nor its glibc-decimal: $answer" >&2; return 1 ;;
	esac
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
