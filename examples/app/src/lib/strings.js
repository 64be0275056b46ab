// Plain JavaScript next to TypeScript: analysed as is, no transform.
export function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const kebab = (s) => s.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
