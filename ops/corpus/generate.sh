#!/usr/bin/env bash
# Regenerates the sample AST corpus in ops/corpus from scratch, all five dialects from real tools:
#   sample/python/*.json       Python's own `ast` over CPython standard-library files
#   sample/estree/*.json       acorn (npm) over files of real npm packages
#   sample/clang/*.json        clang -Xclang -ast-dump=json over real C files on Debian
#   sample/javaparser/*.json   JavaParser (Maven) and its JSON serializer over commons-lang3's sources
#   sample/tree-sitter/*.json  tree-sitter (web-tree-sitter + tree-sitter-wasms, npm) over sources of eight
#                              languages from npm, Debian and Maven packages
#   expected.jsonl             expected counts, computed by the generating side (see README.md)
#
# Needs, ONLY to regenerate the corpus (building and testing Sluice does not):
#   python3 (3.11 expected), node + npm (npm registry reachable), clang (Debian `clang`), java + mvn (Maven
#   Central reachable, for JavaParser), and the Debian packages holding the inputs: vim-runtime, cmake-data,
#   nodejs headers, libstdc++-12-dev, golang-golang-x-sys-dev, librust-regex-syntax-dev.
# Everything npm fetches goes to a temporary directory that is removed at the end; nothing
# is installed into the repository. The result is built in the temporary directory and
# only replaces sample/ and expected.jsonl once every step and the final check succeeded.
#
# Override the tools with PYTHON=... (default /usr/bin/python3), NODE=..., NPM=..., CLANG=... if needed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Debian 12's own python3 (3.11.2, stdlib from libpython3.11-stdlib) by default: it is on
# every Debian 12 machine, so the python samples come out the same everywhere
if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
NODE=${NODE:-node}
NPM=${NPM:-npm}
CLANG=${CLANG:-clang}
JAVA=${JAVA:-java}
MVN=${MVN:-mvn}
ROOT=$(cd "$HERE/../.." && pwd)

# ---- pinned inputs -------------------------------------------------------------------
ACORN_VERSION=8.19.0
# source packages (unpacked with `npm pack`, no install scripts run); which of their
# files are parsed is listed in tools/estree_acorn_to_json.mjs
NPM_SOURCES=(semver@7.8.6 lodash-es@4.18.1 p-limit@7.3.3 yocto-queue@1.2.2)
# CPython standard library files, relative to the interpreter's stdlib directory
PY_FILES=(json/decoder.py textwrap.py shlex.py colorsys.py fnmatch.py asyncio/timeouts.py)
# ---------------------------------------------------------------------------------------

say() { printf '%s\n' "$*"; }
missing=()
need() { # need CMD "explanation"
  if ! command -v "$1" >/dev/null 2>&1; then missing+=("$1: $2"); fi
}
need "$PYTHON" "Python 3 (3.11 expected; Debian: apt-get install python3) -- writes sample/python"
need "$NODE" "Node.js >= 18 (Debian: apt-get install nodejs) -- runs acorn for sample/estree"
need "$NPM" "npm with access to the npm registry -- fetches acorn@$ACORN_VERSION and the JS sources"
need "$CLANG" "clang (Debian: apt-get update && apt-get install clang) -- writes sample/clang; needed only to regenerate the corpus, never to build or test"
need tar "tar -- unpacks the npm source tarballs"
need "$JAVA" "a JDK 17+ -- runs JavaParser for sample/javaparser"
need "$MVN" "Maven with Maven Central reachable -- resolves JavaParser and the commons-lang3 sources jar"
need unzip "unzip -- takes one Java source out of the commons-lang3 sources jar"

# C inputs: "glob|extra clang args|debian package hint|license"
NODE_INCLUDE=""
if command -v "$NODE" >/dev/null 2>&1; then
  NODE_INCLUDE="$(cd "$(dirname "$(readlink -f "$(command -v "$NODE")")")/.." && pwd)/include/node"
fi
C_INPUTS=(
  "/usr/share/vim/vim*/macros/maze/maze.c||vim-runtime|Vim"
  "/usr/share/cmake-*/Modules/CMakeCCompilerABI.c||cmake-data|BSD-3-Clause"
  "$NODE_INCLUDE/js_native_api_types.h|-x c|nodejs (its C headers, include/node)|MIT"
)
C_FILES=()
for entry in "${C_INPUTS[@]}"; do
  IFS='|' read -r pattern _ pkg _ <<<"$entry"
  # shellcheck disable=SC2086  # the glob is meant to expand
  match=$(ls -1d $pattern 2>/dev/null | sort | tail -n 1 || true)
  if [ -z "$match" ]; then
    missing+=("$pattern: C input for sample/clang, from the Debian package $pkg (apt-get install $pkg)")
  fi
  C_FILES+=("$match")
done

# tree-sitter inputs: "language|file|output name" (sources from npm are resolved below, after npm ci)
TS_DEBIAN=(
  "python|\$STDLIB/colorsys.py|colorsys.py.json"
  "go|/usr/share/gocode/src/golang.org/x/sys/unix/sockcmsg_linux.go|sockcmsg_linux.go.json"
  "rust|/usr/share/cargo/registry/regex-syntax-0.6.27/src/parser.rs|parser.rs.json"
  "c|${C_FILES[0]}|maze.c.json"
  "cpp|/usr/include/c++/12/bits/exception.h|exception.h.json"
)
for entry in "${TS_DEBIAN[@]}"; do
  IFS='|' read -r _ file _ <<<"$entry"
  case "$file" in
    \$*) ;;
    *) [ -f "$file" ] || missing+=("$file: tree-sitter input (Debian: golang-golang-x-sys-dev, librust-regex-syntax-dev, libstdc++-12-dev)") ;;
  esac
done
JAVAPARSER_SOURCES=(org/apache/commons/lang3/concurrent/FutureTasks.java
  org/apache/commons/lang3/exception/CloneFailedException.java org/apache/commons/lang3/function/Consumers.java)

if [ ${#missing[@]} -gt 0 ]; then
  say "generate.sh: cannot regenerate the corpus, missing:" >&2
  for m in "${missing[@]}"; do say "  - $m" >&2; done
  say "Nothing was changed. (These are needed only to regenerate ops/corpus, not to build or test.)" >&2
  exit 1
fi

PYVER=$("$PYTHON" -c 'import platform; print(platform.python_version())')
case "$PYVER" in
  3.11.*) ;;
  *) say "warning: $PYTHON is $PYVER, not 3.11: the Python AST shape and counts will differ from the committed corpus" >&2 ;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sluice-corpus.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
OUT="$TMP/out"
mkdir -p "$OUT/sample/python" "$OUT/sample/estree" "$OUT/sample/clang" "$OUT/sample/javaparser" "$OUT/sample/tree-sitter"
LINES="$TMP/expected.unsorted.jsonl"
: >"$LINES"

# ---- python --------------------------------------------------------------------------
STDLIB=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
say "== python: $PYTHON $PYVER, stdlib $STDLIB"
py_srcs=()
for f in "${PY_FILES[@]}"; do py_srcs+=("$STDLIB/$f"); done
py_owner=$(dpkg-query -S "$(readlink -f "${py_srcs[0]}")" 2>/dev/null | head -n 1 | cut -d: -f1 || true)
py_origin=""
if [ -n "$py_owner" ]; then
  py_origin="Debian $py_owner $(dpkg-query -W -f='${Version}' "$py_owner" 2>/dev/null || echo '?')"
fi
"$PYTHON" "$HERE/tools/py_ast_to_json.py" --origin "$py_origin" "$OUT/sample/python" "${py_srcs[@]}" >>"$LINES"
for f in "${PY_FILES[@]}"; do say "   $f -> sample/python/$(basename "$f").json"; done

# ---- estree (acorn) -------------------------------------------------------------------
say "== estree: node $("$NODE" --version), acorn@$ACORN_VERSION (npm, into $TMP)"
mkdir -p "$TMP/acorn" "$TMP/tgz" "$TMP/src"
# run npm from the temp dir so no project config of the repository is picked up
(cd "$TMP" && "$NPM" install --prefix "$TMP/acorn" --no-save --no-audit --no-fund \
  --ignore-scripts --loglevel=error "acorn@$ACORN_VERSION" >/dev/null)
for spec in "${NPM_SOURCES[@]}"; do
  name=${spec%@*}
  tgz=$(cd "$TMP" && "$NPM" pack "$spec" --pack-destination "$TMP/tgz" --loglevel=error | tail -n 1)
  mkdir -p "$TMP/src/$name"
  tar -xzf "$TMP/tgz/$tgz" -C "$TMP/src/$name"
  say "   fetched $spec ($tgz)"
done
"$NODE" "$HERE/tools/estree_acorn_to_json.mjs" "$TMP/acorn" "$TMP/src" "$OUT/sample/estree" >>"$LINES"
for f in "$OUT"/sample/estree/*.json; do say "   -> sample/estree/$(basename "$f")"; done

# ---- clang ----------------------------------------------------------------------------
CLANG_VERSION=$("$CLANG" --version | head -n 1)
say "== clang: $CLANG_VERSION"
for i in "${!C_INPUTS[@]}"; do
  IFS='|' read -r _ args pkg license <<<"${C_INPUTS[$i]}"
  src=${C_FILES[$i]}
  dir=$(dirname "$src")
  base=$(basename "$src")
  rel="sample/clang/$base.json"
  # run in the file's own directory with a relative name, so the dump carries "maze.c",
  # not a machine-specific absolute path, for the main file; -w only silences warnings
  # shellcheck disable=SC2086  # $args holds separate words
  (cd "$dir" && "$CLANG" -Xclang -ast-dump=json -fsyntax-only -w $args "$base") >"$OUT/$rel"
  owner=$(dpkg-query -S "$(readlink -f "$src")" 2>/dev/null | head -n 1 | cut -d: -f1 || true)
  if [ -n "$owner" ]; then
    version=$(dpkg-query -W -f='${Version}' "$owner" 2>/dev/null || echo '?')
    origin="Debian $owner $version: $src"
  else
    origin="$pkg: $src"
  fi
  # the expected counts come from clang's text dump of the same file, never from the JSON
  # shellcheck disable=SC2086
  (cd "$dir" && "$PYTHON" "$HERE/tools/clang_text_counts.py" one \
    --tool "$CLANG_VERSION (clang -Xclang -ast-dump=json -fsyntax-only -w${args:+ $args} $base, run in its directory)" \
    --source "$origin" --license "$license" --file "$rel" -- $args "$base") >>"$LINES"
  say "   $src -> $rel"
done

# ---- javaparser -------------------------------------------------------------------------
say "== javaparser: JavaParser from Maven (topology/analysis' test class path)"
"$MVN" -B -q -f "$ROOT/pom.xml" -pl topology/analysis dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$TMP/javaparser.cp" >/dev/null
"$JAVA" -cp "$(cat "$TMP/javaparser.cp")" "$HERE/tools/JavaParserToJson.java" "$OUT/sample/javaparser" \
  "${JAVAPARSER_SOURCES[@]}" >>"$LINES"
for f in "${JAVAPARSER_SOURCES[@]}"; do say "   $f -> sample/javaparser/$(basename "$f").json"; done

# ---- tree-sitter ------------------------------------------------------------------------
say "== tree-sitter: web-tree-sitter + tree-sitter-wasms (npm ci of tools/tree-sitter, into $TMP)"
mkdir -p "$TMP/ts"
cp "$HERE/tools/tree-sitter/package.json" "$HERE/tools/tree-sitter/package-lock.json" "$HERE/tools/tree-sitter/dump.mjs" "$TMP/ts/"
(cd "$TMP/ts" && "$NPM" ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
LANG3_JAR=$(tr ':' '\n' <"$TMP/javaparser.cp" | grep -m1 'commons-lang3-.*-sources\.jar')
unzip -q -o "$LANG3_JAR" org/apache/commons/lang3/exception/CloneFailedException.java -d "$TMP/java"
ts_specs=(
  "javascript=$TMP/ts/node_modules/lodash-es/chunk.js@chunk.js.json"
  "typescript=$TMP/ts/node_modules/rxjs/src/internal/operators/map.ts@map.ts.json"
  "java=$TMP/java/org/apache/commons/lang3/exception/CloneFailedException.java@CloneFailedException.java.json"
)
for entry in "${TS_DEBIAN[@]}"; do
  IFS='|' read -r lang file name <<<"$entry"
  ts_specs+=("$lang=${file/\$STDLIB/$STDLIB}@$name")
done
"$NODE" "$TMP/ts/dump.mjs" files "$TMP/ts-out" "${ts_specs[@]}"
TS_TOOL="tree-sitter: web-tree-sitter $(cd "$TMP/ts" && "$NODE" -p 'require("web-tree-sitter/package.json").version'), tree-sitter-wasms $(cd "$TMP/ts" && "$NODE" -p 'require("tree-sitter-wasms/package.json").version')"
"$PYTHON" - "$TMP/ts-out" "$OUT/sample/tree-sitter" "$TS_TOOL" "$TMP" "$LANG3_JAR" >>"$LINES" <<'PY'
import json, os, shutil, subprocess, sys
src, dst, tool, tmp, jar = sys.argv[1:]
licenses = {"javascript": "MIT", "typescript": "Apache-2.0", "python": "PSF-2.0", "go": "BSD-3-Clause",
            "rust": "MIT OR Apache-2.0", "java": "Apache-2.0", "c": "Vim", "cpp": "GPL-3.0-or-later WITH GCC-exception-3.1"}
def origin(path):
    if path.startswith(tmp + "/ts/node_modules/"):
        rest = path[len(tmp + "/ts/node_modules/"):]
        pkg = rest.split("/", 1)[0]
        version = json.load(open(os.path.join(tmp, "ts/node_modules", pkg, "package.json")))["version"]
        return f"npm {pkg}@{version}: {rest.split('/', 1)[1]}"
    if path.startswith(tmp + "/java/"):
        return f"Maven {os.path.basename(jar)}: {path[len(tmp + '/java/'):]}"
    real = os.path.realpath(path)
    out = subprocess.run(["dpkg-query", "-S", real], capture_output=True, text=True).stdout
    pkg = out.split(":", 1)[0] if out else "?"
    ver = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True).stdout or "?"
    return f"Debian {pkg} {ver}: {path}"
for line in open(os.path.join(src, "expected.jsonl"), encoding="utf-8"):
    l = json.loads(line)
    shutil.copy(os.path.join(src, l["file"]), os.path.join(dst, l["file"]))
    out = {"file": "sample/tree-sitter/" + l["file"], "dialect": "tree-sitter"}
    out.update({k: l[k] for k in ("nodeCount", "maxDepth", "functionCount", "classCount", "importCount")})
    out["tool"] = f"{tool} (grammar {l['language']}; counts by tree-sitter's query API)"
    out["source"] = origin(l["source"])
    out["license"] = licenses[l["language"]]
    print(json.dumps(out))
PY
for f in "$OUT"/sample/tree-sitter/*.json; do say "   -> sample/tree-sitter/$(basename "$f")"; done

# ---- expected.jsonl, sorted by file ----------------------------------------------------------
"$PYTHON" - "$LINES" "$OUT/expected.jsonl" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
lines.sort(key=lambda l: l["file"])
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for l in lines:
        f.write(json.dumps(l) + "\n")
PY

say "== check: re-walking the written files against expected.jsonl"
"$PYTHON" "$HERE/tools/check_counts.py" "$OUT"

# ---- install into ops/corpus -----------------------------------------------------------
rm -rf "$HERE/sample" "$HERE/expected.jsonl"
mv "$OUT/sample" "$HERE/sample"
mv "$OUT/expected.jsonl" "$HERE/expected.jsonl"

say "== wrote $(wc -l <"$HERE/expected.jsonl") files + expected.jsonl under $HERE"
(cd "$HERE" && find sample -type f -name '*.json' -printf '%10s  %p\n' | sort -k2)
total=$(cd "$HERE" && du -cb sample expected.jsonl | tail -n 1 | cut -f1)
say "   total: $total bytes"
if [ "$total" -gt 3000000 ]; then
  say "warning: the corpus is over 3 MB; pick smaller inputs" >&2
fi
