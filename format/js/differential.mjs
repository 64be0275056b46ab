// differential.mjs prints bmes.mjs's verdict on each case of a file that
// format/js_test.go (TestJSReaderAgrees) writes, so that the Go test can
// compare it with the Go reader's verdict on the same bytes. Not a test by
// itself: node --test does not pick it up.
//
// Input: a JSON array of {"sidecar": hex, "source": hex, "name": string}.
// Output: one line per case: "ok " + the record's JSON, or "err " + the
// error class name.

import { readFileSync } from "node:fs";
import { BmesError, validate } from "./bmes.mjs";

const hex = (s) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = [];
for (const c of cases) {
  try {
    const { record } = validate(hex(c.sidecar), hex(c.source), { source: c.name });
    out.push("ok " + JSON.stringify(record));
  } catch (e) {
    out.push("err " + (e instanceof BmesError ? e.name : "untyped " + e));
  }
}
process.stdout.write(out.join("\n") + "\n");
