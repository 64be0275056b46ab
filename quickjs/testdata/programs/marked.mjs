// marked: Markdown to HTML with GFM tables, task lists, code, an
// extension and the lexer's tokens.
import { marked, Marked, Lexer } from "marked";

const md = `# Heading *one*

A paragraph with **bold**, _em_, \`code\`, a [link](https://example.com "t") and <span>html</span>.

- [x] done
- [ ] todo
  1. nested
  2. list

| left | center | right |
|:-----|:------:|------:|
| a    | b      | c     |

\`\`\`js
const x = 1 < 2;
\`\`\`

> quote
> > nested quote

Auto link: https://marked.js.org and footnote-ish text~~struck~~.

---
`;
console.log(marked.parse(md));
console.log(marked.parseInline("**x** & <y> _z_"));
const custom = new Marked({
  gfm: true,
  breaks: true,
  extensions: [{
    name: "shout", level: "inline",
    start(src) { return src.indexOf("!!"); },
    tokenizer(src) { const m = /^!!([^!]+)!!/.exec(src); if (m) return { type: "shout", raw: m[0], text: m[1] }; },
    renderer(t) { return "<b>" + t.text.toUpperCase() + "</b>"; },
  }],
  renderer: { heading({ tokens, depth }) { return `<h${depth} id="x">${this.parser.parseInline(tokens)}</h${depth}>\n`; } },
});
console.log(custom.parse("## Hi !!there!!\nline\nbreak"));
console.log(JSON.stringify(new Lexer().lex("# T\n\n- a\n- b\n").map((t) => [t.type, t.raw])));
