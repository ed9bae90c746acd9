#!/usr/bin/env node
// Parse JavaScript files of real npm packages with acorn, write the ESTree AST as
// JSON, and print the expected analysis counts computed on acorn's own AST objects.
//
// Usage: node estree_acorn_to_json.mjs ACORN_PREFIX SRC_ROOT OUT_DIR
//   ACORN_PREFIX  npm --prefix dir where `acorn` is installed (node_modules/acorn)
//   SRC_ROOT      dir holding the unpacked source packages as SRC_ROOT/<pkg>/package/...
//   OUT_DIR       where the <name>.json files go (sample/estree)
// One JSON line per file on stdout (file path relative to ops/corpus).
//
// Serialisation: JSON.stringify of acorn's nodes (type, start, end and the ESTree
// fields; no `loc`), compact. A Literal's `value` that JSON cannot carry (RegExp
// for regex literals, BigInt for bigint literals) is written as null, as ESTree
// specifies for environments that cannot represent it; `regex` / `bigint` keep
// the source form. Nothing else is changed.
//
// Counts (walk over acorn's objects, following every own enumerable property
// that is an object or array; RegExp/BigInt values are leaves):
//   nodeCount     objects whose `type` is a string (in ESTree, exactly the nodes)
//   maxDepth      nodes on the longest root-to-node path, root = 1
//   functionCount FunctionDeclaration + FunctionExpression + ArrowFunctionExpression
//   classCount    ClassDeclaration + ClassExpression
//   importCount   ImportDeclaration
// As a self-check, the written JSON is parsed back and walked the same way; the
// script fails if the two disagree.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// Which files: package, path inside the package, output name (original name + .json;
// index.js files are prefixed with their package name to keep names unique).
const FILES = [
  { pkg: 'semver', file: 'classes/semver.js', out: 'semver.js.json' },
  { pkg: 'semver', file: 'classes/range.js', out: 'range.js.json' },
  { pkg: 'lodash-es', file: 'toNumber.js', out: 'toNumber.js.json' },
  { pkg: 'p-limit', file: 'index.js', out: 'p-limit_index.js.json' },
  { pkg: 'yocto-queue', file: 'index.js', out: 'yocto-queue_index.js.json' },
];

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const CLASSES = new Set(['ClassDeclaration', 'ClassExpression']);
const IMPORTS = new Set(['ImportDeclaration']);

function counts(root) {
  const c = { nodeCount: 0, maxDepth: 0, functionCount: 0, classCount: 0, importCount: 0 };
  // explicit stack: [value, depth of nearest enclosing node]
  const stack = [[root, 0]];
  while (stack.length) {
    const [v, parentDepth] = stack.pop();
    if (v === null || typeof v !== 'object' || v instanceof RegExp) continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push([x, parentDepth]);
      continue;
    }
    let depth = parentDepth;
    if (typeof v.type === 'string') {
      depth = parentDepth + 1;
      c.nodeCount++;
      if (depth > c.maxDepth) c.maxDepth = depth;
      if (FUNCTIONS.has(v.type)) c.functionCount++;
      if (CLASSES.has(v.type)) c.classCount++;
      if (IMPORTS.has(v.type)) c.importCount++;
    }
    for (const x of Object.values(v)) stack.push([x, depth]);
  }
  return c;
}

function replacer(key, value) {
  if (typeof value === 'bigint') return null;
  if (value instanceof RegExp) return null;
  return value;
}

const [acornPrefix, srcRoot, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node estree_acorn_to_json.mjs ACORN_PREFIX SRC_ROOT OUT_DIR');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(acornPrefix), 'node_modules', '_'));
const acorn = require('acorn');
const acornVersion = require('acorn/package.json').version;
fs.mkdirSync(outDir, { recursive: true });

for (const f of FILES) {
  const pkgDir = path.join(srcRoot, f.pkg, 'package');
  const pkgJson = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const src = fs.readFileSync(path.join(pkgDir, f.file), 'utf8');
  const sourceType = f.file.endsWith('.mjs') || (pkgJson.type === 'module' && !f.file.endsWith('.cjs'))
    ? 'module' : 'script';
  const options = { ecmaVersion: 'latest', sourceType };
  const ast = acorn.parse(src, options);
  const json = JSON.stringify(ast, replacer);
  fs.writeFileSync(path.join(outDir, f.out), json + '\n');

  const expected = counts(ast);
  const reread = counts(JSON.parse(json));
  for (const k of Object.keys(expected)) {
    if (expected[k] !== reread[k]) {
      console.error(`${f.out}: ${k} differs between acorn's AST (${expected[k]}) and the written JSON (${reread[k]})`);
      process.exit(1);
    }
  }
  console.log(JSON.stringify({
    file: `sample/estree/${f.out}`,
    dialect: 'estree',
    ...expected,
    tool: `acorn ${acornVersion} (ecmaVersion latest, sourceType ${sourceType})`,
    source: `npm ${pkgJson.name}@${pkgJson.version}: ${f.file}`,
    license: pkgJson.license,
  }));
}
