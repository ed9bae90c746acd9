#!/usr/bin/env python3
"""Consistency check of the corpus: re-walks every file listed in expected.jsonl
generically (node = object whose dialect kind field is a string) and compares
nodeCount / maxDepth / functionCount / classCount / importCount with the line.
The expected values themselves come from the generating tools (see README.md);
this only proves each file carries what was counted, and that every sample file
is listed. Usage: check_counts.py CORPUS_DIR   (exit 1 on any mismatch)
"""
import json
import os
import sys

DIALECTS = {
    "python": ("_type", {"FunctionDef", "AsyncFunctionDef"}, {"ClassDef"}, {"Import", "ImportFrom"}),
    "estree": ("type", {"FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"},
               {"ClassDeclaration", "ClassExpression"}, {"ImportDeclaration"}),
    "clang": ("kind", {"FunctionDecl", "CXXMethodDecl", "CXXConstructorDecl", "CXXDestructorDecl",
                       "CXXConversionDecl"}, {"CXXRecordDecl", "RecordDecl"}, set()),
}
FIELDS = ("nodeCount", "maxDepth", "functionCount", "classCount", "importCount")


def walk(doc, kind_field, fns, classes, imports):
    c = dict.fromkeys(FIELDS, 0)
    stack = [(doc, 0)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, list):
            stack.extend((x, depth) for x in v)
        elif isinstance(v, dict):
            kind = v.get(kind_field)
            if isinstance(kind, str):
                depth += 1
                c["nodeCount"] += 1
                c["maxDepth"] = max(c["maxDepth"], depth)
                c["functionCount"] += kind in fns
                c["classCount"] += kind in classes
                c["importCount"] += kind in imports
            stack.extend((x, depth) for x in v.values())
    return c


def main(corpus):
    bad = 0
    listed = set()
    with open(os.path.join(corpus, "expected.jsonl"), encoding="utf-8") as f:
        lines = [json.loads(l) for l in f if l.strip()]
    if [l["file"] for l in lines] != sorted(l["file"] for l in lines):
        print("expected.jsonl is not sorted by file"); bad += 1
    for line in lines:
        listed.add(line["file"])
        with open(os.path.join(corpus, line["file"]), encoding="utf-8") as f:
            doc = json.load(f)  # accepts NaN/Infinity like the python files may hold
        got = walk(doc, *DIALECTS[line["dialect"]])
        diff = {k: (line[k], got[k]) for k in FIELDS if line[k] != got[k]}
        status = "ok" if not diff else f"MISMATCH expected/got {diff}"
        bad += bool(diff)
        print(f"  {line['file']}: {status}")
    for root, _, files in os.walk(os.path.join(corpus, "sample")):
        for name in files:
            rel = os.path.relpath(os.path.join(root, name), corpus)
            if rel not in listed:
                print(f"  {rel}: not listed in expected.jsonl"); bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
