// The bmes loader hook for module.register (Node before 22.15): the logic
// of hooks.mjs, whose nextLoad and nextResolve return promises here.
import { loadWith, resolveAsync } from "./hooks.mjs";

export async function load(url, context, nextLoad) {
  return loadWith(url, context, nextLoad);
}

export const resolve = resolveAsync;
