import data from "./data.json" with { type: "json" };
import { greet } from "greet";
import { add } from "@lib/math";
import { view } from "./views/view.jsx";
import legacy from "./legacy.cjs";
import type { Shape } from "./shape.js";

const shape: Shape = { w: add(data.w, 1), h: 2 };
export const page = view(greet(legacy.name), shape);
export const lazy = () => import("./lazy.mjs");
