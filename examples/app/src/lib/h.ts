// A minimal hyperscript function, the JSX factory named in tsconfig.json.
export type Child = string | number | Node | null | undefined | Child[];

export function h(tag: string | ((props: any) => Node), props: Record<string, unknown> | null, ...children: Child[]): Node {
  if (typeof tag === "function") return tag({ ...props, children });
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    else el.setAttribute(k, String(v));
  }
  el.append(...children.flat(Infinity).filter((c) => c != null).map((c) => (c instanceof Node ? c : String(c))));
  return el;
}

export function Fragment(props: { children: Child[] }): Node {
  const frag = document.createDocumentFragment();
  frag.append(...props.children.flat(Infinity).map((c) => (c instanceof Node ? c : String(c ?? ""))));
  return frag;
}
