// postcss: parse CSS, walk and change the tree with a small plugin, and
// print the result (postcss's ES module entry wraps its CommonJS build).
import postcss from "postcss";

const plugin = {
  postcssPlugin: "demo",
  Declaration(decl) {
    if (decl.prop === "color" && decl.value === "red") decl.value = "#f00";
  },
  Rule(rule) {
    if (rule.selector.startsWith(".old")) rule.selector = rule.selector.replace(".old", ".new");
  },
};
const css = `a { color: red; margin: 0 }\n@media (min-width: 10px) { .old > b { color: blue } }\n/* note */`;
const result = await postcss([plugin]).process(css, { from: undefined });
console.log(result.css);
const root = postcss.parse("x{a:1;b:2}");
root.walkDecls((d) => console.log(d.prop, d.value, d.source.start.line, d.source.start.column));
console.log(root.nodes.length, root.first.type, String(postcss.rule({ selector: "y" }).append({ prop: "c", value: "3" })));
try {
  postcss.parse("a { b: c");
} catch (e) {
  console.log(e.name, e.reason, e.line, e.column);
}
