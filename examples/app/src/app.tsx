import { h, Fragment } from "./lib/h.js";
import { Button } from "./components/Button.jsx";
import type { Route, Store } from "./types.js";
import { Theme } from "./types.js";

export interface Props {
  title: string;
  store: Store;
}

export function render(route: Route, props: Props) {
  return (
    <>
      <h1 class={Theme.Light}>{props.title}</h1>
      {route(props.store)}
      <Button label="+1" onClick={() => props.store.update((s) => ({ count: s.count + 1 }))} />
    </>
  );
}
