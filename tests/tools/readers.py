#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# readers.py: a services file read as glibc, musl and Go read it, emulated, and where two readers disagree.
"""Usage:
  readers.py READER FILE < QUESTIONS         each question answered as READER (glibc, glibc-decimal, musl,
                                             go, go-1.19) answers it
  readers.py python < QUESTIONS              answered by Python's socket module, through the system's NSS
  readers.py normalise < ANSWERS             servquery's answers in the form below
  readers.py questions FILE                  every name and port of FILE, with its protocol and without, and misses
  readers.py compare READER READER FILE      the questions of FILE, with their protocols, that both readers
                                             can be asked and that they answer differently, then the count

glibc is nss_files as glibc 2.36 to 2.41 read a port (Debian 12 and 13); glibc-decimal as Debian's
glibc 2.43 reads it: decimal only, and one slash after it. go is Go's pure resolver from 1.22 on (Debian
13 has 1.24); go-1.19 is it before 1.22 (Debian 12 has 1.19).

Questions are servquery's: "name NAME [PROTO]" or "port PORT [PROTO]". Each answer is one line:
"name NAME PROTO: PORT/PROTO", "port PORT PROTO: NAME/PROTO" or "...: not found", PROTO "*" when none
was asked. Go answers a name with its port only and cannot be asked for a port ("not asked"); Python
gives no protocol. Two readers are compared on what both give.
"""
import re
import struct
import sys

SPACE = ' \t\n\v\f\r'
SPLIT = re.compile('[' + SPACE + ']+')
MISSES = ['name http tcp', 'name domain udp', 'name no-such-service tcp', 'name no-such-service',
          'port 65535 tcp', 'port 65535']


def c_string(s):
    return s.split('\0', 1)[0]


def fields(s):
    return [f for f in SPLIT.split(s) if f]


# C's long on this machine, where atoi's strtol saturates: servquery asks port 4294967376 as 80 on amd64,
# as 65535 on i386.
LONG_BITS = 8 * struct.calcsize('l')


def strtoul(s, base):
    """C's strtoul of a 64-bit long: its value and how many characters it read (0 for none). glibc reads a
    port of a services file so on i386 too, refusing -82 and 4294967376 as on amd64."""
    i = len(s) - len(s.lstrip(SPACE))
    negative = s[i:i + 1] == '-'
    i += s[i:i + 1] in ('-', '+')
    if base == 0:
        if s[i:i + 1] == '0' and s[i + 1:i + 2] in ('x', 'X') and re.match('[0-9a-fA-F]', s[i + 2:i + 3]):
            base, i = 16, i + 2
        else:
            base = 8 if s[i:i + 1] == '0' else 10
    digits = re.match('[0-9a-zA-Z]*', s[i:]).group()
    n = 0
    for k, d in enumerate(digits):
        if int(d, 36) >= base:
            digits = digits[:k]
            break
        n = n * base + int(d, 36)
    if not digits:
        return 0, 0
    n = 2**64 - 1 if n >= 2**64 else (-n) % 2**64 if negative else n
    return n, i + len(digits)


def atoi(s):
    """C's atoi: strtol's value, saturated at a long, as an int."""
    m = re.match('[' + SPACE + ']*[-+]?[0-9]+', s)
    n = max(-2**(LONG_BITS - 1), min(2**(LONG_BITS - 1) - 1, int(m.group()))) if m else 0
    return (n + 2**31) % 2**32 - 2**31


class Glibc:
    """nss_files: the first line with the name or alias (and protocol); lines of any length. The port is
    read as strtoul reads it in any base, then every slash after it is skipped."""
    BASE = 0
    ONE_SLASH = False

    def __init__(self, text):
        self.first = {}
        for port, proto, names in filter(None, map(self.entry, text.split('\n'))):
            for question in [(n, p) for n in names for p in (proto, None)] + [(port, proto), (port, None)]:
                self.first.setdefault(question, (port, proto, names[0]))

    @classmethod
    def entry(cls, line):
        line = c_string(line).lstrip(SPACE)
        if not line or line[0] == '#':
            return None
        line = re.split('[#\n]', line, maxsplit=1)[0]
        name, rest = (SPLIT.split(line, maxsplit=1) + [''])[:2]
        port, end = strtoul(rest, cls.BASE)
        if not end or rest[end:end + 1] not in ('/', '') or port > 0xffffffff:
            return None
        after = rest[end + 1:] if cls.ONE_SLASH else rest[end:].lstrip('/')
        proto, aliases = (SPLIT.split(after, maxsplit=1) + [''])[:2]
        return port & 0xffff, proto, [name] + fields(aliases)

    def asks(self, kind, proto):
        return True

    def name(self, name, proto):
        found = self.first.get((name, proto))
        return found and '%d/%s' % found[:2]

    def port(self, port, proto):
        found = self.first.get((atoi(port) & 0xffff, proto))
        return found and '%s/%s' % (found[2], found[1])


class GlibcDecimal(Glibc):
    """nss_files as Debian's glibc 2.43 reads a port: in decimal, with one slash after it."""
    BASE = 10
    ONE_SLASH = True


class Musl:
    """musl 1.2.3: the first line, read in pieces of at most 127 bytes; tcp and udp only."""

    def __init__(self, text):
        self.by_name, self.by_port = {}, {}
        for piece in (c_string(piece).split('#', 1)[0] for piece in self.fgets(text)):
            found = self.service(piece)
            for name in fields(piece) if found else []:
                self.by_name.setdefault(name, []).append(found)
            named = self.named_port(piece)
            if named:
                self.by_port.setdefault(named[1:], named[0])

    @staticmethod
    def fgets(text, size=128):
        i = 0
        while i < len(text):
            newline = text.find('\n', i, i + size - 1)
            end = newline + 1 if newline >= 0 else min(i + size - 1, len(text))
            yield text[i:end]
            i = end

    @staticmethod
    def service(piece):
        """What __lookup_serv takes from a piece that names the service: port and protocol."""
        rest = piece[len(re.match('[^' + SPACE + ']*', piece).group()):]
        port, end = strtoul(rest, 10)
        if not end or port > 65535 or rest[end:end + 4] not in ('/tcp', '/udp'):
            return None
        return port, rest[end + 1:end + 4]

    @staticmethod
    def named_port(piece):
        """What getnameinfo's reverse_services takes from a piece: name, port and protocol."""
        name = re.match('[^' + SPACE + ']*', piece).group()
        rest = piece[len(name) + 1:]
        if len(name) == len(piece) or len(name) > 31:
            return None
        port, end = strtoul(rest, 10)
        if not end or rest[end:end + 4] not in ('/tcp', '/udp'):
            return None
        return name, port, rest[end + 1:end + 4]

    def asks(self, kind, proto):
        return proto in ('tcp', 'udp')

    def name(self, name, proto):
        if re.fullmatch('([' + SPACE + ']*[-+]?[0-9]+)?', name):
            return None
        for port, p in self.by_name.get(name, []):
            if proto in (None, p):
                return '%d/%s' % (port, p)

    def port(self, port, proto):
        port = atoi(port) & 0xffff
        for p in [proto] if proto else ['tcp', 'udp']:
            name = self.by_port.get((port, p)) if p in ('tcp', 'udp') else None
            if name and atoi(name) != port:
                return '%s/%s' % (name, p)


class Go:
    """Go's net.LookupPort, pure Go, as Go 1.19 to 1.21 answer: the last line naming the service, the
    question lower-cased; with no protocol, the lines whose protocol is "ip"."""
    TCP, UDP = ['tcp'], ['udp']
    NETWORKS = {'tcp': TCP, 'tcp4': TCP, 'tcp6': TCP, 'udp': UDP, 'udp4': UDP, 'udp6': UDP, None: ['ip']}
    BUILT_IN = {'ftp': 21, 'ftps': 990, 'gopher': 70, 'http': 80, 'https': 443, 'imap2': 143, 'imap3': 220,
                'imaps': 993, 'pop3': 110, 'pop3s': 995, 'smtp': 25, 'ssh': 22, 'telnet': 23}
    MAX_NAME = len('mobility-header') + 10

    def __init__(self, text):
        self.services = {'udp': {'domain': 53}, 'tcp': dict(self.BUILT_IN)}
        for line in text.split('\n'):
            f = [x for x in re.split('[ \r\t\n]', line.split('#', 1)[0]) if x]
            port = re.match('[0-9]*', f[1]).group() if len(f) >= 2 else ''
            if not port or int(port) >= 0xffffff or int(port) <= 0 or f[1][len(port):len(port) + 1] != '/':
                continue
            names = self.services.setdefault(f[1][len(port) + 1:], {})
            for name in f[:1] + f[2:]:
                names[name] = int(port)

    @staticmethod
    def number(service):
        """parsePort: the number a service is, in its 32-bit arithmetic, or None for a name to look up."""
        cutoff, top, n = 1 << 30, (1 << 32) - 1, 0
        negative = service[:1] == '-'
        for d in service[1:] if service[:1] in ('+', '-') else service:
            if d not in '0123456789':
                return None
            if n >= cutoff or (n * 10 & top) + int(d) > top:
                n = top
                break
            n = (n * 10 & top) + int(d)
        port = cutoff - 1 if not negative and n >= cutoff else cutoff if negative and n > cutoff else n
        return -port if negative else port

    def asks(self, kind, proto):
        return kind == 'name' and proto in self.NETWORKS

    def name(self, name, proto):
        port = self.number(name)
        if port is not None:
            return str(port) if 0 <= port <= 65535 else None
        if proto not in self.NETWORKS or len(name) > self.MAX_NAME:
            return None
        lower = name.translate(str.maketrans('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'))
        for network in self.NETWORKS[proto]:
            port = self.services.get(network, {}).get(lower)
            if port is not None:
                return None if port > 65535 else str(port)
        return None

    def port(self, port, proto):
        return 'not asked'


class GoHints(Go):
    """Go from 1.22 on: with no protocol, or "ip", tcp's port, then udp's; its built-in names those of 1.24
    and 1.27, submissions among them."""
    BOTH = Go.TCP + Go.UDP
    NETWORKS = {**Go.NETWORKS, None: BOTH, 'ip': BOTH}
    BUILT_IN = dict(Go.BUILT_IN, submissions=465)


class Python:
    """Python's socket module, asked for real."""

    def __init__(self, text=None):
        import socket
        self.socket = socket

    def name(self, name, proto):
        try:
            return str(self.socket.getservbyname(name, *[proto] if proto else []))
        except OSError:
            return None

    def port(self, port, proto):
        try:
            return self.socket.getservbyport(int(port), *[proto] if proto else [])
        except (OSError, OverflowError):
            return None


READERS = {'glibc': Glibc, 'glibc-decimal': GlibcDecimal, 'musl': Musl, 'go-1.19': Go, 'go': GoHints,
           'python': Python}
EMULATED = ('glibc', 'glibc-decimal', 'musl', 'go-1.19', 'go')


def parse(question):
    words = question.split()
    if len(words) not in (2, 3) or words[0] not in ('name', 'port'):
        sys.exit('readers.py: bad question: ' + question)
    return words[0], words[1], words[2] if len(words) == 3 else None


def answer(reader, kind, key, proto):
    found = getattr(reader, kind)(key, proto)
    return '%s %s %s: %s' % (kind, key, proto or '*', found or 'not found')


def common(a, b):
    """Two answers as far as both readers give them: without the protocol if either lacks it."""
    if '/' not in a or '/' not in b:
        a, b = a.split('/')[0], b.split('/')[0]
    return a, b


def file_questions(text, with_protocol_only=False):
    questions = set()
    for line in text.split('\n'):
        f = fields(line.split('#', 1)[0])
        if len(f) < 2 or '/' not in f[1]:
            continue
        port, proto = f[1].split('/', 1)
        for proto in [proto] if with_protocol_only else [proto, None]:
            questions |= {('name', name, proto) for name in f[:1] + f[2:]}
            if re.fullmatch('[0-9]+', port):
                questions.add(('port', port, proto))
    return sorted(questions, key=lambda q: (q[0], q[1], q[2] or ''))


def compare(first, second, text):
    readers = [READERS[first](text), READERS[second](text)]
    asked = differ = 0
    for kind, key, proto in file_questions(text, True):
        if not all(r.asks(kind, proto) for r in readers):
            continue
        asked += 1
        a, b = common(*(getattr(r, kind)(key, proto) or 'not found' for r in readers))
        if a != b:
            differ += 1
            print('%s %s %s: %s %s, %s %s' % (kind, key, proto, first, a, second, b))
    print('%d of %d questions answered differently by %s and %s' % (differ, asked, first, second))


def normalise(line):
    question, found = line.rstrip('\n').split(': ', 1)
    if found == 'not found':
        return line.rstrip('\n')
    name, port_proto = found.split()[:2]
    return '%s: %s' % (question, port_proto if question.startswith('name') else
                       '%s/%s' % (name, port_proto.split('/', 1)[1]))


def main(argv):
    sys.stdin.reconfigure(encoding='latin-1')
    sys.stdout.reconfigure(encoding='latin-1')
    read = lambda path: open(path, encoding='latin-1', newline='').read()
    if len(argv) == 3 and argv[1] in EMULATED or len(argv) == 2 and argv[1] == 'python':
        reader = READERS[argv[1]](read(argv[2]) if len(argv) == 3 else None)
        for line in sys.stdin:
            print(answer(reader, *parse(line)))
    elif len(argv) == 2 and argv[1] == 'normalise':
        for line in sys.stdin:
            print(normalise(line))
    elif len(argv) == 3 and argv[1] == 'questions':
        for kind, key, proto in file_questions(read(argv[2])):
            print(kind, key, *[proto] if proto else [])
        print('\n'.join(MISSES))
    elif len(argv) == 5 and argv[1] == 'compare' and {argv[2], argv[3]} <= set(EMULATED):
        compare(argv[2], argv[3], read(argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
