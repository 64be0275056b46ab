// Names are cooked: escapes in identifiers and strings are applied.
var \u0061, b\u{62};
export { \u0061, bb as "\u0063" };
import { "\x64" as e } from "\u002e/m.js";
export { e };
