// acorn: parse modern JavaScript to an ESTree AST, walk it, and report a
// syntax error with its position.
import { parse, tokenizer, version } from "acorn";

const src = `import x, { y as z } from "m" with { type: "json" };
export default class A extends (B ?? C) { static #p = 1n; async *m(a = 1, ...r) { for await (const q of r) yield q?.[0] ** 2; } }
const re = /(?<year>\\d{4})-(?<m>\\d\\d)/v, t = tag\`a\${1}b\`;
label: for (let i = 0; i < 3; i++) { if (i) continue label; }
x ||= y &&= z ??= 0;`;
const ast = parse(src, { ecmaVersion: "latest", sourceType: "module", locations: true });
const counts = {};
(function walk(n) {
  if (n && typeof n.type === "string") counts[n.type] = (counts[n.type] || 0) + 1;
  for (const k in n) {
    const v = n[k];
    if (k !== "loc" && v && typeof v === "object") Array.isArray(v) ? v.forEach(walk) : walk(v);
  }
})(ast);
console.log(typeof version, ast.body.length, ast.body.map((s) => s.type).join(" "));
console.log(JSON.stringify(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1))));
console.log(JSON.stringify(ast.body[1].declaration.body.body[1], (k, v) => (k === "loc" || k === "start" || k === "end" ? undefined : typeof v === "bigint" ? v + "n" : v)));
console.log([...tokenizer("let a = b => `t${c}` / 2", { ecmaVersion: 2022 })].map((t) => t.type.label).join(" "));
for (const bad of ["let let = 1", "a => { 'use strict'; with (x) {} }", "class { }", "({a:1} = 2)"]) {
  try {
    parse(bad, { ecmaVersion: "latest", sourceType: "script" });
    console.log("parsed", bad);
  } catch (e) {
    console.log(e.name, e.message, e.pos, JSON.stringify(e.loc));
  }
}
