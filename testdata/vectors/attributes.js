import a from "./a.json" with { type: "json" };
import b from "./a.json";
export { c } from "./a.json" with { type: "json" };
import d from "./x.js" with { "x-mode": "raw", type: "json" };
