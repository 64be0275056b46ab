// preact with hooks and context, rendered to an HTML string (no DOM):
// preact-render-to-string.
import { h, Fragment, createContext, Component } from "preact";
import { useState, useMemo, useContext, useReducer, useRef } from "preact/hooks";
import { render, renderToStaticMarkup } from "preact-render-to-string";

const Theme = createContext("light");
function Item({ label, done }) {
  const theme = useContext(Theme);
  return h("li", { class: done ? "done " + theme : theme, "data-x": 1, style: { fontSize: 12, marginTop: "2px" } }, label, done && h("b", null, " ✓"));
}
function List({ items }) {
  const [filter] = useState("all");
  const shown = useMemo(() => items.filter((i) => filter === "all" || i.done), [items, filter]);
  const ref = useRef(null);
  const [n] = useReducer((s, a) => s + a, 3);
  return h(Fragment, null, h("h2", { ref }, `Items (${shown.length}/${n})`), h("ul", null, shown.map((i) => h(Item, { key: i.label, ...i }))));
}
class Counter extends Component {
  state = { c: 5 };
  render(props, state) { return h("button", { onClick: () => {}, disabled: props.off }, "count: ", state.c, h("input", { value: "<x>", checked: true, readOnly: true })); }
}
const app = h(Theme.Provider, { value: "dark" }, h("main", { id: "app", dangerouslySetInnerHTML: undefined }, h(List, { items: [{ label: "a <b>", done: true }, { label: "c & d", done: false }] }), h(Counter, { off: true }), h("div", { dangerouslySetInnerHTML: { __html: "<i>raw</i>" } }), h("svg", { viewBox: "0 0 1 1", strokeWidth: 2 }, h("path", { d: "M0 0" }))));
console.log(render(app));
console.log(renderToStaticMarkup(h("p", { className: "x", htmlFor: "y" }, null, false, 0, "text", ["a", "b"])));
