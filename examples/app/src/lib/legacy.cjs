// A CommonJS file: counted and skipped, never given a sidecar.
module.exports = function legacy() {
  return "legacy";
};
