import { compact } from "@example/util";

const nf = new Intl.NumberFormat("en-US");

export function format(n: number): string {
  return compact(nf.format(n));
}
