#!/usr/bin/env python3
"""Consistency check of the corpus: re-walks every file listed in expected.jsonl generically, by the
README's definition of a node in its dialect, and compares nodeCount / maxDepth / functionCount /
classCount / importCount (and clang's mainFileFunctionCount) with the line. The expected values themselves
come from the generating tools (see README.md); this only proves each file carries what was counted, and
that every sample file is listed. Usage: check_counts.py CORPUS_DIR   (exit 1 on any mismatch)

Nodes: an object carrying the dialect's kind field as a string, except for clang, whose nodes are the root
and the objects of the child arrays "inner" and "array_filler" that are not bare declaration references
(a "...Decl" kind without "loc"). tree-sitter kinds are the union over the grammars (README); the kinds in
TS_WITH_BODY count only with a direct child of a body kind.
"""
import json
import os
import sys

TS_FUNCTIONS = {"function_declaration", "generator_function_declaration", "function_expression",
                "generator_function", "arrow_function", "method_definition", "function_definition",
                "method_declaration", "func_literal", "function_item", "closure_expression",
                "constructor_declaration", "lambda_expression"}
TS_CLASSES = {"class_declaration", "abstract_class_declaration", "interface_declaration", "enum_declaration",
              "class_definition", "record_declaration", "annotation_type_declaration", "struct_item",
              "enum_item", "union_item", "trait_item"}
TS_WITH_BODY = {"class": {"class_body"}, "class_specifier": {"field_declaration_list"},
                "struct_specifier": {"field_declaration_list"}, "union_specifier": {"field_declaration_list"},
                "enum_specifier": {"enumerator_list"}, "type_spec": {"struct_type", "interface_type"}}
TS_IMPORTS = {"import_statement", "import_from_statement", "future_import_statement", "import_declaration",
              "use_declaration", "extern_crate_declaration", "preproc_include"}
CLANG_FUNCTIONS = {"FunctionDecl", "CXXMethodDecl", "CXXConstructorDecl", "CXXDestructorDecl", "CXXConversionDecl"}

DIALECTS = {
    "python": ("_type", {"FunctionDef", "AsyncFunctionDef"}, {"ClassDef"}, {"Import", "ImportFrom"}),
    "estree": ("type", {"FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"},
               {"ClassDeclaration", "ClassExpression"}, {"ImportDeclaration"}),
    "clang": ("kind", CLANG_FUNCTIONS, {"CXXRecordDecl", "RecordDecl"}, set()),
    "javaparser": ("!", {"MethodDeclaration", "ConstructorDeclaration", "LambdaExpr"},
                   {"ClassOrInterfaceDeclaration", "EnumDeclaration", "RecordDeclaration", "AnnotationDeclaration"},
                   {"ImportDeclaration"}),
    "tree-sitter": ("type", TS_FUNCTIONS, TS_CLASSES, TS_IMPORTS),
}
FIELDS = ("nodeCount", "maxDepth", "functionCount", "classCount", "importCount")


def in_main_file(loc):
    """clang: a valid location without includedFrom; a macro's expansionLoc decides."""
    if not isinstance(loc, dict):
        return False
    if "expansionLoc" in loc:
        loc = loc["expansionLoc"]
    return "offset" in loc and "includedFrom" not in loc


def walk(doc, dialect):
    kind_field, fns, classes, imports = DIALECTS[dialect]
    c = dict.fromkeys(FIELDS, 0)
    c["mainFileFunctionCount"] = 0
    # (value, depth of the nearest enclosing node, whether a clang node may stand here)
    stack = [(doc, 0, True)]
    while stack:
        v, depth, may_be_node = stack.pop()
        if isinstance(v, list):
            stack.extend((x, depth, may_be_node) for x in v)
            continue
        if not isinstance(v, dict):
            continue
        kind = v.get(kind_field)
        node = isinstance(kind, str)
        if dialect == "clang":
            node = node and may_be_node and not (kind.endswith("Decl") and "loc" not in v)
        if dialect == "javaparser" and node:
            kind = kind.rsplit(".", 1)[-1]
        if node:
            depth += 1
            c["nodeCount"] += 1
            c["maxDepth"] = max(c["maxDepth"], depth)
            c["functionCount"] += kind in fns
            c["classCount"] += kind in classes
            c["importCount"] += kind in imports
            if dialect == "tree-sitter" and kind in TS_WITH_BODY:
                bodies = {ch.get("type") for ch in v.get("children", []) if isinstance(ch, dict)}
                c["classCount"] += bool(bodies & TS_WITH_BODY[kind])
            if dialect == "clang" and kind in CLANG_FUNCTIONS and not v.get("isImplicit") and in_main_file(v.get("loc")):
                c["mainFileFunctionCount"] += 1
        for key, x in v.items():
            stack.append((x, depth, key in ("inner", "array_filler") and isinstance(x, list)))
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
        got = walk(doc, line["dialect"])
        fields = FIELDS + (("mainFileFunctionCount",) if "mainFileFunctionCount" in line else ())
        diff = {k: (line[k], got[k]) for k in fields if line[k] != got[k]}
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
