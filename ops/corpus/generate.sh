#!/usr/bin/env bash
# Regenerates the sample AST corpus in ops/corpus from scratch:
#   sample/python/*.json   Python's own `ast` over CPython standard-library files
#   sample/estree/*.json   acorn (npm) over files of real npm packages
#   sample/clang/*.json    clang -Xclang -ast-dump=json over real C files on Debian
#   expected.jsonl         expected counts, computed by the generating side (see README.md)
#
# Needs, ONLY to regenerate the corpus (building and testing Sluice does not):
#   python3 (3.11 expected), node + npm (npm registry reachable), clang (Debian `clang`),
#   and the Debian packages holding the C inputs: vim-runtime, cmake-data, nodejs headers.
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
mkdir -p "$OUT/sample/python" "$OUT/sample/estree" "$OUT/sample/clang"
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
  "$PYTHON" "$HERE/tools/clang_json_counts.py" \
    --tool "$CLANG_VERSION (clang -Xclang -ast-dump=json -fsyntax-only -w${args:+ $args} $base, run in its directory)" \
    --source "$origin" --license "$license" "$OUT" "$rel" >>"$LINES"
  say "   $src -> $rel"
done

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
