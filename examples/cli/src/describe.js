import { plural } from "./plural.js";

export function describe(n) {
  return `${n} ${plural(n, "thing")} in stock`;
}
