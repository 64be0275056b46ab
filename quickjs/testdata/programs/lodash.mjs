// lodash-es: collections, objects, strings, functions and templates, the
// whole package imported module by module.
import * as _ from "lodash-es";
import { chunk, groupBy, sortBy, cloneDeep, merge, template, memoize, debounce } from "lodash-es";

console.log(Object.keys(_).length);
console.log(JSON.stringify(chunk([1, 2, 3, 4, 5, 6, 7], 3)));
const people = [
  { name: "ada", age: 36, team: "x" },
  { name: "grace", age: 45, team: "y" },
  { name: "linus", age: 21, team: "x" },
  { name: "barbara", age: 45, team: "y" },
];
console.log(JSON.stringify(groupBy(people, "team")));
console.log(JSON.stringify(sortBy(people, ["age", "name"]).map((p) => p.name)));
const deep = { a: [1, { b: new Date(0) }], c: { d: /x+/g } };
const copy = cloneDeep(deep);
console.log(copy !== deep, copy.a[1] !== deep.a[1], copy.a[1].b.getTime(), String(copy.c.d));
console.log(JSON.stringify(merge({ a: { b: 1, c: [1, 2] } }, { a: { c: [3], d: 4 } })));
console.log(_.camelCase("Foo Bar-baz_qux"), _.kebabCase("fooBarBaz"), _.snakeCase("Foo Bar"), _.startCase("--foo-bar--"));
console.log(_.padStart("7", 3, "0"), _.truncate("hi-diddly-ho there, neighborino", { length: 24, separator: /,? +/ }));
console.log(template("hello <%= user %>! <% _.forEach(xs, function(x) { %><li><%- x %></li><% }); %>")({ user: "fred", xs: ["<a>", "b&"] }));
let calls = 0;
const sq = memoize((n) => (calls++, n * n));
console.log(sq(4), sq(4), sq(5), calls);
console.log(JSON.stringify(_.zip(["a", "b"], [1, 2], [true, false])), _.range(0, 20, 5).join(","), _.sum(_.map([1, 2, 3], (x) => x * 2)));
console.log(JSON.stringify(_.pick({ a: 1, b: 2, c: 3 }, ["a", "c"])), JSON.stringify(_.omit({ a: 1, b: 2, c: 3 }, ["b"])));
console.log(_.isEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), _.isEqual(new Map([[1, 2]]), new Map([[1, 3]])));
console.log(JSON.stringify(_.uniqBy([2.1, 1.2, 2.3], Math.floor)), JSON.stringify(_.intersection([2, 1], [2, 3])), JSON.stringify(_.difference([2, 1], [2, 3])));
console.log(_.get({ a: [{ b: { c: 3 } }] }, "a[0].b.c"), JSON.stringify(_.set({}, "x.y[1].z", 5)));
const d = debounce((v) => console.log("debounced", v), 10);
d(1); d(2); d(3);
setTimeout(() => console.log("after", calls), 80);
