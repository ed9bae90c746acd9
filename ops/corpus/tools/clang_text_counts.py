#!/usr/bin/env python3
"""Expected analysis counts for clang's AST of a C or C++ file, taken from clang's TEXT dump
(`clang -Xclang -ast-dump`, one line per node), never from the JSON dump Sluice reads: the two
dumps are written by different dumpers over the same traversal, so they check each other.

Usage:
  clang_text_counts.py one [--tool T --source S --license L --file REL] -- CLANG_ARGS... SRC
      one JSON line with the counts of SRC (CLANG_ARGS e.g. `-x c`); --file names it in the line
  clang_text_counts.py corpus OUT.jsonl
      finds the real-tools corpus below (C and C++ sources that Debian packages install), counts
      every file that clang compiles, and writes one line per file: file, lang, args, package,
      the counts. Two files at a time. The Java test (ClangRealToolsTest) dumps the same files
      as JSON and compares Sluice's counts with these.

What is a node (Sluice's definition for dialect clang): the root and the objects of clang's
child arrays ("inner", "array_filler"), not the reference objects clang hangs beside them. In the
text dump a node is a line whose head is an AST class name: it ends in Decl, Stmt, Expr, Type,
Attr, Comment, Literal, Operator, Directive, Clause or Requirement, or is TemplateArgument,
CXXCtorInitializer or ExprWithCleanups ("array_filler: " before it is a label). The other lines
are not nodes, and the JSON dump has no node for them either:
  <<<NULL>>>                         an absent child (JSON: {})
  Typedef 0x.. 'T', Record 0x.., ...  a reference to a declaration: the kind name without "Decl"
                                     (JSON: "decl", "referencedDecl", ... objects, and the bare
                                     ClassTemplateSpecializationDecl references without "loc")
  DefinitionData, DefaultConstructor, CopyConstructor, MoveConstructor, CopyAssignment,
  MoveAssignment, Destructor         a C++ record's definition data (JSON: "definitionData")
  public 'B', virtual ..., original .., inherited .., value: .., Overrides: [..], elements: ..,
  filler: ..                         labels: bases, namespaces, APValues, overrides (lower-case
                                     or ending in ':')
Counts:
  nodeCount      node lines
  maxDepth       nodes on the deepest path (tree prefix), the root counting 1
  functionCount  FunctionDecl, CXXMethodDecl, CXXConstructorDecl, CXXDestructorDecl,
                 CXXConversionDecl lines: implicit ones and those of included headers too
  classCount     CXXRecordDecl, RecordDecl lines
  importCount    0
  mainFileFunctionCount
                 function lines without the `implicit` flag whose location is in the main file.
                 The text dump prints spelling locations, but Sluice places a declaration made by
                 a macro where the macro was expanded; so this count is taken from the text dump
                 of the preprocessed file (`clang -E`, then -ast-dump of the .i), where every
                 expansion sits where it was expanded and line markers keep the file names: a
                 function is in the main file when the file its location names is the main file.
  kindCounts     node lines per kind (all of them; Sluice keeps the 32 most frequent)
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

FUNCTIONS = {"FunctionDecl", "CXXMethodDecl", "CXXConstructorDecl", "CXXDestructorDecl", "CXXConversionDecl"}
CLASSES = {"CXXRecordDecl", "RecordDecl"}
NODE_SUFFIXES = ("Decl", "Stmt", "Expr", "Type", "Attr", "Comment", "Literal", "Operator", "Directive", "Clause",
                 "Requirement")
NODE_NAMES = {"TemplateArgument", "CXXCtorInitializer", "ExprWithCleanups"}
PREFIX = re.compile(r"(?:[| ] )*(?:[|`]-)?")
ADDRESS = re.compile(r" 0x[0-9a-f]+")
LOC = re.compile(r"<invalid sloc>|<[^<>]*>:\d+:\d+|line:\d+:\d+|col:\d+|[^ <>,']+:\d+:\d+")


def is_node(head):
    return head[:1].isupper() and (head.endswith(NODE_SUFFIXES) or head in NODE_NAMES)


def lines_of(text):
    """(depth in the text tree, line without its tree prefix), depth 1 for the root."""
    for line in text.splitlines():
        if not line:
            continue
        prefix = PREFIX.match(line).end()
        s = line[prefix:]
        if s.startswith("array_filler: "):
            s = s[len("array_filler: "):]
        yield prefix // 2 + 1, s


def locations(rest):
    """The range and location tokens right after a node's address, in printing order, and the text after them.
    rest starts after the address; e.g. ' prev 0x1 <a.c:1:1, col:5> col:5 implicit used f ...'."""
    out = []
    s = rest
    while True:
        m = re.match(r" (?:parent|prev) 0x[0-9a-f]+", s)
        if not m:
            break
        s = s[m.end():]
    if s.startswith(" <"):
        depth, i = 0, 1
        while i < len(s):  # the balanced <...> of the range; file names like <scratch space> nest
            if s[i] == "<":
                depth += 1
            elif s[i] == ">":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        inner = s[2:i]
        out.extend(LOC.findall(inner))
        s = s[i + 1:]
        m = re.match(r" (" + LOC.pattern + r")(?= |$)", s)
        if m:
            out.append(("loc", m.group(1)))
            s = s[m.end():]
    return out, s


def file_of(token, last):
    if token.startswith(("line:", "col:")) or token == "<invalid sloc>":
        return last
    return token.rsplit(":", 2)[0]


def count_text(text):
    c = {"nodeCount": 0, "maxDepth": 0, "functionCount": 0, "classCount": 0, "importCount": 0}
    kinds = {}
    stack = []  # (text depth, node depth) of the open lines
    for depth, s in lines_of(text):
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent_nodes = stack[-1][1] if stack else 0
        head = s.split(" ", 1)[0]
        node = is_node(head)
        here = parent_nodes + (1 if node else 0)
        stack.append((depth, here))
        if not node:
            continue
        c["nodeCount"] += 1
        c["maxDepth"] = max(c["maxDepth"], here)
        kinds[head] = kinds.get(head, 0) + 1
        c["functionCount"] += head in FUNCTIONS
        c["classCount"] += head in CLASSES
    return c, kinds


def main_file_functions(text, main):
    """Function node lines, not implicit, whose location names the main file (presumed names of a .i dump)."""
    n = 0
    last = None
    for _, s in lines_of(text):
        head = s.split(" ", 1)[0]
        m = ADDRESS.match(s, len(head))
        if not is_node(head) or not m:
            continue
        locs, after = locations(s[m.end():])
        loc_file = None
        for token in locs:
            if isinstance(token, tuple):
                last = file_of(token[1], last)
                loc_file = last if token[1] != "<invalid sloc>" else None
            else:
                last = file_of(token, last)
        if head in FUNCTIONS and loc_file == main and not re.match(r" implicit\b", after):
            n += 1
    return n


def clang(args, cwd=None):
    return subprocess.run(["clang"] + args, capture_output=True, text=True, errors="replace", cwd=cwd)


def counts(clang_args, src, cwd=None):
    """The counts of one file, or (None, reason) when clang does not compile it."""
    text = clang(["-Xclang", "-ast-dump", "-fsyntax-only", "-w", "-fno-color-diagnostics"] + clang_args + [src], cwd)
    if text.returncode != 0:
        return None, (text.stderr.strip().splitlines() or ["exit %d" % text.returncode])[0]
    c, kinds = count_text(text.stdout)
    cxx = "c++" in clang_args or src.endswith((".cpp", ".cc", ".cxx"))
    with tempfile.TemporaryDirectory() as tmp:
        pre = os.path.join(tmp, "pre.i")
        e = clang(["-E", "-w"] + clang_args + [src, "-o", pre], cwd)
        if e.returncode != 0:
            return None, "clang -E failed: " + (e.stderr.strip().splitlines() or ["?"])[0]
        std = [a for a in clang_args if a.startswith("-std=")]
        again = clang(["-Xclang", "-ast-dump", "-fsyntax-only", "-w", "-fno-color-diagnostics",
                       "-x", "c++-cpp-output" if cxx else "cpp-output"] + std + [pre], cwd)
        if again.returncode != 0:
            return None, "the preprocessed file does not compile: " + (again.stderr.strip().splitlines() or ["?"])[0]
        c["mainFileFunctionCount"] = main_file_functions(again.stdout, src)
    c["kindCounts"] = kinds
    return c, None


# --- the real-tools corpus ---------------------------------------------------------------------------------
# C: headers of glibc (libc6-dev), of Linux (linux-libc-dev), of SQLite (libsqlite3-dev), of Node.js and the
# OpenSSL, libuv and zlib headers it ships (nodejs), and real .c files of vim-runtime and cmake-data; each
# header is compiled as the main file, as `clang -x c HEADER` does (every n-th of the many Linux and OpenSSL
# headers, to keep the check to a few minutes). C++: libstdc++'s headers (libstdc++-12-dev),
# each as a C++17 (or C++20) main file; the ones whose dumps stay under ~25 MB, to keep the check short.
C_GLOBS = [  # (pattern, Debian package, take every n-th file)
    ("/usr/include/*.h", "libc6-dev", 1),
    ("/usr/include/x86_64-linux-gnu/sys/*.h", "libc6-dev", 1),
    ("/usr/include/linux/*.h", "linux-libc-dev", 4),
    ("/usr/include/sqlite3*.h", "libsqlite3-dev", 1),
    ("/usr/include/node/*.h", "nodejs", 1),
    ("/usr/include/node/uv/*.h", "nodejs", 1),
    ("/usr/include/node/openssl/*.h", "nodejs", 3),
    ("/usr/share/vim/vim*/macros/*/*.c", "vim-runtime", 1),
    ("/usr/share/cmake-*/Modules/*.c", "cmake-data", 1),
]
CXX17 = ["cstdio", "cstdlib", "cstring", "cwchar", "cuchar", "cctype", "cwctype", "csignal", "ctime", "clocale",
         "cinttypes", "cfenv", "cstddef", "cstdint", "new", "typeinfo", "typeindex", "initializer_list", "iosfwd",
         "cxxabi.h", "stdlib.h", "type_traits", "limits", "ratio", "exception", "utility", "any", "optional",
         "tuple", "numeric", "array", "atomic", "variant", "charconv", "scoped_allocator"]
CXX20 = ["compare", "concepts", "numbers", "bit", "coroutine"]


def corpus_entries():
    entries = []
    seen = set()
    for pattern, package, every in C_GLOBS:
        for f in sorted(glob.glob(pattern))[::every]:
            real = os.path.realpath(f)
            if real in seen or not os.path.isfile(f):
                continue
            seen.add(real)
            entries.append({"file": f, "lang": "c", "args": ["-x", "c", "-I/usr/include/node"], "package": package})
    for std, names in (("-std=c++17", CXX17), ("-std=c++20", CXX20)):
        for name in names:
            f = "/usr/include/c++/12/" + name
            if os.path.isfile(f):
                entries.append({"file": f, "lang": "c++", "args": ["-x", "c++", std], "package": "libstdc++-12-dev"})
    return entries


def count_entry(entry):
    c, why = counts(entry["args"], entry["file"])
    return entry, c, why


def corpus(out):
    entries = corpus_entries()
    done, skipped = 0, []
    with open(out, "w", encoding="utf-8") as f, concurrent.futures.ThreadPoolExecutor(2) as pool:
        for entry, c, why in pool.map(count_entry, entries):
            if c is None:
                skipped.append((entry["file"], why))
                continue
            f.write(json.dumps({**entry, **c}) + "\n")
            done += 1
    print(f"clang_text_counts: {done} files counted, {len(skipped)} not compiled by clang "
          f"(a header that needs another one first, a C++ header as C, ...)", file=sys.stderr)
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "corpus" and len(argv) == 3:
        return corpus(argv[2])
    if len(argv) >= 2 and argv[1] == "one" and "--" in argv:
        split = argv.index("--")
        ap = argparse.ArgumentParser()
        for opt in ("--tool", "--source", "--license", "--file"):
            ap.add_argument(opt)
        a = ap.parse_args(argv[2:split])
        rest = argv[split + 1:]
        c, why = counts(rest[:-1], rest[-1])
        if c is None:
            sys.exit(f"{rest[-1]}: clang does not compile it: {why}")
        line = {"file": a.file or rest[-1], "dialect": "clang"}
        line.update({k: c[k] for k in ("nodeCount", "maxDepth", "functionCount", "classCount", "importCount")})
        line["mainFileFunctionCount"] = c["mainFileFunctionCount"]
        for k in ("tool", "source", "license"):
            if getattr(a, k):
                line[k] = getattr(a, k)
        print(json.dumps(line))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
