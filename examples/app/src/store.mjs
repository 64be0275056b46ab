// A tiny store in plain ES module JavaScript.
import legacy from "./lib/legacy.cjs";

let listeners = [];

export function createStore(initial) {
  let state = initial;
  return {
    get: () => state,
    update(fn) {
      state = fn(state);
      for (const l of listeners) l(state);
    },
  };
}

export function subscribe(fn) {
  listeners = [...listeners, fn];
  return () => {
    listeners = listeners.filter((l) => l !== fn);
  };
}

if (import.meta.env?.DEV) console.debug(legacy(), "store loaded from", import.meta.url);
