#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/symbols.bats: the module exports its NSS entry points only, links libc alone, and is named as glibc looks for it.

load ../helpers

module() {
	echo "$NSS_MODULE_DIR/libnss_iana.so.2"
}

@test "nm -D shows only the ten _nss_iana_ services and protocols functions defined" {
	run sh -c "nm -D --defined-only '$(module)' | awk '{ print \$3 }' | sort"
	[ "$status" -eq 0 ]
	expect_equal "$output" "$(printf '%s\n' _nss_iana_endprotoent _nss_iana_endservent \
		_nss_iana_getprotobyname_r _nss_iana_getprotobynumber_r _nss_iana_getprotoent_r \
		_nss_iana_getservbyname_r _nss_iana_getservbyport_r _nss_iana_getservent_r \
		_nss_iana_setprotoent _nss_iana_setservent)"
}

# From NEEDED, not ldd, which lists the loader too under a name of each architecture's own (ld-linux-x86-64.so.2,
# s390x's ld64.so.1, ppc64el's ld64.so.2, mips' ld.so.1) and cannot run under every emulator.
@test "the module needs libc alone (and a sanitized build its sanitizer runtimes)" {
	local runtimes='^$'
	[ -z "${SANITIZER_PRELOAD:-}" ] || runtimes='^lib\(a\|ub\)san'
	run sh -c "readelf -d '$(module)' | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | grep -v -e '$runtimes'"
	expect_equal "$output" "libc.so.6"
}

@test "the soname is libnss_iana.so.2 and no development symlink is built" {
	run sh -c "readelf -d '$(module)' | grep SONAME"
	[[ "$output" == *"[libnss_iana.so.2]"* ]]
	[ ! -e "$NSS_MODULE_DIR/libnss_iana.so" ]
}

@test "the module never writes to stdout or stderr" {
	run sh -c "nm -D --undefined-only '$(module)' | awk '{ print \$2 }' | sed 's/@.*//'"
	for f in printf fprintf puts fputs fwrite write perror vfprintf dprintf syslog; do
		if grep -qx "$f" <<< "$output"; then
			echo "the module calls $f" >&2
			return 1
		fi
	done
}
