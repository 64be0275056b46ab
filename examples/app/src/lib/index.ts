// The library's public surface: a star re-export, a renamed re-export and a
// namespace re-export.
export * from "./math.js";
export { format as formatNumber } from "./format.js";
export * as strings from "./strings.js";
