#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# test-layers.py: every #include "..." of the project's C files runs down the layers, never up or across.
"""The layers, lowest first, of each program. A file may include its own folder's headers (its own
part's, in bench/) and those of a lower layer of a program it belongs to. gen/write and gen/report
share a layer and include neither each other; so do bench's parts. tests/ uses any."""
import pathlib
import re
import sys

BENCH_PARTS = ["lookups", "module-memory", "first-lookup", "getent-runs"]
PROGRAMS = {
    "iana-services-gen": [
        ["index"],
        ["gen"],  # the generator's messages and allocation
        ["gen/read"],
        ["gen/merge"],
        ["gen/write", "gen/report"],
        ["gen/explain"],  # answers from the registry's records and the merged lines, as the file writes them
        ["gen/main.c"],
    ],
    "libnss_iana": [["index"], ["nss"]],
    # nss-bench: the options and main() over the parts, which share the modules below them.
    "nss-bench": [["index"], ["bench"], ["bench/" + part for part in BENCH_PARTS], ["bench/nss-bench"]],
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def place(root, path):
    """The folder, file or bench part that names the layer of path."""
    rel = path.relative_to(root)
    if rel.as_posix() == "gen/main.c":
        return rel.as_posix()
    if rel.parts[0] == "bench" and (rel.stem in BENCH_PARTS or rel.stem == "nss-bench"):
        return "bench/" + rel.stem
    return rel.parent.as_posix()


def ranks(where):
    """The rank of a place in each program it belongs to."""
    return {name: r for name, layers in PROGRAMS.items() for r, places in enumerate(layers) if where in places}


def allowed(src, dst):
    if src == dst:
        return True
    src_ranks, dst_ranks = ranks(src), ranks(dst)
    if not src_ranks:
        return True  # tests/ sits on top
    return any(name in dst_ranks and dst_ranks[name] < r for name, r in src_ranks.items())


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
