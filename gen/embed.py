#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# embed.py: a text file as a C string constant, for the overlay built into iana-services-gen.
import os
import sys


def escape(byte):
    if byte in b'\\"':
        return '\\' + chr(byte)
    if byte == 0x0a:
        return '\\n'
    if 0x20 <= byte < 0x7f and byte != ord('?'):  # '?' could start a trigraph
        return chr(byte)
    return '\\%03o' % byte


def main(source, output, symbol):
    with open(source, 'rb') as f:
        text = f.read()
    lines = ['/* Generated from %s by embed.py. */' % os.path.basename(source),
             'extern const char %s[];' % symbol,
             'const char %s[] =' % symbol,
             '\t""']
    lines += ['\t"%s"' % ''.join(escape(b) for b in line) for line in text.splitlines(keepends=True)]
    lines.append(';')
    with open(output, 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main(*sys.argv[1:])
