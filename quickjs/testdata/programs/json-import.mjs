// JSON modules (import attributes) from installed packages, statically and
// through import(), beside an ES module of the same package.
import lodashPkg from "lodash-es/package.json" with { type: "json" };
import _ from "lodash-es";

console.log(lodashPkg.name, lodashPkg.version === _.VERSION, typeof lodashPkg.main);
const immerPkg = await import("immer/package.json", { with: { type: "json" } });
console.log(immerPkg.default.name, typeof immerPkg.default.exports, Object.keys(immerPkg).join(","));
