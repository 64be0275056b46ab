// Entry point of a small command-line program: TypeScript, a JSON module,
// a package from node_modules, a cycle, top-level await and import().
import inventory from "./inventory.json" with { type: "json" };
import { table } from "tiny-table";
import { total, type Item } from "./total.js";
import { Unit } from "./units.js";

const items: Item[] = inventory.items;
console.log(table([["item", "qty", "unit"], ...items.map((i) => [i.name, i.qty, Unit[i.unit]])]));
const { describe } = await import("./describe.js");
console.log(describe(total(items)));
console.log("loaded from", import.meta.url.split("/").slice(-2).join("/"));
