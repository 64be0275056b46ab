// Every import() in the file, functions included, ordered by the import
// keyword; specifiers only for literal strings and templates without
// substitutions, parentheses around them ignored.
const a = import("./literal.js");
function f() { return import(`./template.js`); }
import((("./parenthesised.js")));
import(`./with-${"substitution"}.js`);
import("./con" + "cat.js");
import("./with-options.json", { with: { type: "json" } });
import(import("./inner.js"));
import("\x41\u0042\u{43}");
import('\ud800');
class K { static m = () => import("./in-field.js"); }
