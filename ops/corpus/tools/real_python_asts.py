#!/usr/bin/env python3
"""The python half of the benchmark's real-AST corpus (ops/corpus/real-asts.sh): Python's own `ast` over every
module of this interpreter's standard library, its tests included, written as py_ast_to_json.py writes the sample
(ast2json shape, json's defaults, one line).

Usage: real_python_asts.py OUT_DIR [PROCESSES]
  writes OUT_DIR/python/<path under the stdlib>.json; prints files, bytes and the files `ast` refused (the test
  suite keeps a few files of deliberately bad syntax); third-party site-packages are left out.
"""
import ast
import json
import os
import platform
import sys
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from py_ast_to_json import to_json  # noqa: E402  the sample's own serialisation

STDLIB = os.path.dirname(os.__file__)


def dump(job):
    src, out = job
    try:
        with open(src, "rb") as f:
            tree = ast.parse(f.read(), filename=src)
        text = json.dumps(to_json(tree), allow_nan=True)
    except (SyntaxError, ValueError, RecursionError):
        return 0
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    return len(text) + 1


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = argv[1]
    processes = int(argv[2]) if len(argv) > 2 else 1
    jobs = []
    for dirpath, dirnames, filenames in os.walk(STDLIB):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages", "__pycache__"))
        for name in sorted(filenames):
            if name.endswith(".py"):
                src = os.path.join(dirpath, name)
                jobs.append((src, os.path.join(out_dir, "python", os.path.relpath(src, STDLIB) + ".json")))
    with Pool(processes) as pool:
        sizes = pool.map(dump, jobs, chunksize=16)
    written = [s for s in sizes if s > 0]
    print(f"python3 ast {platform.python_version()}, standard library {STDLIB}: {len(written)} files, "
          f"{sum(written)} bytes, {len(sizes) - len(written)} refused by ast")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
