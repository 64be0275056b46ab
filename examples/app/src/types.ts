// Types shared by the app. The enum is a runtime value: esbuild turns it
// into a var, which the sidecar's record lists.
export enum Theme {
  Light = "light",
  Dark = "dark",
}

export interface State {
  count: number;
}

export interface Store {
  get(): State;
  update(fn: (s: State) => State): void;
}

export type Route = (store: Store) => unknown;
