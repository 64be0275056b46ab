// yaml: parse and stringify with anchors, tags, multi-documents, comments
// kept through the Document API, and errors with positions.
import YAML, { parse, stringify, parseDocument, parseAllDocuments, isMap } from "yaml";

const src = `# config
base: &base
  name: app
  ports: [80, 443]
  flags: { debug: false, level: 3 }
dev:
  <<: *base
  debug: true
list:
  - a
  - "b: c"
  - ? complex key
    : 1
multi: |
  line one
  line two
folded: >
  folded
  text
nums: [0x1F, 0o17, 1e3, .inf, -.Inf, .nan, 12_000]
when: 2001-12-14t21:59:43.10-05:00
nil: ~
`;
console.log(JSON.stringify(parse(src, { merge: true })));
console.log(JSON.stringify(parse(src, { merge: true, version: "1.1" }).nums));
const doc = parseDocument(src);
doc.setIn(["base", "ports", 2], 8080);
doc.set("added", { x: [1, 2] });
console.log(String(doc));
console.log(isMap(doc.contents), doc.getIn(["base", "flags", "level"]), doc.errors.length);
console.log(stringify({ s: "multi\nline", n: null, d: new Date(Date.UTC(2020, 1, 2)), arr: [{ a: 1 }, [2, 3]], q: "yes", e: "" }));
console.log(YAML.stringify([1, "two", { three: 3 }], { indent: 4, flowCollectionPadding: false }));
const docs = parseAllDocuments("a: 1\n---\n- b\n---\nplain\n");
console.log(docs.length, JSON.stringify(docs.map((d) => d.toJS())));
const bad = parseDocument("a: [1, 2\nb: : c\n");
console.log(bad.errors.map((e) => e.code + " " + JSON.stringify(e.linePos)).join(" | "));
try {
  parse("key: value\n  bad indent: 1");
} catch (e) {
  console.log(e.name, e.code);
}
