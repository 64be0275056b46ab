// Tests of bmes.mjs against the test vectors in testdata/vectors, which the
// Go encoder writes (go test ./format -run TestVectors -update).
//
//   node --test format/js/

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, dirname } from "node:path";

import {
  BmesError,
  CorruptError,
  NotSidecarError,
  OptionsMismatchError,
  StaleError,
  UnsupportedVersionError,
  crc32c,
  decode,
  decodeWTF8,
  validate,
  validateHeader,
  xxh64,
  xxh64Into,
  xxh64JS,
} from "./bmes.mjs";

const vectorDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "testdata", "vectors");
const PRODUCER = "bmes 0.1.0";

const vectors = readdirSync(vectorDir)
  .filter((f) => f.endsWith(".bmes"))
  .sort()
  .map((f) => {
    const name = f.slice(0, -".bmes".length);
    return {
      name,
      sidecar: new Uint8Array(readFileSync(join(vectorDir, f))),
      source: new Uint8Array(readFileSync(join(vectorDir, name))),
      json: readFileSync(join(vectorDir, name + ".json"), "utf8"),
    };
  });

test("there are vectors", () => {
  assert.ok(vectors.length >= 7, `found ${vectors.length} vectors in ${vectorDir}`);
});

for (const v of vectors) {
  test(`${v.name}: decodes to the JSON dump`, () => {
    const { header, record, code } = validate(v.sidecar, v.source, { source: v.name, producer: PRODUCER });
    // Byte-equal to the Go dump: same field order, same escapes (a lone
    // surrogate as \udXXX), same number formatting.
    assert.equal(JSON.stringify(record) + "\n", v.json);
    assert.deepEqual(record, JSON.parse(v.json));
    assert.equal(header.producer, PRODUCER);
    assert.equal(header.sourceLength, BigInt(v.source.length));
    assert.equal(code !== null, header.typeScript);
    assert.equal(header.typeScript, !v.name.endsWith(".js"));
  });

  test(`${v.name}: bytecode sections are reported by tag`, () => {
    const { bytecode } = validate(v.sidecar, v.source);
    const tags = bytecode.map((b) => [b.engine, b.version, Buffer.from(b.payload).toString("latin1")]);
    // bytecode.js holds two made-up engines' sections, written in tag order
    // (format/vectors_test.go); every other vector holds none.
    const want = v.name === "bytecode.js" ? [["another", "", ""], ["example", "2 little-endian", "\x00\x01payload of nine"]] : [];
    assert.deepEqual(tags, want);
  });

  test(`${v.name}: source map section`, () => {
    const { code, sourceMap } = validate(v.sidecar, v.source);
    if (v.name !== "typescript.ts") {
      assert.equal(sourceMap, null);
      return;
    }
    const map = JSON.parse(new TextDecoder().decode(sourceMap));
    assert.equal(map.version, 3);
    assert.deepEqual(map.sources, ["typescript.ts"]);
    assert.ok(map.mappings.length > 0 && code.length > 0);
  });

  test(`${v.name}: validateHeader agrees with validate`, () => {
    const full = validate(v.sidecar, v.source);
    const h = validateHeader(v.sidecar, v.source);
    assert.deepEqual(h.header, full.header);
    assert.deepEqual(h.code === null ? null : [...h.code], full.code === null ? null : [...full.code]);
    assert.deepEqual(h.sourceMap === null ? null : [...h.sourceMap], full.sourceMap === null ? null : [...full.sourceMap]);
    const changed = v.source.slice();
    if (changed.length > 0) {
      changed[0] ^= 1;
      assert.throws(() => validateHeader(v.sidecar, changed), StaleError);
    }
    assert.throws(() => validateHeader(v.sidecar, v.source, { sourceHash: full.header.sourceHash ^ 1n }), StaleError);
  });

  test(`${v.name}: XXH64 of the source equals Go's`, () => {
    const { header } = decode(v.sidecar);
    assert.equal(xxh64(v.source), header.sourceHash);
  });

  test(`${v.name}: options hash is checked`, () => {
    const { header } = decode(v.sidecar);
    validate(v.sidecar, v.source, { optionsHash: header.optionsHash });
    assert.throws(() => validate(v.sidecar, v.source, { optionsHash: header.optionsHash ^ 1n }), OptionsMismatchError);
    assert.throws(() => validate(v.sidecar, v.source, { producer: "other 1.0" }), OptionsMismatchError);
  });

  test(`${v.name}: a changed source is stale`, () => {
    const longer = new Uint8Array(v.source.length + 1);
    longer.set(v.source);
    assert.throws(() => validate(v.sidecar, longer, {}), StaleError);
    if (v.source.length > 0) {
      const flipped = v.source.slice();
      flipped[0] ^= 1;
      assert.throws(() => validate(v.sidecar, flipped, {}), StaleError);
    }
  });

  test(`${v.name}: every truncation and byte flip is a typed error`, () => {
    const expectTyped = (bytes, what) => {
      try {
        validate(bytes, v.source, {});
      } catch (e) {
        if (!(e instanceof NotSidecarError || e instanceof UnsupportedVersionError || e instanceof CorruptError)) {
          assert.fail(`${what}: ${e instanceof BmesError ? "wrong class" : "untyped"} error ${e.name}: ${e.message}`);
        }
        return e;
      }
      // Every byte is covered by a checksum or checked to be zero, so no
      // mutation may decode.
      assert.fail(`${what}: decoded`);
    };
    for (let n = 0; n < v.sidecar.length; n++) expectTyped(v.sidecar.subarray(0, n), `truncated to ${n}`);
    for (let i = 0; i < v.sidecar.length; i++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const m = v.sidecar.slice();
        m[i] ^= mask;
        const e = expectTyped(m, `byte ${i} ^ ${mask}`);
        if (i < 4) assert.ok(e instanceof NotSidecarError, `byte ${i}: ${e.name}`);
        else if (i < 8) assert.ok(e instanceof UnsupportedVersionError, `byte ${i}: ${e.name}`);
        else assert.ok(e instanceof CorruptError, `byte ${i}: ${e.name}`);
      }
    }
    const longer = new Uint8Array(v.sidecar.length + 1);
    longer.set(v.sidecar);
    assert.throws(() => validate(longer, v.source, {}), CorruptError);
  });
}

test("XXH64 reference values", () => {
  const enc = new TextEncoder();
  assert.equal(xxh64(new Uint8Array(0)), 0xef46db3751d8e999n);
  assert.equal(xxh64(enc.encode("a")), 0xd24ec4f1a98c6e5bn);
  assert.equal(xxh64(enc.encode("abc")), 0x44bc2cf5ad770999n);
});

// xxh64Reference is XXH64 written directly with BigInt, as the xxHash
// specification states it: slow, but plainly correct.
function xxh64Reference(bytes) {
  const M = (1n << 64n) - 1n;
  const P1 = 11400714785074694791n, P2 = 14029467366897019727n, P3 = 1609587929392839161n;
  const P4 = 9650029242287828579n, P5 = 2870177450012600261n;
  const rotl = (x, r) => ((x << r) | (x >> (64n - r))) & M;
  const round = (acc, input) => (rotl((acc + input * P2) & M, 31n) * P1) & M;
  const merge = (acc, v) => ((acc ^ round(0n, v)) * P1 + P4) & M;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  let p = 0;
  let h;
  if (len >= 32) {
    let v = [(P1 + P2) & M, P2, 0n, (M + 1n - P1) & M];
    for (; p + 32 <= len; p += 32) v = v.map((x, i) => round(x, view.getBigUint64(p + 8 * i, true)));
    h = (rotl(v[0], 1n) + rotl(v[1], 7n) + rotl(v[2], 12n) + rotl(v[3], 18n)) & M;
    for (const x of v) h = merge(h, x);
  } else {
    h = P5;
  }
  h = (h + BigInt(len)) & M;
  for (; p + 8 <= len; p += 8) h = (rotl(h ^ round(0n, view.getBigUint64(p, true)), 27n) * P1 + P4) & M;
  if (p + 4 <= len) {
    h = (rotl(h ^ ((BigInt(view.getUint32(p, true)) * P1) & M), 23n) * P2 + P3) & M;
    p += 4;
  }
  for (; p < len; p++) h = (rotl(h ^ ((BigInt(bytes[p]) * P5) & M), 11n) * P1) & M;
  h ^= h >> 33n;
  h = (h * P2) & M;
  h ^= h >> 29n;
  h = (h * P3) & M;
  return h ^ (h >> 32n);
}

test("XXH64 in 32-bit halves equals the BigInt reference at every tail length", () => {
  let seed = 1;
  const bytes = new Uint8Array(300);
  for (let i = 0; i < bytes.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    bytes[i] = seed >>> 24;
  }
  bytes.fill(0xff, 100, 140); // carries in every addition
  for (let n = 0; n <= bytes.length; n++) {
    const b = bytes.subarray(bytes.length - n);
    assert.equal(xxh64(b), xxh64Reference(b), `length ${n}`);
  }
});

test("CRC-32C reference value", () => {
  // The check value of CRC-32C (RFC 3720 B.4).
  assert.equal(crc32c(new TextEncoder().encode("123456789")), 0xe3069283);
});

test("WTF-8 decoding keeps lone surrogates and rejects what is not WTF-8", () => {
  const cases = [
    [[], ""],
    [[0x61], "a"],
    [[0xc3, 0xa9], "\u00e9"],
    [[0xf0, 0x9f, 0x98, 0x80], "\u{1F600}"],
    [[0xed, 0xa0, 0x80], "\uD800"],
    [[0xed, 0xb0, 0x80, 0xed, 0xa0, 0x80], "\uDC00\uD800"],
    [[0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80], null], // a pair must use the 4-byte form
    [[0xc0, 0x80], null],
    [[0xe0, 0x80, 0x80], null],
    [[0xf4, 0x90, 0x80, 0x80], null],
    [[0xed, 0xa0], null],
    [[0xff], null],
    [[0x80], null],
  ];
  for (const [bytes, want] of cases) assert.equal(decodeWTF8(new Uint8Array(bytes)), want, JSON.stringify(bytes));
});

test("other versions and non-sidecars", () => {
  assert.throws(() => decode(new Uint8Array([0x53, 0x45, 0x4d])), NotSidecarError);
  assert.throws(() => decode(new TextEncoder().encode("export {}")), NotSidecarError);
  assert.throws(() => decode(new Uint8Array([0x53, 0x45, 0x4d, 0x42, 3, 0, 0, 0])), UnsupportedVersionError);
  assert.throws(() => decode(new Uint8Array([0x53, 0x45, 0x4d, 0x42, 4, 0])), CorruptError);
});

test("the WebAssembly XXH64 equals the plain-JS one", () => {
  const b = new Uint8Array(70000);
  for (let i = 0; i < b.length; i++) b[i] = (Math.imul(i, 2654435761) >>> 23) & 0xff;
  for (let n = 0; n < 300; n++) assert.equal(xxh64(b.subarray(0, n)), xxh64JS(b.subarray(0, n)), `length ${n}`);
  for (const n of [1023, 1024, 65535, 65536, 65537, 70000]) {
    for (const off of [0, 1, 3, 7]) {
      const s = b.subarray(off, n);
      assert.equal(xxh64(s), xxh64JS(s), `length ${s.length} at offset ${off}`);
    }
  }
  // XXH64 test values of the reference implementation.
  assert.equal(xxh64JS(new Uint8Array(0)), 0xef46db3751d8e999n);
  assert.equal(xxh64(new TextEncoder().encode("a".repeat(100))), xxh64JS(new TextEncoder().encode("a".repeat(100))));
  const { hash, bytes } = xxh64Into(5000, (view) => {
    view.set(b.subarray(0, 4000));
    return 4000;
  });
  assert.equal(bytes.length, 4000);
  assert.equal(hash, xxh64JS(b.subarray(0, 4000)));
});

test("validateHeader's moduleSyntax agrees with the record", () => {
  for (const v of vectors) {
    const { record } = validate(v.sidecar, v.source);
    const want = record.requestedModules.length > 0 || record.localExportEntries.length > 0 ||
      record.indirectExportEntries.length > 0 || record.starExportEntries.length > 0 ||
      record.hasTopLevelAwait || record.usesImportMeta;
    assert.equal(validateHeader(v.sidecar, v.source).moduleSyntax, want, v.name);
  }
});
