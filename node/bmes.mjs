// bmes.mjs: a reader for .bmes sidecars, format version 4 (see
// format/SPEC.md in the bmes repository).
//
// One dependency-free ES module for Node 20+, browsers and Bun: it uses only
// Uint8Array, DataView, TextDecoder (for the
// producer string), BigInt (for u64 header fields) and, where there is
// one, WebAssembly (for the source hash: see xxh64). It validates a sidecar against the bytes
// of its source (recomputing XXH64) and decodes it to the module record as
// module-record.md's JSON dump spells it, field order included.
//
//   import { validate } from "./bmes.mjs";
//   const { header, record, code, bytecode } = validate(sidecarBytes, sourceBytes,
//     { source: "src/app.ts", producer: "bmes 0.1.0", optionsHash: 0x1234n });
//
// Every failure is a BmesError subclass: NotSidecarError,
// UnsupportedVersionError, CorruptError, StaleError, OptionsMismatchError.
// No input, however malformed, makes it throw anything else.

export const MAGIC = 0x424d4553;
export const VERSION = 4;

export const FLAG_KIND_MASK = 0x3;
export const KIND_ES_MODULE = 1;
export const FLAG_TLA = 1 << 2;
export const FLAG_IMPORT_META = 1 << 3;
export const FLAG_TYPESCRIPT = 1 << 4;
const KNOWN_FLAGS = FLAG_KIND_MASK | FLAG_TLA | FLAG_IMPORT_META | FLAG_TYPESCRIPT;

export const HASH_XXH64 = 1;

export const SECTION_STRINGS = 1;
export const SECTION_RECORD = 2;
export const SECTION_CODE = 3;
export const SECTION_BYTECODE = 4;
export const SECTION_SOURCE_MAP = 5;

const FIXED_HEADER_LEN = 48;
const SECTION_ENTRY_LEN = 16;
const HEADER_CRC_OFFSET = 44;

const strictUTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const LEXICAL_KINDS = ["let", "const", "class", "function", "using", "await using", "default"];

/** The base class of every error this module throws. */
export class BmesError extends Error {
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
}
/** The bytes do not start with the magic number: not a sidecar at all. */
export class NotSidecarError extends BmesError {}
/** A sidecar of a version, or using a feature, that this reader does not know. */
export class UnsupportedVersionError extends BmesError {}
/** A sidecar that is damaged or malformed: a checksum, bound, index or value is wrong. */
export class CorruptError extends BmesError {}
/** A sound sidecar built from other source bytes. */
export class StaleError extends BmesError {}
/** A sound, fresh sidecar built by another producer or with other options. */
export class OptionsMismatchError extends BmesError {}

// ---------------------------------------------------------------- CRC-32C

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/**
 * Returns the CRC-32C (Castagnoli) of bytes, continuing from crc (the
 * result of an earlier call over the preceding bytes).
 */
export function crc32c(bytes, crc = 0) {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

// ---------------------------------------------------------------- XXH64

// XXH64 in 32-bit halves: BigInt arithmetic would be simpler but runs at a
// few MB/s, slower than parsing the source the hash is meant to spare. A
// u64 is a pair (hi, lo) of u32 numbers; the helpers leave their result in
// rh and rl, so that nothing is allocated per byte.
const P1H = 0x9e3779b1, P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d, P2L = 0x27d4eb4f;
const P3H = 0x165667b1, P3L = 0x9e3779f9;
const P4H = 0x85ebca77, P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f, P5L = 0x165667c5;

let rh = 0;
let rl = 0;

function add64(ah, al, bh, bl) {
  const lo = al + bl;
  rl = lo >>> 0;
  rh = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

// mul64 multiplies modulo 2^64: the full 64-bit product of the low halves
// (from 16-bit pieces, exact in doubles) plus the cross terms shifted by 32.
function mul64(ah, al, bh, bl) {
  const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  rl = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  const hi = p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  rh = (hi + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

// rotl64 rotates left by r, 0 < r < 32.
function rotl64(h, l, r) {
  rh = ((h << r) | (l >>> (32 - r))) >>> 0;
  rl = ((l << r) | (h >>> (32 - r))) >>> 0;
}

// round64 is XXH64's round: acc = rotl(acc + input*P2, 31) * P1.
function round64(ah, al, ih, il) {
  mul64(ih, il, P2H, P2L);
  add64(ah, al, rh, rl);
  rotl64(rh, rl, 31);
  mul64(rh, rl, P1H, P1L);
}

// merge64 is XXH64's merge round: acc = (acc ^ round(0, v)) * P1 + P4.
function merge64(ah, al, vh, vl) {
  round64(0, 0, vh, vl);
  mul64((ah ^ rh) >>> 0, (al ^ rl) >>> 0, P1H, P1L);
  add64(rh, rl, P4H, P4L);
}

/**
 * Returns XXH64 with seed 0 of bytes, as a BigInt: the source hash of
 * algorithm id 1. It runs in WebAssembly where there is WebAssembly (at
 * GB/s: a runtime rehashes every source it loads), else in plain JS
 * (xxh64JS, some 100 MB/s).
 */
export function xxh64(bytes) {
  const w = wasmHash();
  if (w === null || bytes.length < 64) return xxh64JS(bytes);
  w.grow(DATA + bytes.length).set(bytes, DATA);
  return BigInt.asUintN(64, w.h(DATA, bytes.length));
}

/**
 * Returns XXH64 of the n bytes that fill(view) writes into the start of the
 * WebAssembly hasher's memory (view is a Uint8Array of at least n bytes):
 * a caller that reads a file can read it straight there and save a copy.
 * Without WebAssembly, fill gets a plain buffer. Returns { hash, bytes },
 * bytes being a view of what was hashed, valid until the next call.
 */
export function xxh64Into(n, fill) {
  const w = wasmHash();
  if (w === null) {
    const b = new Uint8Array(n);
    const got = fill(b);
    return { hash: xxh64JS(b.subarray(0, got)), bytes: b.subarray(0, got) };
  }
  const mem = w.grow(DATA + n);
  const got = fill(mem.subarray(DATA, DATA + n));
  return { hash: BigInt.asUintN(64, w.h(DATA, got)), bytes: mem.subarray(DATA, DATA + got) };
}

// The WebAssembly XXH64: one function h(ptr, len) -> i64 over the module's
// own memory, the bytes to hash starting at DATA. The module is assembled
// here from its instructions (the source of the module is this code;
// nothing binary is committed). wasmHash returns null where WebAssembly is
// missing or refuses the module, or gets its self-check wrong. (CRC-32C
// stays in JavaScript: a byte-at-a-time loop in WebAssembly ran no faster
// than V8's code for crc32c, about 0.44 GB/s.)
const DATA = 1024;
let wasm;
function wasmHash() {
  if (wasm !== undefined) return wasm;
  wasm = null;
  try {
    if (typeof WebAssembly !== "object") return null;
    const inst = new WebAssembly.Instance(new WebAssembly.Module(xxh64Module()), {});
    const memory = inst.exports.m;
    let view = new Uint8Array(memory.buffer);
    wasm = {
      h: inst.exports.h,
      // grow makes room for n bytes and returns a view of the memory.
      grow(n) {
        if (n > view.length) {
          memory.grow(Math.ceil((n - view.length) / 65536));
          view = new Uint8Array(memory.buffer);
        }
        return view;
      },
    };
    // A self-check, so that a broken engine falls back rather than lies.
    const probe = new TextEncoder().encode("bmes: a self-check of the WebAssembly XXH64, seventy-one bytes long.");
    wasm.grow(DATA + probe.length).set(probe, DATA);
    if (BigInt.asUintN(64, wasm.h(DATA, probe.length)) !== xxh64JS(probe)) wasm = null;
  } catch {
    wasm = null;
  }
  return wasm;
}

// xxh64Module assembles the WebAssembly module of wasmHash: the XXH64
// algorithm of xxh64JS below, with native 64-bit arithmetic.
function xxh64Module() {
  const P1 = 0x9e3779b185ebca87n, P2 = 0xc2b2ae3d27d4eb4fn, P3 = 0x165667b19e3779f9n;
  const P4 = 0x85ebca77c2b2ae63n, P5 = 0x27d4eb2f165667c5n;
  const sleb = (v) => {
    v = BigInt.asIntN(64, BigInt(v));
    const out = [];
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) return [...out, b];
      out.push(b | 0x80);
    }
  };
  const uleb = (n) => {
    const out = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      out.push(b);
    } while (n !== 0);
    return out;
  };
  // Locals: 0 p, 1 len (params), 2 end, 3 limit (i32), 4–7 v1–v4, 8 h (i64).
  const get = (i) => [0x20, i], set = (i) => [0x21, i];
  const i64 = (v) => [0x42, ...sleb(v)], i32 = (v) => [0x41, ...sleb(v)];
  const load64 = (off) => [0x29, 3, off], load32u = [0x35, 2, 0], load8u = [0x31, 0, 0];
  const ADD32 = 0x6a, SUB32 = 0x6b, GTU32 = 0x4b, LEU32 = 0x4d, GEU32 = 0x4f;
  const ADD = 0x7c, MUL = 0x7e, XOR = 0x85, SHRU = 0x88, ROTL = 0x89, EXTU = 0xad;
  const BLOCK = [0x02, 0x40], LOOP = [0x03, 0x40], IF = [0x04, 0x40], ELSE = 0x05, END = 0x0b;
  const BR = 0x0c, BRIF = 0x0d;
  // round: input on the stack -> rotl(input * P2, 31) * P1 (acc added by the caller).
  const roundInto = (acc) => [...i64(P2), MUL, ...get(acc), ADD, ...i64(31), ROTL, ...i64(P1), MUL, ...set(acc)];
  const round0 = [...i64(P2), MUL, ...i64(31), ROTL, ...i64(P1), MUL];
  const merge = (v) => [...get(8), ...get(v), ...round0, XOR, ...i64(P1), MUL, ...i64(P4), ADD, ...set(8)];
  const code = [
    ...get(0), ...get(1), ADD32, ...set(2),
    ...get(1), ...i32(32), GEU32, ...IF,
    ...i64(P1 + P2), ...set(4), ...i64(P2), ...set(5), ...i64(0), ...set(6), ...i64(-P1), ...set(7),
    ...get(2), ...i32(32), SUB32, ...set(3),
    ...LOOP,
    ...get(0), ...load64(0), ...roundInto(4),
    ...get(0), ...load64(8), ...roundInto(5),
    ...get(0), ...load64(16), ...roundInto(6),
    ...get(0), ...load64(24), ...roundInto(7),
    ...get(0), ...i32(32), ADD32, 0x22, 0, ...get(3), LEU32, BRIF, 0,
    END,
    ...get(4), ...i64(1), ROTL, ...get(5), ...i64(7), ROTL, ADD, ...get(6), ...i64(12), ROTL, ADD,
    ...get(7), ...i64(18), ROTL, ADD, ...set(8),
    ...merge(4), ...merge(5), ...merge(6), ...merge(7),
    ELSE,
    ...i64(P5), ...set(8),
    END,
    ...get(8), ...get(1), EXTU, ADD, ...set(8),
    ...BLOCK, ...LOOP,
    ...get(0), ...i32(8), ADD32, ...get(2), GTU32, BRIF, 1,
    ...get(8), ...get(0), ...load64(0), ...round0, XOR, ...i64(27), ROTL, ...i64(P1), MUL, ...i64(P4), ADD, ...set(8),
    ...get(0), ...i32(8), ADD32, ...set(0),
    BR, 0, END, END,
    ...get(0), ...i32(4), ADD32, ...get(2), LEU32, ...IF,
    ...get(8), ...get(0), ...load32u, ...i64(P1), MUL, XOR, ...i64(23), ROTL, ...i64(P2), MUL, ...i64(P3), ADD, ...set(8),
    ...get(0), ...i32(4), ADD32, ...set(0),
    END,
    ...BLOCK, ...LOOP,
    ...get(0), ...get(2), GEU32, BRIF, 1,
    ...get(8), ...get(0), ...load8u, ...i64(P5), MUL, XOR, ...i64(11), ROTL, ...i64(P1), MUL, ...set(8),
    ...get(0), ...i32(1), ADD32, ...set(0),
    BR, 0, END, END,
    ...get(8), ...get(8), ...i64(33), SHRU, XOR, ...set(8),
    ...get(8), ...i64(P2), MUL, ...set(8),
    ...get(8), ...get(8), ...i64(29), SHRU, XOR, ...set(8),
    ...get(8), ...i64(P3), MUL, ...set(8),
    ...get(8), ...get(8), ...i64(32), SHRU, XOR,
    END,
  ];
  const body = [2, 2, 0x7f, 5, 0x7e, ...code];
  const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 2, 0x7f, 0x7f, 1, 0x7e]), // type: (i32, i32) -> i64
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0x00, 1]), // one memory, 1 page, no maximum
    ...section(7, [2, 1, 0x68, 0x00, 0, 1, 0x6d, 0x02, 0]), // exports "h" (func 0), "m" (memory 0)
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** XXH64 in plain JavaScript: what xxh64 runs without WebAssembly. */
export function xxh64JS(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  let p = 0;
  let hh, hl;
  if (len >= 32) {
    add64(P1H, P1L, P2H, P2L);
    let v1h = rh, v1l = rl;
    let v2h = P2H, v2l = P2L;
    let v3h = 0, v3l = 0;
    add64(~P1H >>> 0, ~P1L >>> 0, 0, 1); // -P1
    let v4h = rh, v4l = rl;
    for (; p + 32 <= len; p += 32) {
      round64(v1h, v1l, view.getUint32(p + 4, true), view.getUint32(p, true));
      v1h = rh; v1l = rl;
      round64(v2h, v2l, view.getUint32(p + 12, true), view.getUint32(p + 8, true));
      v2h = rh; v2l = rl;
      round64(v3h, v3l, view.getUint32(p + 20, true), view.getUint32(p + 16, true));
      v3h = rh; v3l = rl;
      round64(v4h, v4l, view.getUint32(p + 28, true), view.getUint32(p + 24, true));
      v4h = rh; v4l = rl;
    }
    rotl64(v1h, v1l, 1);
    hh = rh; hl = rl;
    rotl64(v2h, v2l, 7);
    add64(hh, hl, rh, rl);
    hh = rh; hl = rl;
    rotl64(v3h, v3l, 12);
    add64(hh, hl, rh, rl);
    hh = rh; hl = rl;
    rotl64(v4h, v4l, 18);
    add64(hh, hl, rh, rl);
    merge64(rh, rl, v1h, v1l);
    merge64(rh, rl, v2h, v2l);
    merge64(rh, rl, v3h, v3l);
    merge64(rh, rl, v4h, v4l);
    hh = rh; hl = rl;
  } else {
    hh = P5H; hl = P5L;
  }
  add64(hh, hl, Math.floor(len / 0x100000000) >>> 0, len >>> 0);
  hh = rh; hl = rl;
  for (; p + 8 <= len; p += 8) {
    round64(0, 0, view.getUint32(p + 4, true), view.getUint32(p, true));
    rotl64((hh ^ rh) >>> 0, (hl ^ rl) >>> 0, 27);
    mul64(rh, rl, P1H, P1L);
    add64(rh, rl, P4H, P4L);
    hh = rh; hl = rl;
  }
  if (p + 4 <= len) {
    mul64(0, view.getUint32(p, true), P1H, P1L);
    rotl64((hh ^ rh) >>> 0, (hl ^ rl) >>> 0, 23);
    mul64(rh, rl, P2H, P2L);
    add64(rh, rl, P3H, P3L);
    hh = rh; hl = rl;
    p += 4;
  }
  for (; p < len; p++) {
    mul64(0, bytes[p], P5H, P5L);
    rotl64((hh ^ rh) >>> 0, (hl ^ rl) >>> 0, 11);
    mul64(rh, rl, P1H, P1L);
    hh = rh; hl = rl;
  }
  hl = (hl ^ (hh >>> 1)) >>> 0; // h ^= h >> 33
  mul64(hh, hl, P2H, P2L);
  hh = rh; hl = (rl ^ ((rl >>> 29) | (rh << 3))) >>> 0; // h ^= h >> 29
  hh = (hh ^ (hh >>> 29)) >>> 0;
  mul64(hh, hl, P3H, P3L);
  hh = rh; hl = (rl ^ rh) >>> 0; // h ^= h >> 32
  return (BigInt(hh) << 32n) | BigInt(hl);
}

// ---------------------------------------------------------------- WTF-8

/**
 * Decodes WTF-8 bytes to a JavaScript string, keeping lone surrogates as
 * the code units they stand for (TextDecoder would replace them with
 * U+FFFD). Returns null for bytes that are not WTF-8: invalid or overlong
 * UTF-8, or a lead surrogate directly followed by a trail surrogate (a pair
 * must be written in its four-byte form).
 */
export function decodeWTF8(bytes) {
  const units = [];
  let prevLead = false;
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i];
    if (c < 0x80) {
      units.push(c);
      prevLead = false;
      i++;
      continue;
    }
    let cp;
    let n;
    let min;
    if (c >= 0xc2 && c <= 0xdf) [cp, n, min] = [c & 0x1f, 1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [cp, n, min] = [c & 0x0f, 2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [cp, n, min] = [c & 0x07, 3, 0x10000];
    else return null;
    if (i + n >= bytes.length) return null;
    for (let k = 1; k <= n; k++) {
      const cc = bytes[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff) return null;
    i += n + 1;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const isLead = cp < 0xdc00;
      if (prevLead && !isLead) return null;
      prevLead = isLead;
      units.push(cp);
      continue;
    }
    prevLead = false;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
    } else {
      units.push(cp);
    }
  }
  let s = "";
  for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode.apply(null, units.slice(i, i + 4096));
  return s;
}

// ---------------------------------------------------------------- decoding

const align8 = (n) => (n + 7) & ~7;

function isZero(bytes, from, to) {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

function toBytes(b, what) {
  if (b instanceof Uint8Array) return b;
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  if (ArrayBuffer.isView(b)) return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  throw new TypeError(`${what} must be a Uint8Array, ArrayBuffer or ArrayBuffer view`);
}

// layout checks magic, version, the header and its checksum, the section
// table, alignment, padding and every section checksum (SPEC.md,
// "Validation"), and returns the header and the known sections' bytes.
function layout(b) {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 4 || view.getUint32(0, true) !== MAGIC) {
    throw new NotSidecarError("not a bmes sidecar: file does not start with the bytes 53 45 4D 42");
  }
  if (b.length < 8) throw new CorruptError(`corrupt bmes sidecar: ${b.length} bytes, too short to hold a version`);
  const version = view.getUint32(4, true);
  if (version !== VERSION) {
    throw new UnsupportedVersionError(`unsupported bmes version: ${version} (this reader reads version ${VERSION})`);
  }
  if (b.length < FIXED_HEADER_LEN) throw new CorruptError(`corrupt bmes sidecar: ${b.length} bytes, too short to hold a header`);
  const headerLen = view.getUint32(8, true);
  if (headerLen < FIXED_HEADER_LEN || headerLen % 8 !== 0 || headerLen > b.length) {
    throw new CorruptError(`corrupt bmes sidecar: header length ${headerLen} invalid for a ${b.length}-byte file`);
  }
  let crc = crc32c(b.subarray(0, HEADER_CRC_OFFSET));
  crc = crc32c(new Uint8Array(4), crc);
  crc = crc32c(b.subarray(HEADER_CRC_OFFSET + 4, headerLen), crc);
  if (crc !== view.getUint32(HEADER_CRC_OFFSET, true)) throw new CorruptError("corrupt bmes sidecar: header checksum mismatch");

  const flags = view.getUint32(12, true);
  const header = {
    version,
    flags,
    sourceLength: view.getBigUint64(16, true),
    sourceHash: view.getBigUint64(24, true),
    optionsHash: view.getBigUint64(32, true),
    hashAlgorithm: b[40],
    producer: "",
    typeScript: (flags & FLAG_TYPESCRIPT) !== 0,
    sections: [],
  };
  if ((flags & ~KNOWN_FLAGS) !== 0) {
    throw new UnsupportedVersionError(`unsupported bmes version: unknown flag bits 0x${((flags & ~KNOWN_FLAGS) >>> 0).toString(16)}`);
  }
  if ((flags & FLAG_KIND_MASK) !== KIND_ES_MODULE) {
    throw new UnsupportedVersionError(`unsupported bmes version: module kind ${flags & FLAG_KIND_MASK}`);
  }
  if (header.hashAlgorithm !== HASH_XXH64) {
    throw new UnsupportedVersionError(`unsupported bmes version: source hash algorithm ${header.hashAlgorithm}`);
  }
  const producerLen = b[41];
  const count = view.getUint16(42, true);
  const tableEnd = FIXED_HEADER_LEN + SECTION_ENTRY_LEN * count;
  if (headerLen !== align8(tableEnd + producerLen)) {
    throw new CorruptError(`corrupt bmes sidecar: header length ${headerLen} does not fit ${count} sections and a ${producerLen}-byte producer`);
  }
  let producer;
  try {
    producer = strictUTF8.decode(b.subarray(tableEnd, tableEnd + producerLen));
  } catch {
    throw new CorruptError("corrupt bmes sidecar: producer is not UTF-8");
  }
  header.producer = producer;
  if (!isZero(b, tableEnd + producerLen, headerLen)) throw new CorruptError("corrupt bmes sidecar: nonzero header padding");

  const known = {};
  const bytecode = [];
  let pos = headerLen;
  for (let i = 0; i < count; i++) {
    const e = FIXED_HEADER_LEN + SECTION_ENTRY_LEN * i;
    const s = {
      id: view.getUint32(e, true),
      offset: view.getUint32(e + 4, true),
      length: view.getUint32(e + 8, true),
      crc: view.getUint32(e + 12, true),
    };
    header.sections.push(s);
    if (i > 0) {
      const next = align8(pos);
      if (next > b.length) throw new CorruptError(`corrupt bmes sidecar: file ends in the padding before section ${i}`);
      if (!isZero(b, pos, next)) throw new CorruptError(`corrupt bmes sidecar: nonzero padding before section ${i}`);
      pos = next;
    }
    if (s.offset !== pos) throw new CorruptError(`corrupt bmes sidecar: section ${i} (id ${s.id}) at offset ${s.offset}, want ${pos}`);
    const end = pos + s.length;
    if (end > b.length) {
      throw new CorruptError(`corrupt bmes sidecar: section ${i} (id ${s.id}) length ${s.length} exceeds the ${b.length}-byte file`);
    }
    const data = b.subarray(pos, end);
    if (crc32c(data) !== s.crc) throw new CorruptError(`corrupt bmes sidecar: section ${i} (id ${s.id}) checksum mismatch`);
    pos = end;
    if (s.id === 0) throw new CorruptError(`corrupt bmes sidecar: section ${i} has the reserved id 0`);
    if (s.id === SECTION_STRINGS || s.id === SECTION_RECORD || s.id === SECTION_CODE || s.id === SECTION_SOURCE_MAP) {
      if (known[s.id]) throw new CorruptError(`corrupt bmes sidecar: section id ${s.id} appears twice`);
      known[s.id] = data;
    }
    if (s.id === SECTION_BYTECODE) bytecode.push(data);
    // Other ids are skipped.
  }
  if (pos !== b.length) throw new CorruptError(`corrupt bmes sidecar: ${b.length - pos} bytes of trailing garbage`);
  if (!known[SECTION_STRINGS] || !known[SECTION_RECORD]) throw new CorruptError("corrupt bmes sidecar: string table or record section missing");
  if (header.typeScript !== Boolean(known[SECTION_CODE])) {
    throw new CorruptError("corrupt bmes sidecar: TypeScript flag and code section disagree");
  }
  if (known[SECTION_SOURCE_MAP] && !known[SECTION_CODE]) {
    throw new CorruptError("corrupt bmes sidecar: source map section without a code section");
  }
  return {
    header, strings: known[SECTION_STRINGS], record: known[SECTION_RECORD], code: known[SECTION_CODE],
    sourceMap: known[SECTION_SOURCE_MAP], bytecode,
  };
}

const BYTECODE_TAG_LEN = 8;

// Printable ASCII (0x20–0x7E), as SPEC.md section 7 requires of a tag.
function asciiTag(b, from, to) {
  let s = "";
  for (let i = from; i < to; i++) {
    if (b[i] < 0x20 || b[i] > 0x7e) throw new CorruptError("corrupt bmes sidecar: bytecode tag is not printable ASCII");
    s += String.fromCharCode(b[i]);
  }
  return s;
}

// decodeBytecode reads one bytecode section's tag (SPEC.md section 7). The
// section passed its checksum, so a malformed tag is Corrupt.
function decodeBytecode(b) {
  if (b.length < BYTECODE_TAG_LEN) throw new CorruptError(`corrupt bmes sidecar: bytecode section of ${b.length} bytes, too short for its tag`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const engineLen = dv.getUint16(0, true), versionLen = dv.getUint16(2, true), payloadOffset = dv.getUint32(4, true);
  if (engineLen === 0 || engineLen > 255 || versionLen > 255) {
    throw new CorruptError(`corrupt bmes sidecar: bytecode tag lengths ${engineLen} and ${versionLen} out of range`);
  }
  const tagEnd = BYTECODE_TAG_LEN + engineLen + versionLen;
  const want = (tagEnd + 7) & ~7;
  if (payloadOffset !== want || payloadOffset > b.length) {
    throw new CorruptError(`corrupt bmes sidecar: bytecode payload offset ${payloadOffset}, want ${want} within ${b.length} bytes`);
  }
  const engine = asciiTag(b, BYTECODE_TAG_LEN, BYTECODE_TAG_LEN + engineLen);
  const version = asciiTag(b, BYTECODE_TAG_LEN + engineLen, tagEnd);
  if (!isZero(b, tagEnd, payloadOffset)) throw new CorruptError("corrupt bmes sidecar: nonzero padding in a bytecode tag");
  return { engine, version, payload: b.slice(payloadOffset) };
}

// Reader reads the canonical unsigned LEB128 varints of the string table and
// record sections.
class Reader {
  constructor(bytes, section) {
    this.b = bytes;
    this.pos = 0;
    this.section = section;
  }
  fail(msg) {
    throw new CorruptError(`corrupt bmes sidecar: ${this.section} section at byte ${this.pos}: ${msg}`);
  }
  remaining() {
    return this.b.length - this.pos;
  }
  uvarint() {
    let v = 0;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.b.length) this.fail("truncated varint");
      const c = this.b[this.pos++];
      v += (c & 0x7f) * 2 ** (7 * i);
      if (c < 0x80) {
        if (c === 0 && i > 0) this.fail("overlong varint");
        if (v > 0xffffffff) this.fail("varint exceeds 32 bits");
        return v;
      }
    }
    this.fail("varint longer than 5 bytes");
  }
  count(what, minBytes) {
    const n = this.uvarint();
    if (n * minBytes > this.remaining()) this.fail(`${n} ${what} cannot fit in ${this.remaining()} bytes`);
    return n;
  }
  str(strs) {
    return strs[this.index(strs)];
  }
  index(strs) {
    const i = this.uvarint();
    if (i >= strs.length) this.fail(`string index ${i} out of range (${strs.length} strings)`);
    return i;
  }
  // mark sets bit on string i and fails if it was set already: names that
  // must be distinct are distinct exactly when their indices are, since the
  // string table holds no string twice.
  mark(marks, i, bit, what, strs) {
    if (marks[i] & bit) this.fail(`${what} ${JSON.stringify(strs[i])} appears twice`);
    marks[i] |= bit;
  }
  optStr(strs) {
    const i = this.uvarint();
    if (i === 0) return null;
    if (i - 1 >= strs.length) this.fail(`string index ${i - 1} out of range (${strs.length} strings)`);
    return strs[i - 1];
  }
  request(n) {
    const i = this.uvarint();
    if (i >= n) this.fail(`module request ${i} out of range (${n} requests)`);
    return i;
  }
  end() {
    if (this.pos !== this.b.length) this.fail(`${this.b.length - this.pos} bytes left over`);
  }
}

function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// decodeStrings reads the string table, whose strings must be WTF-8 and in
// strictly increasing byte order (so distinct).
function decodeStrings(bytes) {
  const r = new Reader(bytes, "string table");
  const n = r.count("strings", 1);
  const strs = new Array(n);
  let prev = null;
  for (let i = 0; i < n; i++) {
    const len = r.uvarint();
    if (len > r.remaining()) r.fail(`string ${i} length ${len} exceeds the ${r.remaining()} bytes left`);
    const raw = bytes.subarray(r.pos, r.pos + len);
    const s = decodeWTF8(raw);
    if (s === null) r.fail(`string ${i} is not WTF-8`);
    if (i > 0 && compareBytes(prev, raw) >= 0) r.fail(`string ${i} is not after string ${i - 1} in byte order`);
    prev = raw;
    r.pos += len;
    strs[i] = s;
  }
  r.end();
  return strs;
}

function decodeRecord(bytes, strs, header, source) {
  const r = new Reader(bytes, "record");
  const list = (what, minBytes, f) => {
    const n = r.count(what, minBytes);
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = f(i);
    return out;
  };
  // SPEC.md section 6: bindings, export names and requests are distinct,
  // attribute keys strictly increasing in UTF-16 order (JavaScript's <).
  const BOUND = 1, EXPORTED = 2;
  const marks = new Uint8Array(strs.length);
  const requests = new Set();
  const requestedModules = list("requested modules", 2, (i) => {
    const start = r.pos;
    const specifier = r.str(strs);
    const attributes = list("attributes", 2, () => {
      const key = r.str(strs);
      return { key, value: r.str(strs) };
    });
    for (let j = 1; j < attributes.length; j++) {
      if (!(attributes[j - 1].key < attributes[j].key)) {
        r.fail(`requested module ${i}: attribute key ${JSON.stringify(attributes[j].key)} is not after ${JSON.stringify(attributes[j - 1].key)} in UTF-16 order`);
      }
    }
    // Varints are canonical and strings distinct, so equal requests have
    // equal encodings.
    const key = r.b.subarray(start, r.pos).join(",");
    if (requests.has(key)) r.fail("a requested module appears twice");
    requests.add(key);
    return { specifier, attributes };
  });
  const nreq = requestedModules.length;
  const importEntries = list("import entries", 3, () => {
    const moduleRequest = r.request(nreq);
    const importName = r.optStr(strs);
    const local = r.index(strs);
    r.mark(marks, local, BOUND, "bound name", strs);
    return { moduleRequest, importName, localName: strs[local] };
  });
  const localExportEntries = list("local export entries", 2, () => {
    const name = r.index(strs);
    r.mark(marks, name, EXPORTED, "export name", strs);
    return { exportName: strs[name], localName: r.str(strs) };
  });
  const indirectExportEntries = list("indirect export entries", 3, () => {
    const name = r.index(strs);
    r.mark(marks, name, EXPORTED, "export name", strs);
    const moduleRequest = r.request(nreq);
    return { exportName: strs[name], moduleRequest, importName: r.optStr(strs) };
  });
  const starExportEntries = list("star export entries", 1, () => ({ moduleRequest: r.request(nreq) }));
  const varNames = list("var names", 1, () => {
    const name = r.index(strs);
    r.mark(marks, name, BOUND, "bound name", strs);
    return strs[name];
  });
  const lexicalNames = list("lexical names", 2, (i) => {
    const index = r.index(strs);
    r.mark(marks, index, BOUND, "bound name", strs);
    const name = strs[index];
    const kind = r.uvarint();
    if (kind >= LEXICAL_KINDS.length) r.fail(`lexical name ${i} has invalid kind ${kind}`);
    return { name, kind: LEXICAL_KINDS[kind] };
  });
  const dynamicImports = list("dynamic imports", 1, () => ({ specifier: r.optStr(strs) }));
  r.end();
  return {
    source,
    requestedModules,
    importEntries,
    localExportEntries,
    indirectExportEntries,
    starExportEntries,
    varNames,
    lexicalNames,
    hasTopLevelAwait: (header.flags & FLAG_TLA) !== 0,
    dynamicImports,
    usesImportMeta: (header.flags & FLAG_IMPORT_META) !== 0,
  };
}

/**
 * Decodes a sidecar without checking it against a source. Returns
 * { header, record, code, sourceMap, bytecode }: record is
 * module-record.md's JSON object with options.source as its "source" field
 * (null when not given); code is the JavaScript to run for a
 * TypeScript/JSX source (a Uint8Array copy), else null; sourceMap is the
 * source map JSON of code (a Uint8Array copy), or null; bytecode lists the engine bytecode sections in file
 * order as { engine, version, payload } (payload a Uint8Array copy; this
 * reader runs no bytecode, it reports the tags). Throws NotSidecarError,
 * UnsupportedVersionError or CorruptError.
 */
export function decode(bytes, options = {}) {
  const b = toBytes(bytes, "sidecar");
  const { header, strings, record, code, sourceMap, bytecode } = layout(b);
  const strs = decodeStrings(strings);
  const rec = decodeRecord(record, strs, header, options.source ?? null);
  const engines = [];
  for (const data of bytecode) {
    const bc = decodeBytecode(data);
    if (engines.some((o) => o.engine === bc.engine && o.version === bc.version)) {
      throw new CorruptError(`corrupt bmes sidecar: two bytecode sections for engine tag ${JSON.stringify(bc.engine + " " + bc.version)}`);
    }
    engines.push(bc);
  }
  return { header, record: rec, code: code ? code.slice() : null, sourceMap: sourceMap ? sourceMap.slice() : null, bytecode: engines };
}

/**
 * Decodes a sidecar and checks it against the bytes of its source and the
 * expected producer and options hash (options.producer, a string, and
 * options.optionsHash, a BigInt; absent or zero means "do not check").
 * A runtime must call this, not decode, before trusting a sidecar.
 * Throws the errors of decode, then StaleError, then OptionsMismatchError.
 */
export function validate(bytes, sourceBytes, options = {}) {
  const src = toBytes(sourceBytes, "source");
  const result = decode(bytes, options);
  checkFresh(result.header, src, xxh64, options);
  return result;
}

/**
 * validateHeader is validate without decoding the sections' contents: it
 * checks the header, the layout and every section's checksum, then the
 * header against the source and options, as validate does. What a runtime
 * that only needs the code (a loader serving TypeScript's JavaScript)
 * must check. Returns { header, code, sourceMap, moduleSyntax }, code and
 * sourceMap being views into bytes (null when absent), moduleSyntax whether
 * the record shows syntax only an ES module may have (import or export
 * declarations, top-level await, import.meta). options.sourceHash, when given, is
 * the source's XXH64 already computed (see xxh64Into).
 */
export function validateHeader(bytes, sourceBytes, options = {}) {
  const b = toBytes(bytes, "sidecar");
  const src = toBytes(sourceBytes, "source");
  const { header, code, sourceMap, record } = layout(b);
  const hash = options.sourceHash === undefined ? xxh64 : () => options.sourceHash;
  checkFresh(header, src, hash, options);
  return { header, code: code ?? null, sourceMap: sourceMap ?? null, moduleSyntax: moduleSyntax(header, record) };
}

// moduleSyntax reports whether a record shows syntax only an ES module may
// have: top-level await or import.meta (flags), an import or export-from
// (a requested module), or a local export; from the flags and the first
// three counts of the record section (the import entries between them
// refer to requests, so with no request there are none). A malformed
// count reads as false; validate would report it.
function moduleSyntax(header, record) {
  if ((header.flags & (FLAG_TLA | FLAG_IMPORT_META)) !== 0) return true;
  let pos = 0;
  const count = () => {
    let v = 0;
    for (let i = 0; i < 5 && pos < record.length; i++) {
      const c = record[pos++];
      v += (c & 0x7f) * 2 ** (7 * i);
      if (c < 0x80) return v;
    }
    return -1;
  };
  const requests = count();
  if (requests !== 0) return requests > 0;
  if (count() !== 0) return false; // import entries without requests: corrupt
  return count() > 0;
}

function checkFresh(h, src, hashOf, options) {
  if (h.sourceLength !== BigInt(src.length)) {
    throw new StaleError(`stale bmes sidecar: source is ${src.length} bytes, sidecar was built from ${h.sourceLength}`);
  }
  const hash = hashOf(src);
  if (hash !== h.sourceHash) {
    throw new StaleError(`stale bmes sidecar: source hash ${hash.toString(16)}, sidecar was built from ${h.sourceHash.toString(16)}`);
  }
  if (options.producer && options.producer !== h.producer) {
    throw new OptionsMismatchError(`bmes sidecar built by ${JSON.stringify(h.producer)}, want ${JSON.stringify(options.producer)}`);
  }
  if (options.optionsHash && BigInt(options.optionsHash) !== h.optionsHash) {
    throw new OptionsMismatchError(`bmes sidecar built with options hash ${h.optionsHash.toString(16)}, want ${BigInt(options.optionsHash).toString(16)}`);
  }
}
