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
  const samples = new Map(); // sub-benchmark name -> MB/s samples
  for (const line of out.split('\n')) {
    const m = /^Benchmark\S*?\/(\S+?)(?:-\d+)?\s+\d+\s+[\d.]+ ns\/op\s+([\d.]+) MB\/s/.exec(line);
    if (!m) continue;
    if (!samples.has(m[1])) samples.set(m[1], []);
    samples.get(m[1]).push(Number(m[2]));
  }
  return samples;
}

const lexer = new Map(files.map((f) => { const r = timeLexer(f); return [r.name, r]; }));
const parser = goBench('./internal/esm', '^BenchmarkFiles$');

const fmt = (x) => (x === undefined ? '      -' : x.toFixed(1).padStart(7));
console.log('file                           bytes     bmes parser   es-module-lexer   ratio');
let totalBytes = 0, tParse = 0, tLexer = 0;
for (const [name, lx] of lexer) {
  const p = parser.has(name) ? median(parser.get(name)) : undefined;
  console.log(`${name.padEnd(26)} ${String(lx.bytes).padStart(9)}  ${fmt(p)} MB/s  ${fmt(lx.mbps)} MB/s    ${p ? (p / lx.mbps).toFixed(2) + 'x' : '-'}`);
  if (p) {
    totalBytes += lx.bytes;
    tParse += lx.bytes / p;
    tLexer += lx.bytes / lx.mbps;
  }
}
if (totalBytes) {
  const p = totalBytes / tParse, l = totalBytes / tLexer;
  console.log(`all files (${(totalBytes / 1e6).toFixed(1)} MB): bmes parser ${p.toFixed(1)} MB/s, es-module-lexer ${l.toFixed(1)} MB/s, ratio ${(p / l).toFixed(2)}x`);
}
