import defer * as ns from "./m.js";
