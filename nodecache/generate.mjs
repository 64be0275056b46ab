// The generator bmes-precompile -node-cache runs with the user's Node binary
// (node --expose-internals --no-warnings generate.mjs JOB.json): it makes
// Node compile every module of an app's graph into Node's own compile cache
// without running any of them, then tells what it compiled in a result file.
//
// How no module body runs:
//   - ES modules: every entry is imported through a synthetic root,
//     "bmes-gen:root", whose first import is "bmes-gen:throw", a module that
//     throws a sentinel. Linking the root fetches and compiles the whole
//     graph (Node writes a cache entry for each module as it compiles it);
//     evaluation visits the thrower first, depth first, and stops there
//     before any other module's body has run.
//   - CommonJS: Node's CommonJS loader compiles a file and calls it at once,
//     so this script calls the loader's compile step alone: the contextify
//     binding's compileFunctionForCJSLoader, the very function Node's
//     require uses, which consults and fills the compile cache, and returns
//     the compiled wrapper, which is never called. It is internal (hence
//     --expose-internals), so its shape is checked before use and the run
//     refuses clearly when it differs.
// The graph is Node's: ES module resolution is Node's (a resolve/load hook
// records every module the loader reaches and its format), and every
// require("…") with a string argument, in CommonJS files and in ES modules
// that use createRequire, is resolved by Node's own require.resolve.
//
// The synthetic modules get cache entries too; they are removed after the
// flush, by the name Node gives them (the hex CRC32 of a type byte and the
// key), and a name that does not exist means the cache layout is not the
// one bmes knows, which the result reports.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as nodeModule from 'node:module';
import { requireNames, scanRequires } from './requires.mjs';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const result = {
  node: process.version,
  uid: typeof process.getuid === 'function' ? process.getuid() : -1,
  cacheDir: '',
  portable: false,
  esm: [],
  commonjs: [],
  typescript: [],
  errors: [],
  fatal: '',
};

function finish() {
  fs.writeFileSync(job.result, JSON.stringify(result));
}

function fatal(msg) {
  result.fatal = msg;
  finish();
  process.exit(0);
}

if (typeof nodeModule.enableCompileCache !== 'function' || typeof nodeModule.flushCompileCache !== 'function' ||
    typeof nodeModule.getCompileCacheDir !== 'function') {
  fatal(`Node ${process.version} has no module.enableCompileCache/flushCompileCache/getCompileCacheDir (Node 22.10 or later needed)`);
}
if (typeof nodeModule.registerHooks !== 'function') {
  fatal(`Node ${process.version} has no module.registerHooks (Node 22.15 or later needed)`);
}
if (typeof zlib.crc32 !== 'function') {
  fatal(`Node ${process.version} has no zlib.crc32`);
}

// The CommonJS loader's compile step.
let compileCJS;
{
  const require = nodeModule.createRequire(import.meta.url);
  let binding;
  try {
    binding = require('internal/test/binding').internalBinding('contextify');
  } catch (e) {
    fatal(`cannot reach Node ${process.version}'s CommonJS compiler (internal/test/binding under --expose-internals): ${e.message}`);
  }
  if (typeof binding.compileFunctionForCJSLoader !== 'function') {
    fatal(`Node ${process.version}'s contextify binding has no compileFunctionForCJSLoader: its CommonJS loader is not the one bmes knows`);
  }
  compileCJS = (source, filename) => {
    // Node's wrapSafe: (content, filename, is_sea_main, should_detect_module).
    const r = binding.compileFunctionForCJSLoader(source, filename, false, true);
    if (r === null || typeof r !== 'object' || !('function' in r) || !('canParseAsESM' in r)) {
      throw new Error(`compileFunctionForCJSLoader returned an unknown shape: refusing`);
    }
    return r;
  };
}

const typeCode = { commonjs: 0, module: 1 };
const portable = job.portable === true;
const cacheOpts = portable ? { directory: job.dir, portable: true } : job.dir;
const status = nodeModule.enableCompileCache(cacheOpts);
const S = nodeModule.constants?.compileCacheStatus ?? {};
if (status.status !== S.ENABLED && status.status !== S.ALREADY_ENABLED) {
  fatal(`Node could not enable its compile cache in ${job.dir}: ${status.message ?? 'status ' + status.status}`);
}
result.cacheDir = nodeModule.getCompileCacheDir();
result.portable = portable;

// The versioned directory ends in the id of the user Node runs as. When
// another user will run the app (job.uid), the entries live under that
// user's name: they are moved here for the run, so that Node keeps the
// unchanged ones, and the directory is renamed back after the flush.
let finalDir = result.cacheDir;
if (result.uid >= 0 && Number.isInteger(job.uid) && job.uid >= 0 && job.uid !== result.uid) {
  const suffix = `-${result.uid}`;
  if (!result.cacheDir.endsWith(suffix)) {
    fatal(`Node's compile cache directory ${result.cacheDir} does not end in the user id ${result.uid}: its layout is not the one bmes knows, so it cannot be written for user ${job.uid}`);
  }
  finalDir = result.cacheDir.slice(0, -suffix.length) + `-${job.uid}`;
  let names = [];
  try { names = fs.readdirSync(finalDir); } catch {}
  for (const name of names) {
    fs.renameSync(path.join(finalDir, name), path.join(result.cacheDir, name));
  }
}

// The app's loader hook (bmes-node's register.mjs), when it will start
// with one: registered before the generator's own hooks, so that the
// source Node compiles, and the entries are keyed by, is the one the hook
// gives (a sidecar's JavaScript for TypeScript), as it will be on the
// app's start. It is imported with the cache enabled, so that its own
// modules get entries too.
if (job.hook) {
  try {
    await import(pathToFileURL(job.hook).href);
  } catch (e) {
    fatal(`cannot load the loader hook ${job.hook}: ${message(e)}`);
  }
}

// What the loader reached, by URL, with the format Node gave it.
const loaded = new Map();
const sentinel = Symbol('bmes-gen sentinel');
globalThis[Symbol.for('bmes-gen sentinel')] = sentinel;
let roots = [];
const synthetic = new Set();

nodeModule.registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('bmes-gen:')) {
      return { url: specifier, format: 'module', shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
  load(url, context, nextLoad) {
    if (url === 'bmes-gen:throw') {
      synthetic.add(url);
      return { format: 'module', source: 'throw globalThis[Symbol.for("bmes-gen sentinel")];', shortCircuit: true };
    }
    if (url.startsWith('bmes-gen:root')) {
      synthetic.add(url);
      const list = roots[Number(url.slice(url.indexOf('?') + 1))];
      const src = 'import "bmes-gen:throw";\n' + list.map((u) => `import ${JSON.stringify(u)};\n`).join('');
      return { format: 'module', source: src, shortCircuit: true };
    }
    const r = nextLoad(url, context);
    if (url.startsWith('file:') && !loaded.has(url)) {
      loaded.set(url, { format: r.format, source: r.source });
    }
    return r;
  },
});

// Imports every URL in list through one synthetic root; true when linking
// succeeded (evaluation stopped at the thrower).
async function compileESM(list) {
  roots.push(list);
  const url = 'bmes-gen:root?' + (roots.length - 1);
  try {
    await import(url);
  } catch (e) {
    if (e === sentinel) return { ok: true };
    return { ok: false, error: e };
  }
  // The root evaluated without reaching the thrower: something is badly
  // wrong (a module may have run). Say so loudly.
  fatal('the synthetic root evaluated past its throwing first import: refusing');
}

function message(e) {
  if (e && typeof e === 'object' && 'message' in e) {
    return (e.code ? e.code + ': ' : '') + String(e.message).split('\n')[0];
  }
  return String(e);
}

// The format Node's require gives the file at p, for the extensions that
// are code: 'commonjs', 'module', or '' for what is not ours (.json, .node).
function requireFormat(p) {
  const ext = path.extname(p);
  if (ext === '.cjs') return 'commonjs';
  if (ext === '.mjs') return 'module';
  if (ext !== '.js') return '';
  for (let d = path.dirname(p); ; d = path.dirname(d)) {
    const pj = path.join(d, 'package.json');
    let text;
    try { text = fs.readFileSync(pj, 'utf8'); } catch { text = undefined; }
    if (text !== undefined) {
      try { return JSON.parse(text).type === 'module' ? 'module' : 'commonjs'; } catch { return 'commonjs'; }
    }
    if (path.dirname(d) === d || path.basename(d) === 'node_modules') return 'commonjs';
  }
}

const esmDone = new Set();
const cjsDone = new Set();
let pendingESM = [];
let pendingCJS = [];

function addTarget(p) {
  const f = requireFormat(p);
  if (f === 'commonjs' && !cjsDone.has(p)) {
    cjsDone.add(p);
    pendingCJS.push(p);
  } else if (f === 'module') {
    const u = pathToFileURL(p).href;
    if (!esmDone.has(u)) { esmDone.add(u); pendingESM.push(u); }
  }
}

function followRequires(file, source, names) {
  const req = nodeModule.createRequire(file);
  for (const spec of scanRequires(source, names)) {
    let p;
    try { p = req.resolve(spec); } catch { continue; }
    if (path.isAbsolute(p)) addTarget(p);
  }
}

// Every module is imported, whatever its format: Node's loader decides it
// (package "type", syntax detection), and the hook hands CommonJS ones over.
for (const p of job.modules) {
  const u = pathToFileURL(p).href;
  if (!esmDone.has(u)) { esmDone.add(u); pendingESM.push(u); }
}

const seenLoaded = new Set();
while (pendingESM.length > 0 || pendingCJS.length > 0) {
  if (pendingESM.length > 0) {
    const list = pendingESM;
    pendingESM = [];
    const r = await compileESM(list);
    if (!r.ok) {
      // One module failed to load or link: try each alone, so that the
      // others still get their entries and the failure is told per module.
      for (const u of list) {
        const one = await compileESM([u]);
        if (!one.ok) result.errors.push({ file: fileURLToPath(u), message: message(one.error) });
      }
    }
  }
  for (const [url, info] of loaded) {
    if (seenLoaded.has(url)) continue;
    seenLoaded.add(url);
    const file = fileURLToPath(url);
    esmDone.add(url);
    const src = typeof info.source === 'string' ? info.source : info.source ? Buffer.from(info.source).toString('utf8') : fs.readFileSync(file, 'utf8');
    if (info.format === 'commonjs') {
      if (!cjsDone.has(file)) { cjsDone.add(file); pendingCJS.push(file); }
    } else if (info.format === 'module' || info.format === 'module-typescript') {
      if (info.format === 'module') result.esm.push(file); else result.typescript.push(file);
      if (src.includes('createRequire')) followRequires(file, src, requireNames(src));
    }
  }
  while (pendingCJS.length > 0) {
    const file = pendingCJS.shift();
    let src;
    try { src = fs.readFileSync(file, 'utf8'); } catch (e) { result.errors.push({ file, message: message(e) }); continue; }
    let r;
    try {
      r = compileCJS(src, file);
    } catch (e) {
      result.errors.push({ file, message: message(e) });
      continue;
    }
    if (r.function === undefined && r.canParseAsESM) {
      // Node's require loads a .js file with module syntax as an ES module.
      const u = pathToFileURL(file).href;
      if (!esmDone.has(u)) { esmDone.add(u); pendingESM.push(u); }
      continue;
    }
    result.commonjs.push(file);
    followRequires(file, src);
  }
}

nodeModule.flushCompileCache();

// Remove the synthetic modules' entries, by the name Node gives them.
let layoutOK = true;
for (const url of synthetic) {
  const name = zlib.crc32(Buffer.concat([Buffer.from([typeCode.module]), Buffer.from(url)])).toString(16).padStart(8, '0');
  const p = path.join(result.cacheDir, name);
  try { fs.rmSync(p); } catch { layoutOK = false; }
}
if (!layoutOK) {
  result.fatal = `Node ${process.version} wrote its compile cache in a layout bmes does not know (no entry named by CRC32 of type and key): refusing`;
}
if (finalDir !== result.cacheDir && !result.fatal) {
  fs.rmSync(finalDir, { recursive: true, force: true });
  fs.renameSync(result.cacheDir, finalDir);
  result.cacheDir = finalDir;
}
result.esm.sort(); result.commonjs.sort(); result.typescript.sort();
finish();
