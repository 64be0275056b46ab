// es-module-lexer as a whole process over a file list (one path a line, on
// stdin): start Node, read every file, lex it once, exit. bench/precompile.sh
// times this process from the outside against a cold bmes-precompile run
// over the same files, so both pay their start-up and their reads.
// TypeScript files are lexed as they are (es-module-lexer accepts most TS
// import/export syntax), which flatters the lexer: it does no transform.
import { readFileSync } from 'node:fs';
import { init, parse } from 'es-module-lexer';

await init;
const files = readFileSync(0, 'utf8').split('\n').filter(Boolean);
let bytes = 0, failed = 0;
for (const f of files) {
  const src = readFileSync(f, 'utf8');
  bytes += src.length;
  try { parse(src); } catch { failed++; }
}
console.log(JSON.stringify({ files: files.length, bytes, failed }));
