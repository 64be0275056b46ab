// Imports describe.js back: a cycle, which ES modules allow.
import { describe } from "./describe.js";

export const plural = (n, word) => (n === 1 ? word : word + "s");
export const selfCheck = () => typeof describe === "function";
