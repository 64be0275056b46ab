// immutable: persistent List, Map, Set, Record and Seq, with structural
// equality and deep conversions.
import { List, Map, Set, OrderedMap, Record, Seq, Range, fromJS, is, Stack } from "immutable";

const l = List([1, 2, 3]).push(4).update(0, (x) => x * 10).insert(2, 99);
console.log(l.toJS(), l.size, l.get(-1), l.includes(99), String(l));
const m = Map({ a: 1, b: 2 }).set("c", 3).deleteIn(["a"]).merge({ d: 4 });
console.log(JSON.stringify(m), m.has("a"), String(m.map((v) => v * 2)));
const deep = fromJS({ x: { y: [1, { z: 2 }] } });
console.log(deep.getIn(["x", "y", 1, "z"]), JSON.stringify(deep.setIn(["x", "y", 0], "one").toJS()), deep.equals(fromJS({ x: { y: [1, { z: 2 }] } })));
console.log(is(Map({ a: List([1]) }), Map({ a: List([1]) })), Set([1, 2, 2, 3]).union([4]).subtract([1]).toArray().join(","));
const P = Record({ x: 0, y: 0 }, "Point");
const p = new P({ x: 3 }).set("y", 4);
console.log(String(p), p.x + p.y, JSON.stringify(p.toJSON()), p.equals(new P({ x: 3, y: 4 })));
console.log(Seq([1, 2, 3, 4, 5, 6]).filter((x) => x % 2).map((x) => x * x).take(2).toArray().join(","), Range(0, 20, 5).toArray().join(","), Range(1, Infinity).skip(3).map((n) => -n).take(3).toArray().join(","));
console.log(String(OrderedMap([["z", 1], ["a", 2]]).sortBy((v, k) => k)), String(Stack([1, 2]).push(0)), List([3, 1, 2]).sort().hashCode() === List([1, 2, 3]).hashCode());
console.log(JSON.stringify(List([{ k: "a", v: 1 }, { k: "b", v: 2 }, { k: "a", v: 3 }]).groupBy((o) => o.k).map((g) => g.size).toJS()));
