// Reached only through math.ts, itself reached only through a paths alias.
export function twice(n) {
  return n * 2;
}
