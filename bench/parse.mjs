// Parser throughput, bmes against es-module-lexer, on the same files in one
// run. Prints per-file medians and the ratio. Run through parse.sh, which
// installs the corpus from npm first.
//
// bmes is timed with `go test -bench` (five samples, median MB/s);
// es-module-lexer is timed in-process after warm-up (median of at least five
// runs and one second). Both produce what they produce: es-module-lexer
// finds import and export positions; bmes builds the whole module record and
// checks every early error.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeLexer } from './lexer.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const files = [
  'node_modules/three/build/three.module.js',
  'node_modules/three/build/three.core.js',
  'node_modules/three/build/three.webgpu.js',
  // TypeScript ships no ESM build since 5.0; its compiler bundle is strict
  // code that parses as a module, which is what matters for a parser bench.
  'node_modules/typescript/lib/typescript.js',
].map((f) => join(here, f));

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function goBench(pkg, pattern) {
  const out = execFileSync('go', ['test', '-run', '^$', '-bench', pattern, '-count', '5', '-benchtime', '1s', pkg], {
    cwd: root,
    env: { ...process.env, BMES_BENCH_FILES: files.join(':') },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const samples = new Map(); // "Benchmark/file" -> MB/s samples
  for (const line of out.split('\n')) {
    const m = /^(Benchmark\S*?)\/(\S+?)(?:-\d+)?\s+\d+\s+[\d.]+ ns\/op\s+([\d.]+) MB\/s/.exec(line);
    if (!m) continue;
    const key = `${m[1]}/${m[2]}`;
    if (!samples.has(key)) samples.set(key, []);
    samples.get(key).push(Number(m[3]));
  }
  return samples;
}

const lexer = new Map(files.map((f) => { const r = timeLexer(f); return [r.name, r]; }));
// BenchmarkFiles is the parser (the whole record, every early error);
// BenchmarkFilesLexOnly its lexer alone, to show how much of it is
// tokenising.
const bmes = goBench('./internal/esm', '^BenchmarkFiles(LexOnly)?$');
const med = (bench, name) => (bmes.has(`${bench}/${name}`) ? median(bmes.get(`${bench}/${name}`)) : undefined);

const fmt = (x) => (x === undefined ? '      -' : x.toFixed(1).padStart(7));
console.log('file                           bytes     bmes parser   es-module-lexer   ratio   (bmes lexer alone)');
let totalBytes = 0, tParse = 0, tLexer = 0, tLexOnly = 0;
for (const [name, lx] of lexer) {
  const p = med('BenchmarkFiles', name), lo = med('BenchmarkFilesLexOnly', name);
  console.log(`${name.padEnd(26)} ${String(lx.bytes).padStart(9)}  ${fmt(p)} MB/s  ${fmt(lx.mbps)} MB/s    ${p ? (p / lx.mbps).toFixed(2) + 'x' : '-'}   (${fmt(lo)} MB/s)`);
  if (p && lo) {
    totalBytes += lx.bytes;
    tParse += lx.bytes / p;
    tLexer += lx.bytes / lx.mbps;
    tLexOnly += lx.bytes / lo;
  }
}
if (totalBytes) {
  const p = totalBytes / tParse, l = totalBytes / tLexer, lo = totalBytes / tLexOnly;
  console.log(`bmes lexer alone ${lo.toFixed(1)} MB/s (${(lo / l).toFixed(2)}x es-module-lexer): tokenising is ${((100 * p) / lo).toFixed(0)}% of the parser's time`);
  console.log(`all files (${(totalBytes / 1e6).toFixed(1)} MB): bmes parser ${p.toFixed(1)} MB/s, es-module-lexer ${l.toFixed(1)} MB/s, ratio ${(p / l).toFixed(2)}x`);
}
