#!/usr/bin/env python3
r"""Dump Python's own `ast` of source files as JSON in ast2json shape, and the
expected analysis counts computed from the same `ast` objects.

Usage: py_ast_to_json.py [--origin TEXT] OUT_DIR SRC [SRC ...]
  --origin  where this interpreter's stdlib came from (e.g. the Debian package),
            added to the "source" of each line when not empty

For every SRC, writes OUT_DIR/<basename>.json and prints one JSON line with the
expected counts to stdout (file path relative to ops/corpus, i.e.
"sample/python/<basename>.json").

JSON shape (ast2json style):
  * every AST node -> {"_type": <class name>, <each of _fields>..., <each of
    _attributes>...}; the _attributes (lineno, col_offset, end_lineno,
    end_col_offset) are always included for nodes that have them;
  * lists -> arrays; nested nodes -> objects; expression contexts (Load,
    Store, Del) are AST nodes too and are emitted as {"_type": "Load"} etc.;
  * constants -> JSON values; bytes -> str (latin-1 decoded, lossless);
    Ellipsis -> "..."; complex -> str(value); non-finite floats are written as
    Python's json module writes them (NaN, Infinity, -Infinity).
  * written on one line with json.dumps defaults (ASCII only, non-ASCII
    characters as \uXXXX escapes).

Expected counts are computed on the ast objects, not on the written JSON:
  nodeCount     = number of nodes yielded by ast.walk(tree) (every occurrence,
                  including Load/Store/Del context objects)
  maxDepth      = longest root-to-leaf chain of AST nodes, root counting 1
                  (recursive walk over ast.iter_child_nodes)
  functionCount = FunctionDef + AsyncFunctionDef
  classCount    = ClassDef
  importCount   = Import + ImportFrom
"""
import ast
import json
import os
import platform
import sys


def to_json(value):
    """Convert an ast node / field value to plain JSON-able Python data."""
    if isinstance(value, ast.AST):
        out = {"_type": type(value).__name__}
        for name in value._fields:
            out[name] = to_json(getattr(value, name, None))
        for name in getattr(value, "_attributes", ()):
            if hasattr(value, name):
                out[name] = to_json(getattr(value, name))
        return out
    if isinstance(value, (list, tuple, frozenset, set)):
        return [to_json(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if value is Ellipsis:
        return "..."
    if isinstance(value, complex):
        return str(value)
    raise TypeError(f"unexpected value in AST: {type(value).__name__}: {value!r}")


def max_depth(node):
    # iterative to be safe against deep trees; depth counts AST nodes only
    best = 0
    stack = [(node, 1)]
    while stack:
        n, d = stack.pop()
        if d > best:
            best = d
        for child in ast.iter_child_nodes(n):
            stack.append((child, d + 1))
    return best


def counts(tree):
    node_count = functions = classes = imports = 0
    for n in ast.walk(tree):
        node_count += 1
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions += 1
        elif isinstance(n, ast.ClassDef):
            classes += 1
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            imports += 1
    return {
        "nodeCount": node_count,
        "maxDepth": max_depth(tree),
        "functionCount": functions,
        "classCount": classes,
        "importCount": imports,
    }


def json_counts(doc):
    """Self-check only: the same counts taken over the written JSON (objects
    with a string "_type"), to prove the file carries exactly the nodes counted
    from the ast. The expected values always come from counts(tree)."""
    c = {"nodeCount": 0, "maxDepth": 0, "functionCount": 0, "classCount": 0, "importCount": 0}
    stack = [(doc, 0)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, list):
            stack.extend((x, depth) for x in v)
        elif isinstance(v, dict):
            kind = v.get("_type")
            if isinstance(kind, str):
                depth += 1
                c["nodeCount"] += 1
                c["maxDepth"] = max(c["maxDepth"], depth)
                c["functionCount"] += kind in ("FunctionDef", "AsyncFunctionDef")
                c["classCount"] += kind == "ClassDef"
                c["importCount"] += kind in ("Import", "ImportFrom")
            stack.extend((x, depth) for x in v.values())
    return c


def main(argv):
    origin = ""
    if len(argv) > 2 and argv[1] == "--origin":
        origin = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = argv[1]
    os.makedirs(out_dir, exist_ok=True)
    stdlib = os.path.dirname(os.__file__)
    tool = f"python3 ast {platform.python_version()}"
    for src in argv[2:]:
        with open(src, "rb") as f:
            source = f.read()
        tree = ast.parse(source, filename=src)
        name = os.path.basename(src) + ".json"
        # one line with json's defaults, as ast2json does: ", " / ": "
        # separators, non-ASCII as \uXXXX escapes, NaN/Infinity allowed.
        text = json.dumps(to_json(tree), allow_nan=True)
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(text + "\n")
        expected = counts(tree)
        reread = json_counts(json.loads(text))
        if reread != expected:
            sys.exit(f"{name}: counts from ast ({expected}) differ from the written JSON ({reread})")
        rel_src = os.path.relpath(os.path.realpath(src), os.path.realpath(stdlib))
        line = {"file": f"sample/python/{name}", "dialect": "python"}
        line.update(expected)
        line["tool"] = tool
        where = f" ({origin})" if origin else ""
        line["source"] = f"CPython {platform.python_version()} standard library{where}: Lib/{rel_src}"
        line["license"] = "PSF-2.0"
        print(json.dumps(line))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
