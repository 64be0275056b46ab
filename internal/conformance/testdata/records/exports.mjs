// ExportEntries and their split by ParseModule step 10.
import { imp, imp2 as local2 } from "./m.js";
import * as ns from "./m.js";
import defImp from "./d.js";
export { imp, local2 as reexported, ns, ns as ns2, defImp };
export { x as y, default, default as dflt, "a b" as "c d" } from "./re.js";
export * from "./star.js";
export * from "./star.js";
export * as all from "./star.js";
export * as "string ns" from "./other.js";
var v1;
let l1;
export { v1, l1 as l1x };
export { v1 as "v one" };
export var v2 = 1, { v3, v4: [v5] } = {};
export let l2;
export const c1 = 1;
export function f() {}
export async function* g() {}
export class C {}
