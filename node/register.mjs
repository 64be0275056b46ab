// node --import bmes-node/register app.js (or --import ./node/register.mjs):
// installs the bmes loader hook (hooks.mjs) before the app's first module
// loads. module.registerHooks (Node 22.15+, 23.5+) runs the hook in the
// loading thread, synchronously; older Node gets module.register's
// off-thread hooks (hooks-async.mjs), the same logic behind a message port.
import * as nodeModule from "node:module";

if (typeof nodeModule.registerHooks === "function") {
  const { load, resolve } = await import("./hooks.mjs");
  nodeModule.registerHooks({ resolve, load });
} else if (typeof nodeModule.register === "function") {
  nodeModule.register("./hooks-async.mjs", import.meta.url);
}
