#!/usr/bin/env node
// The estree half of the benchmark's real-AST corpus (ops/corpus/real-asts.sh): acorn over every JavaScript file
// of a few npm packages (tools/acorn/package.json), one compact JSON file per source file, as estree_acorn_to_json.mjs writes the sample.
//
// Usage: node real_estree_asts.mjs NODE_MODULES OUT_DIR
//   NODE_MODULES  where `npm ci` of tools/acorn put acorn and the source packages
//   OUT_DIR       gets estree/<package>/<path>.json; prints one line per package: files, bytes, failures
//
// Which files: PACKAGES below (globs by prefix and suffix; minified copies are left out, since they are the same
// code again). A file is parsed as a module first and as a script when that fails (CommonJS with sloppy-mode
// syntax); a file acorn refuses both ways is counted and skipped. RegExp and BigInt literal values become null,
// as ESTree says for environments that cannot carry them.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const PACKAGES = [
  // lodash: 640 small CommonJS modules, one per function, and the monolithic lodash.js
  { pkg: 'lodash', dirs: [''], deep: false },
  { pkg: 'lodash', dirs: ['fp'], deep: false },
  // rxjs: the CommonJS and ES module builds, hundreds of small operator files, and the UMD bundle
  { pkg: 'rxjs', dirs: ['dist/cjs', 'dist/esm', 'dist/esm5'], deep: true },
  { pkg: 'rxjs', dirs: ['dist/bundles'], deep: false },
  // three.js: the bundled library (MBs) and its examples' modules
  { pkg: 'three', dirs: ['build'], deep: false },
  { pkg: 'three', dirs: ['examples/jsm'], deep: true },
  // Apache ECharts: its ES modules, a thousand files of a charting library
  { pkg: 'echarts', dirs: ['lib'], deep: true },
  // TypeScript's compiler, 5.9 and 4.9 (npm alias typescript4): bundled files of 6-11 MB each, whose ASTs are the
  // corpus's largest, and the small entry points beside them
  { pkg: 'typescript', dirs: ['lib'], deep: false },
  { pkg: 'typescript4', dirs: ['lib'], deep: false },
];
const EXTENSIONS = ['.js', '.mjs', '.cjs'];
// Real sources concatenated into one script, for a file above 100 MB (no single bundle here is that large):
// TypeScript 4.9's language server and its compiler, two sloppy-mode scripts that share `var ts`, one after the
// other as a bundler would put them.
const CONCATENATIONS = [
  { pkg: 'typescript4', files: ['lib/tsserver.js', 'lib/tsc.js'], out: 'estree/concatenated/typescript4-tsserver+tsc.js.json' },
];

const [nodeModules, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node real_estree_asts.mjs NODE_MODULES OUT_DIR');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(nodeModules), '_'));
const acorn = require('acorn');

function replacer(key, value) {
  if (typeof value === 'bigint') return null;
  if (value instanceof RegExp) return null;
  return value;
}

function files(dir, deep) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (deep) out.push(...files(p, deep));
    } else if (EXTENSIONS.some((x) => e.name.endsWith(x)) && !/\.min\.[mc]?js$/.test(e.name)) {
      out.push(p);
    }
  }
  return out;
}

function parse(src) {
  const options = { ecmaVersion: 'latest', allowHashBang: true };
  try {
    return acorn.parse(src, { ...options, sourceType: 'module' });
  } catch (e) {
    return acorn.parse(src, { ...options, sourceType: 'script', allowReturnOutsideFunction: true });
  }
}

console.log(`acorn ${require('acorn/package.json').version}`);
for (const { pkg, dirs, deep } of PACKAGES) {
  const root = path.join(nodeModules, pkg);
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  let n = 0, bytes = 0, failed = 0;
  for (const dir of dirs) {
    for (const file of files(path.join(root, dir), deep)) {
      const rel = path.relative(root, file);
      let ast;
      try {
        ast = parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        failed++;
        continue;
      }
      const out = path.join(outDir, 'estree', pkg, rel + '.json');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      const json = JSON.stringify(ast, replacer);
      fs.writeFileSync(out, json + '\n');
      n++;
      bytes += json.length + 1;
    }
  }
  console.log(`  ${pkg}@${version} ${dirs.join(',')}: ${n} files, ${bytes} bytes${failed ? `, ${failed} refused by acorn` : ''}`);
}
for (const { pkg, files: parts, out } of CONCATENATIONS) {
  const root = path.join(nodeModules, pkg);
  const src = parts.map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n;\n');
  const json = JSON.stringify(parse(src), replacer);
  fs.mkdirSync(path.dirname(path.join(outDir, out)), { recursive: true });
  fs.writeFileSync(path.join(outDir, out), json + '\n');
  console.log(`  ${pkg} ${parts.join(' + ')} concatenated: ${out}, ${json.length + 1} bytes`);
}
