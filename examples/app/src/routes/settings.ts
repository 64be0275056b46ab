import type { Store } from "../types.js";
import { Theme } from "../types.js";

// A lazily loaded route: main.ts reaches it through import().
export default (store: Store) => ({ theme: Theme.Dark, count: store.get().count });

export const lazy = () => import("../lib/strings.js");
