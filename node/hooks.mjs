// The bmes loader hook: serves what a .bmes sidecar already holds, so that
// Node does not redo it.
//
//   - TypeScript and JSX (.ts, .mts, .tsx, .jsx): the sidecar's code
//     section, the JavaScript esbuild produced, is returned as an ES module.
//     Node strips no types, and what its stripping refuses (enums,
//     namespaces, parameter properties, decorators) runs. The sidecar's
//     source map goes with it, as an inline sourceMappingURL comment, so
//     that with --enable-source-maps stack traces name the .ts lines.
//   - A .js file whose format Node cannot tell from its package (no
//     "type"): Node compiles it as CommonJS first and, when module syntax
//     makes that fail, parses it again as an ES module. A sidecar whose
//     record has module syntax says "module" up front.
//   - Nothing else is touched: a file whose format Node knows gains nothing.
//
// A sidecar is used only when it is valid for the bytes on disk (its
// checksums, and the source's length and XXH64); a missing, stale or
// corrupt one falls through to Node's own loading, silently.
//
// The resolve hook only acts where Node's resolution fails: a relative
// import written the way TypeScript projects write them ("./x.js" naming
// x.ts, or "./x" with no extension) is looked up as esbuild and bmes do.

import { readFileSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { validateHeader } from "./bmes.mjs";

const TS_EXT = /\.(?:ts|mts|tsx|jsx)$/;
const decoder = new TextDecoder();

// stats, when the BMES_NODE_STATS environment variable is set, counts what
// the hook did and how long it took; printed to stderr at exit.
const stats = typeof process === "object" && process.env?.BMES_NODE_STATS ? { served: 0, format: 0, fallthrough: 0, ns: 0n } : null;
if (stats) {
  process.on("exit", () => {
    process.stderr.write(`bmes-node: ${stats.served} served, ${stats.format} format told, ${stats.fallthrough} fell through, ${(Number(stats.ns) / 1e6).toFixed(2)} ms in the hook\n`);
  });
}

/** The synchronous load hook, for module.registerHooks. */
export function load(url, context, nextLoad) {
  return loadWith(url, context, nextLoad);
}

/**
 * The load hook's logic: a result to return, or what nextLoad returns (a
 * promise with module.register's asynchronous hooks).
 */
export function loadWith(url, context, nextLoad) {
  if (!url.startsWith("file:")) return nextLoad(url, context);
  const t0 = stats ? process.hrtime.bigint() : 0n;
  const r = serve(url, context);
  if (stats) {
    stats.ns += process.hrtime.bigint() - t0;
    if (r === null) stats.fallthrough++;
  }
  return r ?? nextLoad(url, context);
}

// serve returns the load result a valid sidecar gives for url, or null.
// What Node handles as well without a sidecar is decided from the URL and
// the format alone, before any file is touched: that is most modules.
function serve(url, context) {
  const format = context.format;
  let end = url.length;
  for (let i = url.length - 1; i >= 0; i--) {
    const c = url.charCodeAt(i);
    if (c === 0x3f /* ? */ || c === 0x23 /* # */) end = i;
    else if (c === 0x2f /* / */) break;
  }
  const bare = end === url.length ? url : url.slice(0, end);
  const ts = TS_EXT.test(bare);
  if (ts) {
    if (format === "commonjs" || format === "commonjs-typescript") return null;
  } else if (!bare.endsWith(".js") || (format !== undefined && format !== null)) {
    // Node knows the format (an .mjs file, a "type" package, a CommonJS
    // file): nothing to save.
    return null;
  }
  const path = fileURLToPath(bare);
  // Most files without a sidecar are found out by a stat that throws
  // nothing (an exception costs more than the lookup).
  if (statSync(path + ".bmes", { throwIfNoEntry: false }) === undefined) return null;
  let sidecar, source;
  try {
    sidecar = readFileSync(path + ".bmes");
    source = readFileSync(path);
  } catch {
    return null;
  }
  // An ES module by its extension or its package: the code is all it takes.
  // Otherwise the record must show module syntax, as Node's detection
  // would find it.
  const known = format === "module" || format === "module-typescript" || path.endsWith(".mts") || path.endsWith(".tsx") || path.endsWith(".jsx");
  let code, sourceMap, moduleSyntax;
  try {
    ({ code, sourceMap, moduleSyntax } = validateHeader(sidecar, source));
  } catch {
    return null; // stale, corrupt, another version: Node loads the file itself
  }
  if (!known && !moduleSyntax) return null;
  if (!ts) {
    if (stats) stats.format++;
    return { format: "module", source, shortCircuit: true };
  }
  if (code === null) return null;
  let text = decoder.decode(code);
  if (sourceMap !== null) {
    const b64 = Buffer.from(sourceMap.buffer, sourceMap.byteOffset, sourceMap.length).toString("base64");
    text += (text.endsWith("\n") ? "" : "\n") + "//# sourceMappingURL=data:application/json;base64," + b64 + "\n";
  }
  if (stats) stats.served++;
  return { format: "module", source: text, shortCircuit: true };
}

const PROBE_EXTS = [".tsx", ".ts", ".jsx", ".js", ".mts", ".mjs"];
const TS_REWRITES = { ".js": [".ts", ".tsx"], ".jsx": [".ts", ".tsx"], ".mjs": [".mts"] };

/** The synchronous resolve hook, for module.registerHooks. */
export function resolve(specifier, context, nextResolve) {
  try {
    return nextResolve(specifier, context);
  } catch (e) {
    const url = probe(specifier, context, e);
    if (url === null) throw e;
    return { url, shortCircuit: true };
  }
}

/** The asynchronous resolve hook, for module.register. */
export async function resolveAsync(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (e) {
    const url = probe(specifier, context, e);
    if (url === null) throw e;
    return { url, shortCircuit: true };
  }
}

// probe finds the file a relative specifier names the way TypeScript
// bundler projects mean it, after Node's resolution failed with e; null
// when there is none.
function probe(specifier, context, e) {
  if (!(e?.code === "ERR_MODULE_NOT_FOUND" || e?.code === "ERR_UNSUPPORTED_DIR_IMPORT")) return null;
  if (!(specifier.startsWith("./") || specifier.startsWith("../")) || !context.parentURL?.startsWith("file:")) return null;
  let base;
  try {
    base = fileURLToPath(new URL(specifier, context.parentURL));
  } catch {
    return null;
  }
  const candidates = [];
  const ext = /\.[^./\\]*$/.exec(base)?.[0];
  if (ext && TS_REWRITES[ext]) {
    for (const r of TS_REWRITES[ext]) candidates.push(base.slice(0, -ext.length) + r);
  }
  for (const x of PROBE_EXTS) candidates.push(base + x);
  for (const x of PROBE_EXTS) candidates.push(base + "/index" + x);
  for (const c of candidates) {
    try {
      if (statSync(c).isFile()) return pathToFileURL(c).href;
    } catch {
      // not this one
    }
  }
  return null;
}
