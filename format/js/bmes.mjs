// The JavaScript reader for .bmes sidecars lives in the npm package at
// node/ (bmes-node, node/bmes.mjs), which ships it with the loader hook:
// one copy of the reader in the repository. This module re-exports it so
// that format/js's tests and tools keep their import path.
export * from "../../node/bmes.mjs";
