// acorn-validate.mjs reads JSON lines {"p": pattern, "f": flags} on stdin and
// prints, for each, "ok" if acorn parses /pattern/flags as an ES2025 module,
// else "err " and acorn's message. TestAcornDifferential runs it with the
// path of acorn's ES module build as its argument.
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const acorn = await import(pathToFileURL(process.argv[2]).href);
const out = [];
for await (const line of createInterface({ input: process.stdin })) {
  if (!line) continue;
  const { p, f } = JSON.parse(line);
  try {
    acorn.parse("/" + p + "/" + f, { ecmaVersion: 2025, sourceType: "module" });
    out.push("ok");
  } catch (e) {
    out.push("err " + e.message.replace(/\n/g, " "));
  }
}
process.stdout.write(out.join("\n") + "\n");
