#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/nss/protocols-getent.bats: real getent protocols through glibc and libnss_iana.so.2, with no /etc/protocols.

load ../helpers

setup_file() {
	setup_module_tests
}

setup() {
	need_private_mounts
}

getent_iana() {
	in_iana getent protocols "$@"
}

@test "getent protocols tcp, 132 and ipv6-icmp answer through protocols: iana" {
	run getent_iana tcp 132 ipv6-icmp
	[ "$status" -eq 0 ]
	expect_equal "$(echo "$output" | tr -s ' ')" "$(printf '%s\n' 'tcp 6 TCP' 'sctp 132 SCTP' 'ipv6-icmp 58 IPv6-ICMP')"
}

@test "netbase's traditional names: ip is 0, ipencap is 4, and an alias finds its line" {
	run getent_iana 0 4 ip IP-ENCAP OSPFIGP
	[ "$status" -eq 0 ]
	[[ "$(echo "$output" | sed -n 1p | tr -s ' ')" == "ip 0 IP"* ]]
	[[ "$(echo "$output" | sed -n 2p | tr -s ' ')" == "ipencap 4 IP-ENCAP"* ]]
	[[ "$(echo "$output" | sed -n 3p | tr -s ' ')" == "ip 0 IP"* ]]
	[[ "$(echo "$output" | sed -n 4p | tr -s ' ')" == "ipencap 4 IP-ENCAP"* ]]
	[[ "$(echo "$output" | sed -n 5p | tr -s ' ')" == "ospf 89 "* ]]
}

@test "names in any case" {
	run getent_iana Tcp IPV6-icmp
	[ "$status" -eq 0 ]
	expect_equal "$(echo "$output" | tr -s ' ')" "$(printf '%s\n' 'tcp 6 TCP' 'ipv6-icmp 58 IPv6-ICMP')"
}

@test "a miss is not found (exit 2): an unknown name, an unassigned number, and numbers past 255" {
	for key in no-such-protocol 200 256 99999; do
		run getent_iana "$key"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
	done
}

@test "getent protocols lists every line of the canonical protocols file, in its order" {
	run getent_iana
	[ "$status" -eq 0 ]
	expect_equal "$(echo "$output" | awk '{ print $1, $2 }')" "$(entries "$PROTOCOLS" | awk '{ print $1, $2 }')"
	[ "$(echo "$output" | wc -l)" -gt 140 ]
}

@test "services still answer from the same index" {
	run in_iana getent services imaps 993/tcp
	[ "$status" -eq 0 ]
	expect_equal "$(echo "$output" | tr -s ' ')" "$(printf '%s\n' 'imaps 993/tcp' 'imaps 993/tcp')"
}
