// Parenthesised, the function is an expression: *default* of kind default.
export default (function named() {});
