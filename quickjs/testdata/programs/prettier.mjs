// prettier's standalone build with its plugins: JavaScript (babel),
// TypeScript, CSS (postcss) and Markdown, each formatting a string.
import * as prettier from "prettier/standalone";
import * as babel from "prettier/plugins/babel";
import * as estree from "prettier/plugins/estree";
import * as typescript from "prettier/plugins/typescript";
import * as postcss from "prettier/plugins/postcss";
import * as markdown from "prettier/plugins/markdown";

const js = `const  f=async(a,b)=>{ if(a){return {a,b,c:[1,2,3].map(x=>x*2)}} else { throw new Error("no "+b) } }
class   K extends Base{ #x=1; static { init() } get y(){return this.#x ?? 0} }
export default function*gen(){ yield* [1,2]; label: for(const [k,v] of Object.entries(o)) { continue label } }`;
console.log(await prettier.format(js, { parser: "babel", plugins: [babel, estree] }));
console.log(await prettier.format(js, { parser: "babel", plugins: [babel, estree], semi: false, singleQuote: true, printWidth: 40, tabWidth: 4 }));
const ts = `interface P<T extends object = {}> { readonly a: T; b?: Array<string|number> }
enum E { A = 1, B, C = "c" }
function g<T,>(x: T): x is T & {k: 1} { return (x as any).k === 1 }
type M = { [K in keyof P]-?: P[K] extends infer U ? U : never }`;
console.log(await prettier.format(ts, { parser: "typescript", plugins: [typescript, estree] }));
const css = `a{color:red;background:URL(x.png)}@media (max-width:100px){.b>.c+.d{margin:0 auto!important}}`;
console.log(await prettier.format(css, { parser: "css", plugins: [postcss] }));
const md = `# Title\nSome *emphasis* and __strong__ text.\n* one\n* two\n   * nested\n\n|a|b|\n|-|-|\n|1|22|\n\n\`\`\`js\nconst x  =  1\n\`\`\``;
console.log(await prettier.format(md, { parser: "markdown", plugins: [markdown, babel, estree] }));
console.log(await prettier.check("const a = 1;\n", { parser: "babel", plugins: [babel, estree] }));
try {
  await prettier.format("const = ;", { parser: "babel", plugins: [babel, estree] });
} catch (e) {
  console.log(e.name, e.message.split("\n")[0]);
}
const r = await prettier.formatWithCursor("let   x=1;let y =  2", { cursorOffset: 12, parser: "babel", plugins: [babel, estree] });
console.log(JSON.stringify(r));
