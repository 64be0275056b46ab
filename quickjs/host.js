// The host's globals for bmes-run: console, timers, queueMicrotask,
// TextEncoder and TextDecoder. Evaluated as a script before any module;
// `__bmes_host` is the native side (print, now), which this script hides.
(function (host) {
  "use strict";
  const print = host.print, now = host.now;
  const { resolveRequire, readFile, evalScript } = host;
  delete globalThis.__bmes_host;

  // ------------------------------------------------------------ inspect
  // A subset of Node's util.inspect, enough for console.log to print what
  // Node prints for primitives, arrays, plain objects, errors, maps, sets.
  const kBreak = 80;
  function quote(s) {
    let q = "'";
    if (s.includes("'")) q = !s.includes('"') ? '"' : !s.includes("`") && !s.includes("${") ? "`" : "'";
    let out = "";
    for (const ch of s) {
      const c = ch.codePointAt(0);
      if (ch === q || ch === "\\") out += "\\" + ch;
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else if (ch === "\r") out += "\\r";
      else if (ch === "\b") out += "\\b";
      else if (ch === "\f") out += "\\f";
      else if (ch === "\v") out += "\\v";
      else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).toUpperCase().padStart(2, "0");
      else out += ch;
    }
    return q + out + q;
  }
  const identRe = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
  function key(k) {
    if (typeof k === "symbol") return "[" + k.toString() + "]";
    return identRe.test(k) ? k : quote(k);
  }
  function fmtNumber(n) { return Object.is(n, -0) ? "-0" : String(n); }
  function fmtPrimitive(v) {
    switch (typeof v) {
      case "string": return quote(v);
      case "number": return fmtNumber(v);
      case "bigint": return v + "n";
      case "boolean": return String(v);
      case "undefined": return "undefined";
      case "symbol": return v.toString();
    }
    return v === null ? "null" : undefined;
  }
  function fnBase(f) {
    const src = Function.prototype.toString.call(f);
    const name = f.name;
    if (src.startsWith("class")) return name ? `[class ${name}]` : "[class (anonymous)]";
    let kind = "Function";
    if (src.startsWith("async function*") || src.startsWith("async *")) kind = "AsyncGeneratorFunction";
    else if (src.startsWith("async")) kind = "AsyncFunction";
    else if (src.startsWith("function*") || /^\*/.test(src)) kind = "GeneratorFunction";
    return name ? `[${kind}: ${name}]` : `[${kind} (anonymous)]`;
  }
  function isBelow(output, start) {
    let total = output.length + start;
    if (total + output.length > kBreak) return false;
    for (const o of output) {
      total += o.length;
      if (total > kBreak) return false;
    }
    return true;
  }
  function reduce(output, base, open, close, indent, depthLeft) {
    const start = output.length + indent.length + open.length + base.length + 10;
    if (isBelow(output, start)) {
      const joined = output.join(", ");
      if (!joined.includes("\n")) return (base ? base + " " : "") + open + " " + joined + " " + close;
    }
    const ind = "\n" + indent;
    return (base ? base + " " : "") + open + ind + "  " + output.join("," + ind + "  ") + ind + close;
  }
  function inspect(v, depth, seen, indent) {
    const p = fmtPrimitive(v);
    if (p !== undefined) return p;
    if (typeof v === "function") {
      const base = fnBase(v);
      const keys = Object.keys(v);
      if (keys.length === 0) return base;
      return formatProps(v, keys, base, "{", "}", depth, seen, indent, []);
    }
    if (seen.includes(v)) return "[Circular *1]";
    if (v instanceof Error) {
      const stack = typeof v.stack === "string" && v.stack ? v.stack : "";
      let head = String(v.name) + (v.message ? ": " + v.message : "");
      if (!("name" in v) || v.name === undefined) head = "Error" + (v.message ? ": " + v.message : "");
      const s = stack ? head + "\n" + stack.replace(/\n$/, "") : "[" + head + "]";
      return s.split("\n").join("\n" + indent);
    }
    if (depth < 0) {
      if (Array.isArray(v)) return "[Array]";
      const c = ctorName(v);
      return "[" + (c || "Object") + "]";
    }
    seen = seen.concat([v]);
    if (Array.isArray(v)) {
      const out = [];
      let holes = 0;
      const n = v.length;
      for (let i = 0; i < n && out.length < 100; i++) {
        if (!(i in v)) { holes++; continue; }
        if (holes) { out.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`); holes = 0; }
        out.push(inspect(v[i], depth - 1, seen, indent + "  "));
      }
      if (holes) out.push(`<${holes} empty item${holes > 1 ? "s" : ""}>`);
      if (n > 100) out.push(`... ${n - 100} more item${n - 100 > 1 ? "s" : ""}`);
      const extra = Object.keys(v).filter((k) => !(String(k >>> 0) === k && (k >>> 0) < 2 ** 32 - 1));
      for (const k of extra) out.push(key(k) + ": " + inspect(v[k], depth - 1, seen, indent + "  "));
      if (out.length === 0) return "[]";
      const grouped = out.length > 6 && extra.length === 0 ? group(out, v) : out;
      if (grouped !== out) return reduceGrouped(grouped, indent);
      return reduce(out, "", "[", "]", indent, depth);
    }
    if (v instanceof Map) {
      const out = [];
      for (const [k, val] of v) out.push(inspect(k, depth - 1, seen, indent + "  ") + " => " + inspect(val, depth - 1, seen, indent + "  "));
      return out.length ? reduce(out, "", `Map(${v.size}) {`, "}", indent, depth) : `Map(0) {}`;
    }
    if (v instanceof Set) {
      const out = [];
      for (const k of v) out.push(inspect(k, depth - 1, seen, indent + "  "));
      return out.length ? reduce(out, "", `Set(${v.size}) {`, "}", indent, depth) : `Set(0) {}`;
    }
    if (v instanceof Date) return isNaN(v) ? "Invalid Date" : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (v instanceof Promise) return "Promise { <unknown> }";
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const out = Array.from(v, (x) => fmtPrimitive(x));
      const name = ctorName(v);
      return out.length ? reduce(out, "", `${name}(${v.length}) [`, "]", indent, depth) : `${name}(0) []`;
    }
    for (const [C, name] of [[Number, "Number"], [String, "String"], [Boolean, "Boolean"]]) {
      if (v instanceof C) return `[${name}: ${fmtPrimitive(v.valueOf())}]`;
    }
    const keys = Object.keys(v).concat(Object.getOwnPropertySymbols(v).filter((s) => Object.getOwnPropertyDescriptor(v, s).enumerable));
    const c = ctorName(v);
    const tagged = v[Symbol.toStringTag];
    let base = "";
    if (c === null) base = "[Object: null prototype]";
    else if (c !== "Object") base = c;
    if (typeof tagged === "string" && tagged !== c && tagged !== "") base = (base || "Object") + ` [${tagged}]`;
    if (keys.length === 0) {
      if (c === "Module" || tagged === "Module") return "[Module: null prototype] {}";
      return base ? base + " {}" : "{}";
    }
    return formatProps(v, keys, base, "{", "}", depth, seen, indent, []);
  }
  function formatProps(v, keys, base, open, close, depth, seen, indent, out) {
    for (const k of keys) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      let s;
      if (d && (d.get || d.set)) s = d.get && d.set ? "[Getter/Setter]" : d.get ? "[Getter]" : "[Setter]";
      else s = inspect(v[k], depth - 1, seen, indent + "  ");
      out.push(key(k) + ": " + s);
    }
    return reduce(out, base, open, close, indent, depth);
  }
  function ctorName(v) {
    let o = v;
    while (o !== null) {
      const d = Object.getOwnPropertyDescriptor(o, "constructor");
      if (d && typeof d.value === "function" && d.value.name !== "") return d.value.name;
      o = Object.getPrototypeOf(o);
      if (o === null) return null;
    }
    return null;
  }
  // groupArrayElements, as Node lays out arrays of more than six short
  // entries in aligned columns.
  function group(output, value) {
    let totalLength = 0, maxLength = 0, i = 0;
    const outputLength = output.length;
    const separatorSpace = 2;
    const dataLen = new Array(outputLength);
    for (; i < outputLength; i++) {
      const len = output[i].length;
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + 0 < kBreak && (totalLength / actualMax > 5 || maxLength <= 6)) {
      const approxCharHeights = 2.5, averageBias = Math.sqrt(actualMax - totalLength / output.length), biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(Math.round(Math.sqrt(approxCharHeights * biasedMax * outputLength) / biasedMax), Math.floor((kBreak - 0) / actualMax), 4 * approxCharHeights, 15);
      if (columns <= 1) return output;
      const tmp = [], maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < output.length; j += columns) if (dataLen[j] > lineLength) lineLength = dataLen[j];
        maxLineLength.push(lineLength + separatorSpace);
      }
      const pad = value !== undefined && value.every((x) => typeof x === "number" || typeof x === "bigint") ? "padStart" : "padEnd";
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let str = "", j = i;
        for (; j < max - 1; j++) str += (output[j] + ", ")[pad](maxLineLength[j - i], " ");
        if (pad === "padStart") str += output[j].padStart(maxLineLength[j - i] - separatorSpace, " ");
        else str += output[j];
        tmp.push(str);
      }
      return tmp;
    }
    return output;
  }
  function reduceGrouped(out, indent) {
    const ind = "\n" + indent;
    if (out.length === 1 && out[0].length + 4 + indent.length <= kBreak) return "[ " + out[0] + " ]";
    return "[" + ind + "  " + out.join("," + ind + "  ") + ind + "]";
  }
  function formatArgs(args) {
    let first = args[0], i = 1, out = "";
    if (typeof first === "string" && args.length > 1 && first.includes("%")) {
      let last = 0;
      for (let j = 0; j < first.length - 1; j++) {
        if (first[j] !== "%") continue;
        const c = first[j + 1];
        let rep;
        if (c === "%") { out += first.slice(last, j) + "%"; last = j + 2; j++; continue; }
        if (i >= args.length) continue;
        const a = args[i];
        switch (c) {
          case "s": rep = typeof a === "string" ? a : typeof a === "bigint" ? a + "n" : typeof a === "object" && a !== null ? inspect(a, 1, [], "") : fmtPrimitive(a) ?? String(a); break;
          case "d": case "i": rep = typeof a === "bigint" ? a + "n" : typeof a === "symbol" ? "NaN" : fmtNumber(c === "i" ? parseInt(a) : Number(a)); break;
          case "f": rep = typeof a === "symbol" ? "NaN" : fmtNumber(parseFloat(a)); break;
          case "j": try { rep = JSON.stringify(a); } catch { rep = "[Circular]"; } break;
          case "o": case "O": rep = inspect(a, c === "o" ? 4 : 2, [], ""); break;
          case "c": rep = ""; break;
          default: continue;
        }
        out += first.slice(last, j) + rep;
        last = j + 2;
        j++;
        i++;
      }
      out += first.slice(last);
    } else {
      i = 0;
    }
    for (; i < args.length; i++) {
      const a = args[i];
      out += (out === "" && i === 0 ? "" : " ") + (typeof a === "string" ? a : inspect(a, 2, [], ""));
    }
    return out;
  }

  const groupIndent = { s: "" };
  function logger(fd) {
    return function (...args) {
      let s = formatArgs(args);
      if (groupIndent.s) s = groupIndent.s + s.split("\n").join("\n" + groupIndent.s);
      print(fd, s + "\n");
    };
  }
  const counts = new Map(), timersByLabel = new Map();
  const console = {
    log: logger(1), info: logger(1), debug: logger(1),
    error: logger(2), warn: logger(2), trace: logger(2),
    dir: (v) => print(1, inspect(v, 2, [], "") + "\n"),
    group: (...a) => { if (a.length) console.log(...a); groupIndent.s += "  "; },
    groupEnd: () => { groupIndent.s = groupIndent.s.slice(2); },
    count: (label = "default") => { const n = (counts.get(label) || 0) + 1; counts.set(label, n); console.log(`${label}: ${n}`); },
    countReset: (label = "default") => counts.delete(label),
    assert: (cond, ...a) => { if (!cond) console.error(...(a.length ? ["Assertion failed:", ...a] : ["Assertion failed"])); },
    time: (label = "default") => timersByLabel.set(label, now()),
    timeEnd: (label = "default") => { const t = timersByLabel.get(label); timersByLabel.delete(label); if (t !== undefined) console.log(`${label}: ${(now() - t).toFixed(3)}ms`); },
  };
  console.groupCollapsed = console.group;
  console.timeLog = (label = "default") => { const t = timersByLabel.get(label); if (t !== undefined) console.log(`${label}: ${(now() - t).toFixed(3)}ms`); };

  // ------------------------------------------------------------ timers
  // One ordered list; the Go event loop asks for the next deadline and
  // runs the due timer once the microtask queue is empty.
  let timers = [], nextId = 1, seq = 0;
  function addTimer(fn, ms, args, repeat) {
    if (typeof fn !== "function") throw new TypeError('The "callback" argument must be of type function. Received ' + (fn === null ? "null" : typeof fn));
    ms = Number(ms);
    if (!(ms >= 1 && ms <= 2147483647)) ms = 1;
    const t = { id: nextId++, when: now() + ms, ms, fn, args, repeat, seq: seq++ };
    timers.push(t);
    return new Timeout(t.id);
  }
  class Timeout {
    constructor(id) { this._id = id; }
    ref() { return this; }
    unref() { return this; }
    hasRef() { return true; }
    [Symbol.toPrimitive]() { return this._id; }
  }
  function clear(t) {
    const id = t instanceof Timeout ? t._id : Number(t);
    timers = timers.filter((x) => x.id !== id);
  }
  host.nextTimer = function () {
    if (timers.length === 0) return -1;
    let best = timers[0];
    for (const t of timers) if (t.when < best.when || (t.when === best.when && t.seq < best.seq)) best = t;
    return Math.max(0, best.when - now());
  };
  host.runTimer = function () {
    let best = null;
    for (const t of timers) if (best === null || t.when < best.when || (t.when === best.when && t.seq < best.seq)) best = t;
    if (best === null) return;
    if (best.repeat) { best.when = now() + best.ms; best.seq = seq++; }
    else timers = timers.filter((x) => x !== best);
    best.fn(...best.args);
  };

  // ------------------------------------------------------------ text
  class TextEncoder {
    get encoding() { return "utf-8"; }
    encode(s = "") {
      s = String(s);
      const out = [];
      for (let i = 0; i < s.length; i++) {
        let c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
          else c = 0xfffd;
        } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
      return new Uint8Array(out);
    }
    encodeInto(s, dst) {
      const b = this.encode(s);
      const n = Math.min(b.length, dst.length);
      dst.set(b.subarray(0, n));
      return { read: String(s).length, written: n };
    }
  }
  class TextDecoder {
    constructor(label = "utf-8", options = {}) {
      label = String(label).trim().toLowerCase();
      if (label !== "utf-8" && label !== "utf8" && label !== "unicode-1-1-utf-8") throw new RangeError(`The "${label}" encoding is not supported`);
      this.fatal = Boolean(options.fatal);
      this.ignoreBOM = Boolean(options.ignoreBOM);
    }
    get encoding() { return "utf-8"; }
    decode(input) {
      if (input === undefined) return "";
      const b = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      let s = "", i = 0;
      if (!this.ignoreBOM && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
      const bad = () => { if (this.fatal) throw new TypeError("The encoded data was not valid for encoding utf-8"); s += "\ufffd"; };
      while (i < b.length) {
        const c = b[i];
        if (c < 0x80) { s += String.fromCharCode(c); i++; continue; }
        let n, cp, lo = 0x80, hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) { n = 1; cp = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { n = 2; cp = c & 0xf; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
        else if (c >= 0xf0 && c <= 0xf4) { n = 3; cp = c & 0x7; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
        else { bad(); i++; continue; }
        let j = 1;
        for (; j <= n; j++) {
          const d = b[i + j];
          if (d === undefined || d < lo || d > hi) break;
          lo = 0x80; hi = 0xbf;
          cp = (cp << 6) | (d & 0x3f);
        }
        if (j <= n) { bad(); i += j; continue; }
        s += String.fromCodePoint(cp);
        i += n + 1;
      }
      return s;
    }
  }

  // ------------------------------------------------------------ CommonJS
  // Enough CommonJS for an ES module to import a CommonJS file (its
  // module.exports is the default export) and for that file to require()
  // others: Node's wrapper, module cache and JSON files, no builtins.
  const cjsCache = new Map();
  function makeRequire(from) {
    const require = (spec) => {
      if (typeof spec !== "string") throw new TypeError('The "id" argument must be of type string');
      const path = resolveRequire(spec, from);
      return loadCJS(path);
    };
    require.resolve = (spec) => resolveRequire(String(spec), from);
    require.cache = Object.create(null);
    return require;
  }
  function loadCJS(path) {
    const cached = cjsCache.get(path);
    if (cached) return cached.exports;
    const text = readFile(path);
    const module = { id: path, filename: path, exports: {}, loaded: false, children: [], paths: [] };
    cjsCache.set(path, module);
    if (path.endsWith(".json")) {
      module.exports = JSON.parse(text);
    } else {
      const dirname = path.slice(0, Math.max(path.lastIndexOf("/"), 0)) || "/";
      const body = text.startsWith("#!") ? "//" + text : text;
      const fn = evalScript("(function (exports, require, module, __filename, __dirname) {" + body + "\n})", path);
      module.require = makeRequire(path);
      fn.call(module.exports, module.exports, module.require, module, path, dirname);
    }
    module.loaded = true;
    return module.exports;
  }
  host.loadCJS = loadCJS;

  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  define("console", console);
  define("setTimeout", (fn, ms, ...args) => addTimer(fn, ms, args, false));
  define("setInterval", (fn, ms, ...args) => addTimer(fn, ms, args, true));
  define("setImmediate", (fn, ...args) => addTimer(fn, 0, args, false));
  define("clearTimeout", clear);
  define("clearInterval", clear);
  define("clearImmediate", clear);
  define("queueMicrotask", (fn) => {
    if (typeof fn !== "function") throw new TypeError('The "callback" argument must be of type function');
    Promise.resolve().then(() => fn());
  });
  define("TextEncoder", TextEncoder);
  define("TextDecoder", TextDecoder);
  const start = now();
  define("performance", { now: () => now() - start, timeOrigin: start });
  host.inspect = (v) => inspect(v, 2, [], "");
  return host;
})(globalThis.__bmes_host);
