// SPDX-License-Identifier: LGPL-2.1-or-later
// go-servquery.go: servquery's name questions asked of Go's net.LookupPort, answered as readers.py answers.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strings"
)

func answer(kind, key, proto string) string {
	if kind == "port" {
		return "not asked"
	}
	port, err := net.LookupPort(proto, key)
	if err != nil {
		return "not found"
	}
	return fmt.Sprint(port)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.Fields(in.Text())
		if len(f) < 2 || len(f) > 3 || (f[0] != "name" && f[0] != "port") {
			fmt.Fprintf(os.Stderr, "go-servquery: bad question: %s\n", in.Text())
			os.Exit(2)
		}
		proto := ""
		if len(f) == 3 {
			proto = f[2]
		}
		shown := proto
		if shown == "" {
			shown = "*"
		}
		fmt.Printf("%s %s %s: %s\n", f[0], f[1], shown, answer(f[0], f[1], proto))
	}
}
