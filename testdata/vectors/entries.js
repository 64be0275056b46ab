import def, { a as b, "str name" as c } from "./dep.js";
import * as ns from "./dep.js";
import "./side-effect.js";
import json from "./data.json" with { type: "json" };
export { b as reexported };
export * from "./star.js";
export * as starNs from "./star.js";
export { x as y, default as z } from "./other.js";
export { ns };
export var counter = 0, { p, q: [r] } = { q: [] };
export let l1 = 1;
export const c1 = 2;
export class K {}
export function f() { return import("./lazy.js"); }
export async function* g() {}
using u = null;
export default 42;
for (var i = 0; i < 1; i++) { var inner; }
import(`./tmpl.js`);
import(ns.name);
