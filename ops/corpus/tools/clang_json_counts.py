#!/usr/bin/env python3
"""Expected analysis counts for a clang JSON AST dump, walking the JSON exactly
as clang wrote it (`clang -Xclang -ast-dump=json -fsyntax-only FILE`).

Usage: clang_json_counts.py --tool TOOL --source SOURCE --license LICENSE CORPUS_DIR REL_FILE
Prints one JSON line with the counts for CORPUS_DIR/REL_FILE ("file" = REL_FILE).

Definitions (those of design.md, dialect `clang`):
  node          any JSON object whose "kind" is a string. This includes, besides
                the entries of "inner", the small reference objects clang attaches
                to nodes: "referencedDecl" (DeclRefExpr, MemberExpr), "decl"
                (TypedefType, RecordType, EnumType), "ownedTagDecl"
                (ElaboratedType), ... -- each of them carries a "kind" too.
                `"type": {"qualType": ...}` objects have no "kind": not nodes.
  nodeCount     all nodes in the document
  maxDepth      nodes on the longest path from the root, root = 1 (arrays and
                non-node objects add no depth)
  functionCount kinds FunctionDecl, CXXMethodDecl, CXXConstructorDecl,
                CXXDestructorDecl, CXXConversionDecl
  classCount    kinds CXXRecordDecl, RecordDecl
  importCount   always 0 (no import kinds in this dialect)
Extra, informational: refNodeCount = how many of nodeCount are reached through
a key other than "inner" (the reference objects above); refFunctionCount and
refClassCount likewise for the function and class kinds.
"""
import argparse
import json
import os

FUNCTIONS = {"FunctionDecl", "CXXMethodDecl", "CXXConstructorDecl",
             "CXXDestructorDecl", "CXXConversionDecl"}
CLASSES = {"CXXRecordDecl", "RecordDecl"}


def counts(doc):
    c = {"nodeCount": 0, "maxDepth": 0, "functionCount": 0, "classCount": 0, "importCount": 0}
    ref = {"refNodeCount": 0, "refFunctionCount": 0, "refClassCount": 0}
    # (value, depth of the nearest enclosing node, key it hangs under)
    stack = [(doc, 0, None)]
    while stack:
        v, depth, key = stack.pop()
        if isinstance(v, list):
            stack.extend((x, depth, key) for x in v)
        elif isinstance(v, dict):
            kind = v.get("kind")
            if isinstance(kind, str):
                depth += 1
                c["nodeCount"] += 1
                c["maxDepth"] = max(c["maxDepth"], depth)
                is_fn, is_cls = kind in FUNCTIONS, kind in CLASSES
                c["functionCount"] += is_fn
                c["classCount"] += is_cls
                if key is not None and key != "inner":
                    ref["refNodeCount"] += 1
                    ref["refFunctionCount"] += is_fn
                    ref["refClassCount"] += is_cls
            stack.extend((x, depth, k) for k, x in v.items())
    return c, ref


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tool", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--license", required=True)
    ap.add_argument("corpus_dir")
    ap.add_argument("rel_file")
    a = ap.parse_args()
    with open(os.path.join(a.corpus_dir, a.rel_file), encoding="utf-8") as f:
        doc = json.load(f)
    if not (isinstance(doc, dict) and doc.get("kind") == "TranslationUnitDecl"):
        raise SystemExit(f"{a.rel_file}: root is not a TranslationUnitDecl")
    c, ref = counts(doc)
    line = {"file": a.rel_file, "dialect": "clang", **c,
            "tool": a.tool, "source": a.source, "license": a.license, **ref}
    print(json.dumps(line))


if __name__ == "__main__":
    main()
