import type { Store } from "../types.js";
import { sum } from "../lib/math.js";

export default function home(store: Store): string {
  return `Home: ${sum(store.get().count, 1)}`;
}
