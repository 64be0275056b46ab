// Reads and lexes with es-module-lexer every file bmes-precompile would
// analyse under the given root (its default globs: .js .mjs .ts .mts .tsx
// .jsx, no .d.ts, no node_modules or hidden directories), single-threaded,
// and prints {"files", "bytes", "seconds"} for the median of five passes.
// TypeScript files are lexed as they are (es-module-lexer accepts most TS
// import/export syntax), which flatters the lexer: it does no transform.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { init, parse } from 'es-module-lexer';

await init;

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(m?js|m?ts|tsx|jsx)$/.test(e.name) && !/\.d\.[mc]?ts$/.test(e.name)) out.push(p);
  }
  return out;
}

const files = walk(process.argv[2], []);
const passes = [];
let bytes = 0, failed = 0;
for (let pass = 0; pass < 6; pass++) {
  const t0 = performance.now();
  bytes = 0;
  failed = 0;
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(src);
    try { parse(src); } catch { failed++; }
  }
  if (pass > 0) passes.push((performance.now() - t0) / 1e3); // pass 0 warms up
}
passes.sort((a, b) => a - b);
console.log(JSON.stringify({ files: files.length, bytes, failed, seconds: passes[passes.length >> 1] }));
