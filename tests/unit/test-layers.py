#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# test-layers.py: every #include "..." of the project's C files runs down the layers, never up or across.
"""The layers, lowest first. A file may include its own folder's headers and those of a lower layer.
gen/write and gen/report share a layer and include neither each other. bench/ and tests/ use any."""
import pathlib
import re
import sys

LAYERS = [
    ["index"],
    ["gen"],  # the generator's messages and allocation
    ["gen/read"],
    ["gen/merge"],
    ["gen/write", "gen/report"],
    ["gen/main.c"],
]
MODULE = ["nss"]  # the module: the index, and nothing of the generator's
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def place(root, path):
    """The folder (or, for gen/main.c, the file) that names the layer of path, or None outside them."""
    rel = path.relative_to(root).as_posix()
    if rel == "gen/main.c":
        return rel
    folder = path.parent.relative_to(root).as_posix()
    return folder


def rank(folder):
    for r, names in enumerate(LAYERS):
        if folder in names:
            return r
    if folder in MODULE:
        return "module"
    return None


def allowed(src, dst):
    if src == dst:
        return True
    rs, rd = rank(src), rank(dst)
    if rs is None:
        return True  # bench/ and tests/ sit on top
    if rd is None:
        return False  # a header of bench/ or tests/: nothing below them uses it
    if rs == "module":
        return dst == "index"
    return rd != "module" and rd < rs


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    sources = [p for d in ["index", "gen", "nss", "bench", "tests"] for p in (root / d).rglob("*.[ch]")]
    headers = {}
    for p in sources:
        if p.suffix == ".h":
            headers.setdefault(p.name, []).append(p)
    problems = []
    for name, paths in sorted(headers.items()):
        if len(paths) > 1:
            problems.append(f"{name} is in {len(paths)} places: an include of it could mean either")
    checked = 0
    for p in sorted(sources):
        src = place(root, p)
        for name in INCLUDE.findall(p.read_text(errors="replace")):
            found = headers.get(pathlib.PurePath(name).name)
            if not found:
                continue  # built (netbase-compat.c) or not the project's
            dst = place(root, found[0])
            checked += 1
            if not allowed(src, dst):
                problems.append(f"{p.relative_to(root)} includes {name} of {dst}, which is not below {src}")
    for problem in problems:
        print(problem)
    print(f"{len(sources)} files, {checked} includes of the project's headers, {len(problems)} against the layers")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
