#!/usr/bin/env node
// tree-sitter itself (web-tree-sitter 0.20.8 and the prebuilt grammars of tree-sitter-wasms 0.1.13, both built
// with tree-sitter 0.20.8: language ABI 14) parses real source files, writes each tree as JSON in the generic
// `type` + `children` shape, and counts it with tree-sitter's own query API. Sluice's tree-sitter checks
// (TreeSitterRealToolsTest) and ops/corpus/generate.sh compare Sluice's counts of the JSON with these.
//
// Usage (run `npm ci` in this folder first):
//   node dump.mjs corpus OUT_DIR [--java DIR]    the real-tools corpus below, up to MAX_PER_LANGUAGE files
//                                                per language; DIR holds Java sources (the test unpacks them)
//   node dump.mjs files OUT_DIR LANG=SRC[@NAME]...   the given files (generate.sh's samples)
// Writes OUT_DIR/<lang>/<name>.json and OUT_DIR/expected.jsonl, one line per file:
//   {"file", "language", "source", "nodeCount", "maxDepth", "functionCount", "classCount", "importCount",
//    "kindCounts", "errorNodes"}
//
// JSON shape: every node tree-sitter has, named and anonymous (`"("`, `"def"`), in document order:
//   {"type": <node type>, "named": <bool>, "children": [...]}   ("children" left out on leaves but the root).
//
// Expected counts, from tree-sitter:
//   nodeCount   captures of the query `_ @n` (any node, named or anonymous, but ERROR nodes) plus those of
//               `(ERROR) @e`, checked against a TreeCursor walk
//   maxDepth    nodes on the deepest path of the TreeCursor walk, the root counting 1
//   kindCounts  the `_ @n` captures by node type
//   functionCount, classCount, importCount
//               distinct nodes captured by the grammar's query in GRAMMARS below; what they name is written
//               out per grammar here, on purpose separately from Sluice's own lists (DialectRules)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(HERE, 'package.json'));
const Parser = require('web-tree-sitter');
const WASMS = path.join(path.dirname(require.resolve('tree-sitter-wasms/package.json')), 'out');

const JS_FUNCTIONS = '[(function_declaration) (generator_function_declaration) (function_expression) (generator_function) (arrow_function) (method_definition)] @x';
const GRAMMARS = {
  javascript: {
    functions: JS_FUNCTIONS,
    classes: '[(class_declaration) (class (class_body))] @x',
    imports: '(import_statement) @x',
  },
  typescript: {
    functions: JS_FUNCTIONS,
    classes: '[(class_declaration) (abstract_class_declaration) (interface_declaration) (enum_declaration) (class (class_body))] @x',
    imports: '(import_statement) @x',
  },
  python: {
    functions: '(function_definition) @x',
    classes: '(class_definition) @x',
    imports: '[(import_statement) (import_from_statement) (future_import_statement)] @x',
  },
  go: {
    functions: '[(function_declaration) (method_declaration) (func_literal)] @x',
    classes: '(type_spec [(struct_type) (interface_type)]) @x',
    imports: '(import_declaration) @x',
  },
  rust: {
    functions: '[(function_item) (closure_expression)] @x',
    classes: '[(struct_item) (enum_item) (union_item) (trait_item)] @x',
    imports: '[(use_declaration) (extern_crate_declaration)] @x',
  },
  java: {
    functions: '[(method_declaration) (constructor_declaration) (lambda_expression)] @x',
    classes: '[(class_declaration) (interface_declaration) (enum_declaration) (record_declaration) (annotation_type_declaration)] @x',
    imports: '(import_declaration) @x',
  },
  c: {
    functions: '(function_definition) @x',
    classes: '[(struct_specifier (field_declaration_list)) (union_specifier (field_declaration_list)) (enum_specifier (enumerator_list))] @x',
    imports: '(preproc_include) @x',
  },
  cpp: {
    functions: '[(function_definition) (lambda_expression)] @x',
    classes: '[(class_specifier (field_declaration_list)) (struct_specifier (field_declaration_list)) (union_specifier (field_declaration_list)) (enum_specifier (enumerator_list))] @x',
    imports: '(preproc_include) @x',
  },
};

const MAX_PER_LANGUAGE = 100;
const MAX_SOURCE_BYTES = 256 * 1024;

function walkFiles(dir, accept, out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkFiles(p, accept, out);
    else if (e.isFile() && accept(p)) out.push(p);
  }
  return out;
}

/** Every k-th file, so that a capped list still spans the whole tree. */
function spread(files, max) {
  if (files.length <= max) return files;
  const step = files.length / max;
  return Array.from({ length: max }, (_, i) => files[Math.floor(i * step)]);
}

function glob1(dir, re) {
  try {
    return fs.readdirSync(dir).filter((n) => re.test(n)).sort().map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

function firstDir(parent, re) {
  return glob1(parent, re).find((p) => fs.statSync(p).isDirectory());
}

/** The corpus: [language, source label, files]. Sources not written here, from npm and Debian packages. */
function corpus(javaDir) {
  const nm = path.join(HERE, 'node_modules');
  const small = (p) => fs.statSync(p).size <= MAX_SOURCE_BYTES;
  const cargo = '/usr/share/cargo/registry';
  const rustCrates = glob1(cargo, /^(libc|regex-syntax)-/);
  const stdlib = firstDir('/usr/lib', /^python3\.\d+$/);
  const sets = [
    ['javascript', 'npm lodash-es@4.18.1', glob1(path.join(nm, 'lodash-es'), /\.js$/)],
    ['typescript', 'npm rxjs@7.8.2 (src/)', walkFiles(path.join(nm, 'rxjs', 'src'), (p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))],
    ['python', `Debian libpython3 stdlib (${stdlib})`, stdlib ? glob1(stdlib, /\.py$/) : []],
    ['go', 'Debian golang-golang-x-sys-dev', walkFiles('/usr/share/gocode/src/golang.org/x/sys', (p) => p.endsWith('.go'))],
    ['rust', 'Debian librust-libc-dev, librust-regex-syntax-dev', rustCrates.flatMap((d) => walkFiles(d, (p) => p.endsWith('.rs')))],
    ['java', 'Maven commons-lang3 and kafka-server-common sources', javaDir ? walkFiles(javaDir, (p) => p.endsWith('.java')) : []],
    ['c', 'Debian libc6-dev, linux-libc-dev, vim-runtime, cmake-data', [
      ...glob1('/usr/include', /\.h$/), ...glob1('/usr/include/linux', /\.h$/),
      ...walkFiles('/usr/share/vim', (p) => p.endsWith('.c')), ...glob1(firstDir('/usr/share', /^cmake-/) + '/Modules', /\.c$/)]],
    ['cpp', 'Debian libstdc++-12-dev', walkFiles('/usr/include/c++/12', (p) => !p.includes('/pstl/'))],
  ];
  return sets.map(([lang, source, files]) => [lang, source, spread(files.filter(small), MAX_PER_LANGUAGE)]);
}

const languages = {};
async function language(name) {
  if (!languages[name]) {
    const lang = await Parser.Language.load(path.join(WASMS, `tree-sitter-${name}.wasm`));
    const q = GRAMMARS[name];
    languages[name] = {
      lang,
      all: lang.query('_ @n'),
      errors: lang.query('(ERROR) @e'), // the wildcard leaves out ERROR nodes; the dump has them
      functions: lang.query(q.functions),
      classes: lang.query(q.classes),
      imports: lang.query(q.imports),
    };
  }
  return languages[name];
}

function distinct(query, root) {
  const ids = new Set();
  for (const c of query.captures(root)) ids.add(c.node.id);
  return ids.size;
}

/** The JSON of a tree, and the walk's own counts, from one TreeCursor pass (no recursion). */
function dump(tree) {
  const parts = [];
  const cursor = tree.walk();
  let depth = 1;
  let maxDepth = 1;
  let nodes = 0;
  let errors = 0;
  let root = true;
  for (;;) {
    nodes++;
    const type = cursor.nodeType;
    if (type === 'ERROR' || cursor.currentNode().isMissing()) errors++;
    parts.push('{"type":', JSON.stringify(type), ',"named":', cursor.nodeIsNamed ? 'true' : 'false');
    if (cursor.gotoFirstChild()) {
      parts.push(',"children":[');
      depth++;
      if (depth > maxDepth) maxDepth = depth;
      root = false;
      continue;
    }
    parts.push(root ? ',"children":[]}' : '}');
    root = false;
    for (;;) {
      if (cursor.gotoNextSibling()) {
        parts.push(',');
        break;
      }
      if (!cursor.gotoParent()) {
        cursor.delete();
        return { json: parts.join(''), nodes, maxDepth, errors };
      }
      depth--;
      parts.push(']}');
    }
  }
}

async function one(parser, langName, file, outFile, source) {
  const l = await language(langName);
  parser.setLanguage(l.lang);
  const text = fs.readFileSync(file, 'utf8');
  const tree = parser.parse(text);
  const { json, nodes, maxDepth, errors } = dump(tree);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, json + '\n');
  const kindCounts = {};
  let captured = 0;
  for (const c of [...l.all.captures(tree.rootNode), ...l.errors.captures(tree.rootNode)]) {
    kindCounts[c.node.type] = (kindCounts[c.node.type] || 0) + 1;
    captured++;
  }
  if (captured !== nodes) {
    throw new Error(`${file}: the query _ captured ${captured} nodes, the TreeCursor walk visited ${nodes}`);
  }
  const line = {
    language: langName,
    source,
    nodeCount: captured,
    maxDepth,
    functionCount: distinct(l.functions, tree.rootNode),
    classCount: distinct(l.classes, tree.rootNode),
    importCount: distinct(l.imports, tree.rootNode),
    kindCounts,
    errorNodes: errors,
  };
  tree.delete();
  return line;
}

async function main() {
  const [mode, outDir, ...rest] = process.argv.slice(2);
  if (!outDir || !['corpus', 'files'].includes(mode)) {
    console.error('usage: node dump.mjs corpus OUT_DIR [--java DIR] | node dump.mjs files OUT_DIR LANG=SRC[@NAME]...');
    process.exit(2);
  }
  await Parser.init();
  const parser = new Parser();
  const jobs = [];
  if (mode === 'corpus') {
    const j = rest.indexOf('--java');
    for (const [lang, source, files] of corpus(j >= 0 ? rest[j + 1] : null)) {
      files.forEach((f, i) => {
        const base = path.basename(f).replace(/[^A-Za-z0-9._-]/g, '_');
        jobs.push({ lang, file: f, rel: `${lang}/${String(i).padStart(3, '0')}_${base}.json`, source: `${source}: ${f}` });
      });
    }
  } else {
    for (const spec of rest) {
      const m = /^([a-z]+)=([^@]+)(?:@(.+))?$/.exec(spec);
      if (!m || !GRAMMARS[m[1]]) throw new Error(`not LANG=SRC[@NAME]: ${spec}`);
      jobs.push({ lang: m[1], file: m[2], rel: m[3] || `${path.basename(m[2])}.json`, source: m[2] });
    }
  }
  fs.mkdirSync(outDir, { recursive: true });
  const lines = [];
  const perLanguage = {};
  for (const job of jobs) {
    const line = await one(parser, job.lang, job.file, path.join(outDir, job.rel), job.source);
    lines.push(JSON.stringify({ file: job.rel, ...line }));
    perLanguage[job.lang] = (perLanguage[job.lang] || 0) + 1;
  }
  fs.writeFileSync(path.join(outDir, 'expected.jsonl'), lines.join('\n') + (lines.length ? '\n' : ''));
  console.error(`dump.mjs: ${lines.length} trees written (${Object.entries(perLanguage).map(([k, v]) => `${k} ${v}`).join(', ')})`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
