import "\uD800";
export const s = "\uDC00";
import("\uDBFF-\uDFFF\uD83D\uDE00");
