// immer: drafts, structural sharing, patches, Maps and Sets, frozen
// results, and current/original.
import { produce, produceWithPatches, applyPatches, enablePatches, enableMapSet, current, original, isDraft, freeze, nothing, castDraft } from "immer";

enablePatches();
enableMapSet();
const base = { todos: [{ id: 1, done: false, text: "a" }, { id: 2, done: true, text: "b" }], meta: { n: 2 }, tags: new Set(["x"]), index: new Map([[1, "a"]]) };
const next = produce(base, (d) => {
  d.todos[0].done = true;
  d.todos.push({ id: 3, done: false, text: "c" });
  d.tags.add("y");
  d.index.set(3, "c");
  console.log(isDraft(d), JSON.stringify(current(d.todos[0])), JSON.stringify(original(d.todos[0])));
});
console.log(next !== base, next.todos[1] === base.todos[1], next.meta === base.meta, Object.isFrozen(next), Object.isFrozen(next.todos[0]));
console.log(JSON.stringify(next.todos), [...next.tags].join(","), JSON.stringify([...next.index]), base.todos.length, base.tags.size);
const [res, patches, inverse] = produceWithPatches({ a: [1, 2, 3], b: { c: 1 } }, (d) => {
  d.a.splice(1, 1);
  d.b.c++;
  delete d.b.z;
  d.d = "new";
});
console.log(JSON.stringify(res), JSON.stringify(patches), JSON.stringify(inverse));
console.log(JSON.stringify(applyPatches(res, inverse)));
console.log(produce({ x: 1 }, () => nothing), JSON.stringify(produce([1, 2, 3], (d) => d.filter((x) => x > 1))));
const curried = produce((d, by) => { d.n += by; });
console.log(JSON.stringify(curried({ n: 1 }, 41)));
const frozen = freeze({ deep: { v: 1 } }, true);
console.log(Object.isFrozen(frozen.deep));
try {
  produce(base, (d) => { d.meta.n = 3; return { other: true }; });
} catch (e) {
  console.log("error:", e.message.split("\n")[0].slice(0, 80));
}
class Item { constructor(v) { this.v = v; } }
console.log(produce({ item: new Item(1) }, (d) => { d.item = castDraft(new Item(2)); }).item instanceof Item);
