// Not import.meta: a string, a property named import, a comment import.meta
const s = "import.meta";
const o = { import: { meta: 1 } };
o.import.meta;
