import { Unit } from "./units.js";

export interface Item {
  name: string;
  qty: number;
  unit: keyof typeof Unit;
}

export function total(items: Item[]): number {
  return items.reduce((n, i) => n + i.qty, 0);
}
