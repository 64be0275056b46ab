export const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));

export function sum(...xs: number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}
