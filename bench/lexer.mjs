// Times es-module-lexer on the files named on the command line and prints one
// JSON line per file: {"name", "bytes", "mbps"} where mbps is the median of
// the per-run throughputs. Used by parse.mjs; runnable on its own.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { init, parse } from 'es-module-lexer';

await init;

export function timeLexer(path, { minMillis = 1000, minRuns = 5 } = {}) {
  const source = readFileSync(path, 'utf8');
  const bytes = Buffer.byteLength(source);
  for (let i = 0; i < 3; i++) parse(source); // warm up the JIT and the wasm
  const samples = [];
  const start = performance.now();
  while (samples.length < minRuns || performance.now() - start < minMillis) {
    const t0 = performance.now();
    parse(source);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[samples.length >> 1];
  return { name: basename(path), bytes, mbps: bytes / 1e6 / (median / 1e3), runs: samples.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const path of process.argv.slice(2)) console.log(JSON.stringify(timeLexer(path)));
}
