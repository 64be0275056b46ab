// Import forms, and how requests are deduplicated: by specifier and the set
// of attributes, attributes sorted by key.
import def, { a, b as bee, "string name" as str, default as def2 } from "./m.js";
import * as ns from "./m.js";
import "./side-effect.js";
import {} from "./empty.js";
import j1 from "./data.json" with { type: "json" };
import j2 from "./data.json" with { "type": "json" };
import j3 from "./data.json";
import j4 from "./data.json" with { type: "json", zeta: "z", alpha: "a" };
import j5 from "./data.json" with { alpha: "a", type: "json", zeta: "z" };
import j6 from "./data.json" with { type: "text" };
import "./m.js";
