import o from "./o.js" with { "\uFF5E": "a", "\uDE00": "b", "\u{1F600}": "c", "\uD83D": "d" };
