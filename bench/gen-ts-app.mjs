// gen-ts-app.mjs DIR [modules]: writes a large TypeScript program for
// bench/node.sh, the same bytes every time. Each module has the erasable
// syntax real code is full of (interfaces, type aliases, generics, typed
// classes and functions, `import type`, `satisfies`, `as`), imports earlier
// modules with .ts extensions (what Node's type stripping needs), and does
// a little work at top level; main.ts imports them all and prints a sum.
// Node's own type stripping can run it, so it is the baseline the loader
// hook is measured against. Default 300 modules, about 1.5 MB.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const n = Number(process.argv[3] ?? 300);
if (!dir) {
  console.error("usage: gen-ts-app.mjs DIR [modules]");
  process.exit(2);
}
mkdirSync(join(dir, "src"), { recursive: true });
writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "ts-app", private: true, type: "module" }) + "\n");

// A small deterministic PRNG, so that the program is the same every time.
let seed = 42;
const rand = (k) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % k;
};

function module(i) {
  const deps = [];
  for (let d = 0; d < Math.min(i, 3); d++) deps.push(rand(i));
  const uniq = [...new Set(deps)];
  let s = `// Module ${i} of the generated TypeScript benchmark program.\n`;
  for (const d of uniq) s += `import { value${d}, type Shape${d} } from "./m${d}.ts";\n`;
  s += `
export interface Shape${i} {
  readonly id: number;
  name: string;
  tags?: ReadonlyArray<string>;
  children: Array<Shape${i}>;
  meta: Record<string, number | string | undefined>;
}

export type Handler${i}<T extends Shape${i} = Shape${i}> = (item: T, index: number) => T | undefined;
type Pair${i}<A, B> = { first: A; second: B } & { readonly kind: "pair" };
export type Union${i} = "a" | "b" | "c" | \`k\${number}\`;
`;
  for (let c = 0; c < 6; c++) {
    s += `
export class Store${i}_${c}<T extends { id: number }> {
  private readonly items: Map<number, T> = new Map<number, T>();
  protected count: number = 0;
  static readonly label: string = "store-${i}-${c}";

  add(item: T): this {
    this.items.set(item.id, item);
    this.count += 1;
    return this;
  }

  find(predicate: (item: T) => boolean): T | undefined {
    for (const item of this.items.values()) {
      if (predicate(item)) return item as T;
    }
    return undefined;
  }

  map<U>(fn: (item: T, index: number) => U): U[] {
    const out: U[] = [];
    let index: number = 0;
    for (const item of this.items.values()) out.push(fn(item, index++));
    return out;
  }

  get size(): number {
    return this.count satisfies number;
  }
}

export function combine${i}_${c}<A extends object, B extends object>(a: A, b: B): A & B {
  const result = { ...a, ...b } as A & B;
  return result;
}

export const pair${i}_${c} = <A, B>(first: A, second: B): Pair${i}<A, B> => ({ first, second, kind: "pair" as const });
`;
  }
  s += `
function make${i}(id: number, name: string): Shape${i} {
  return { id, name, children: [], meta: { created: id * 2, label: name } } satisfies Shape${i};
}

const store${i} = new Store${i}_0<Shape${i}>();
for (let k: number = 0; k < 20; k++) store${i}.add(make${i}(k, \`item-\${k}\`));
const handler${i}: Handler${i} = (item, index) => (index % 2 === 0 ? item : undefined);
export const value${i}: number = store${i}.map(handler${i}).filter((x): x is Shape${i} => x !== undefined).length${uniq.map((d) => ` + value${d}`).join("")};
`;
  return s;
}

let main = "";
for (let i = 0; i < n; i++) {
  writeFileSync(join(dir, "src", `m${i}.ts`), module(i));
  main += `import { value${i} } from "./src/m${i}.ts";\n`;
}
main += `const total: number = ${Array.from({ length: n }, (_, i) => `value${i}`).join(" + ")};\nconsole.log("ts-app", total);\n`;
writeFileSync(join(dir, "main.ts"), main);
