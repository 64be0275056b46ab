// Parser throughput, bmes against es-module-lexer, on the same files in one
// run. Prints per-file medians and the ratio. Run through parse.sh, which
// installs the corpus from npm first. Usage: node parse.mjs [rounds]
// (default 5).
//
// The machines this runs on are shared and their speed drifts by a fifth
// within minutes, more than the gap being measured. So the two are timed in
// interleaved rounds: each round times es-module-lexer on every file, then
// bmes on every file (one `go test -bench` sample each, from a test binary
// built once), and the ratio is taken within the round, where both saw the
// same machine. The figures printed are medians over the rounds, the ratio's
// with its range.
//
// es-module-lexer is timed in-process after warm-up (median of at least five
// runs and one second per file). Both produce what they produce:
// es-module-lexer finds import and export positions; bmes builds the whole
// module record and checks every early error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeLexer } from './lexer.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const rounds = Number(process.argv[2] ?? 5);
if (!(rounds >= 1)) throw new Error(`usage: node parse.mjs [rounds]: bad rounds ${process.argv[2]}`);
const files = [
  'node_modules/three/build/three.module.js',
  'node_modules/three/build/three.core.js',
  'node_modules/three/build/three.webgpu.js',
  // TypeScript ships no ESM build since 5.0; its compiler bundle is strict
  // code that parses as a module, which is what matters for a parser bench.
  'node_modules/typescript/lib/typescript.js',
].map((f) => join(here, f));

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const work = mkdtempSync(join(tmpdir(), 'bmes-parse-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const testBin = join(work, 'esm.test');
execFileSync('go', ['test', '-c', '-o', testBin, './internal/esm'], { cwd: root, stdio: 'inherit' });

// One sample of each of BenchmarkFiles (the parser: the whole record, every
// early error) and BenchmarkFilesLexOnly (its lexer alone, to show how much
// of it is tokenising) per file: a map from "Benchmark/file" to MB/s.
function goBench() {
  const out = execFileSync(testBin, ['-test.run', '^$', '-test.bench', '^BenchmarkFiles(LexOnly)?$', '-test.benchtime', '1s'], {
    cwd: join(root, 'internal/esm'),
    env: { ...process.env, BMES_BENCH_FILES: files.join(':') },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const mbps = new Map();
  for (const line of out.split('\n')) {
    const m = /^(Benchmark\S*?)\/(\S+?)(?:-\d+)?\s+\d+\s+[\d.]+ ns\/op\s+([\d.]+) MB\/s/.exec(line);
    if (m) mbps.set(`${m[1]}/${m[2]}`, Number(m[3]));
  }
  return mbps;
}

// Per-file samples over the rounds, and each round's ratio over all files
// (total bytes over total time, for each side).
const samples = new Map(); // "tool/file" -> MB/s per round
const add = (key, v) => { if (!samples.has(key)) samples.set(key, []); samples.get(key).push(v); };
const roundRatio = [], roundParse = [], roundLexer = [], roundLexOnly = [];
let bytesOf = new Map();
for (let r = 0; r < rounds; r++) {
  const lexer = files.map((f) => timeLexer(f));
  const bmes = goBench();
  let total = 0, tParse = 0, tLexer = 0, tLexOnly = 0;
  for (const lx of lexer) {
    const p = bmes.get(`BenchmarkFiles/${lx.name}`), lo = bmes.get(`BenchmarkFilesLexOnly/${lx.name}`);
    if (p === undefined || lo === undefined) throw new Error(`no bmes figure for ${lx.name} in round ${r + 1}`);
    bytesOf.set(lx.name, lx.bytes);
    add(`eml/${lx.name}`, lx.mbps); add(`parse/${lx.name}`, p); add(`lex/${lx.name}`, lo);
    total += lx.bytes; tParse += lx.bytes / p; tLexer += lx.bytes / lx.mbps; tLexOnly += lx.bytes / lo;
  }
  roundParse.push(total / tParse); roundLexer.push(total / tLexer); roundLexOnly.push(total / tLexOnly);
  roundRatio.push(tLexer / tParse);
}

const fmt = (x) => x.toFixed(1).padStart(7);
const med = (key) => median(samples.get(key));
console.log(`medians of ${rounds} interleaved rounds`);
console.log('file                           bytes     bmes parser   es-module-lexer   ratio   (bmes lexer alone)');
for (const [name, bytes] of bytesOf) {
  const ratios = samples.get(`parse/${name}`).map((p, i) => p / samples.get(`eml/${name}`)[i]);
  console.log(`${name.padEnd(26)} ${String(bytes).padStart(9)}  ${fmt(med(`parse/${name}`))} MB/s  ${fmt(med(`eml/${name}`))} MB/s    ${median(ratios).toFixed(2)}x   (${fmt(med(`lex/${name}`))} MB/s)`);
}
const p = median(roundParse), l = median(roundLexer), lo = median(roundLexOnly);
const totalBytes = [...bytesOf.values()].reduce((a, b) => a + b, 0);
console.log(`bmes lexer alone ${lo.toFixed(1)} MB/s (${(lo / l).toFixed(2)}x es-module-lexer): tokenising is ${((100 * p) / lo).toFixed(0)}% of the parser's time`);
console.log(`all files (${(totalBytes / 1e6).toFixed(1)} MB): bmes parser ${p.toFixed(1)} MB/s, es-module-lexer ${l.toFixed(1)} MB/s, ratio ${median(roundRatio).toFixed(2)}x (rounds ${Math.min(...roundRatio).toFixed(2)}-${Math.max(...roundRatio).toFixed(2)}x)`);
