#!/usr/bin/env bash
# Builds the benchmark's real-AST corpus (`ops/sluice bench --corpus real`) once, outside the repository:
#   python/**.py.json   Python's own `ast` over every module of the python3 standard library, tests included
#                       (tools/real_python_asts.py, the sample's ast2json shape)
#   estree/**.js.json   acorn over the JavaScript of lodash, rxjs, three.js, ECharts and TypeScript 5.9 and 4.9 (tools/acorn, pinned
#                       by its package-lock.json; tools/real_estree_asts.mjs). The files above 50 MB are the ASTs
#                       of single bundled sources: TypeScript's lib/typescript.js, tsserver.js, tsc.js (the compiler,
#                       6-11 MB of JavaScript each, 5.9 and 4.9), and, above 100 MB, one concatenation of real
#                       sources: TypeScript 4.9's tsserver.js and tsc.js as one script (estree/concatenated/)
# About 4,600 files and 1.3 GB; a few minutes on 2 cores. Nothing here is written by this project.
#
# Usage: ops/corpus/real-asts.sh [DIR]   (default: $SLUICE_REAL_ASTS, else ~/.cache/sluice/real-asts)
# DIR/COMPLETE is written last and names the recipe; when it names this one, the script does nothing. Needs
# python3 (PYTHON=...), node and npm with the npm registry reachable (NODE=..., NPM=...).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIR=${1:-${SLUICE_REAL_ASTS:-$HOME/.cache/sluice/real-asts}}
PYTHON=${PYTHON:-python3}
NODE=${NODE:-node}
NPM=${NPM:-npm}
# Changes whenever what the script writes changes, so an older cache is rebuilt.
RECIPE="real-asts 1: $(cat "$HERE/tools/acorn/package-lock.json" "$HERE/tools/real_estree_asts.mjs" \
  "$HERE/tools/real_python_asts.py" "$HERE/tools/py_ast_to_json.py" | cksum | cut -d' ' -f1)"

if [ -f "$DIR/COMPLETE" ] && [ "$(head -n 1 "$DIR/COMPLETE")" = "$RECIPE" ]; then
  echo "real-AST corpus: $DIR (built before)"
  exit 0
fi
for tool in "$PYTHON" "$NODE" "$NPM"; do
  command -v "$tool" >/dev/null || { echo "real-asts.sh: $tool is missing" >&2; exit 1; }
done
echo "real-AST corpus: building into $DIR (a few minutes) ..."
rm -rf "$DIR"
mkdir -p "$DIR"
WORK="$DIR.work"
rm -rf "$WORK"
mkdir -p "$WORK/tools" "$WORK/out"
trap 'rm -rf "$WORK"' EXIT
cp "$HERE/tools/acorn/package.json" "$HERE/tools/acorn/package-lock.json" "$WORK/tools/"
(cd "$WORK/tools" && "$NPM" ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
threads=$(nproc 2>/dev/null || echo 2)
{
  "$PYTHON" "$HERE/tools/real_python_asts.py" "$WORK/out" "$threads"
  "$NODE" --max-old-space-size=6144 "$HERE/tools/real_estree_asts.mjs" "$WORK/tools/node_modules" "$WORK/out"
} | tee "$WORK/out/SOURCES"
mv "$WORK/out"/* "$DIR"/
summary=$(find "$DIR" -name '*.json' -printf '%s\n' | sort -n | awk '{a[NR]=$1; s+=$1} END {
  printf "%d files, %.1f MB; median %.1f KB, max %.1f MB, %d above 50 MB", NR, s/1e6, a[int((NR+1)/2)]/1e3, a[NR]/1e6,
  big } $1 > 50e6 {big++}')
printf '%s\n%s\n' "$RECIPE" "$summary" >"$DIR/COMPLETE"
echo "real-AST corpus: $summary"
