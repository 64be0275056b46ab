// Entry point: loads the configuration, starts the store and renders the
// first route. Top-level await keeps start-up ordered without callbacks.
import config from "./data/config.json" with { type: "json" };
import { Emitter } from "tiny-emitter-esm";
import { clamp, formatNumber, strings } from "./lib/index.js";
import { createStore } from "./store.mjs";
import { render } from "./app.js";
import type { Route } from "./types.js";

const events = new Emitter();
const store = createStore({ count: clamp(config.initialCount, 0, 10) });

const routes: Record<string, () => Promise<{ default: Route }>> = {
  home: () => import("./routes/home.js"),
  settings: () => import("./routes/settings.js"),
};

const name = strings.capitalize(config.defaultRoute);
const route = await routes[config.defaultRoute]();
events.emit("ready", formatNumber(store.get().count));

export const app = render(route.default, { title: name, store });
export default app;
