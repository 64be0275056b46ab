import source s from "./m.js";
