export * as "\ud800" from "./m.js";
