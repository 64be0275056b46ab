// scanRequires, for the generator (generate.mjs) and its tests.

// scanRequires lists the string arguments of require("…") calls in src.
// It tokenises just enough (comments, strings, template literals, regular
// expression literals) not to be fooled by text that only looks like a
// call; an odd case it gets wrong costs a missing or an extra entry, never
// a wrong one, since every result is resolved by Node.
//
// names are the identifiers that are require functions: "require", and in
// an ES module whatever createRequire's result is assigned to
// (requireNames finds those).
export function scanRequires(src, names = ["require"]) {
  const wanted = new Set(names);
  const out = [];
  const n = src.length;
  let i = 0;
  let regexOK = true; // a '/' here starts a regular expression
  let prevDot = false; // the last token was '.' or '?.'
  const braces = []; // for each open '{': true when it opened a template substitution
  const isIdStart = (c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || c > '\x7f' || c === '\\';
  const isIdPart = (c) => isIdStart(c) || (c >= '0' && c <= '9');
  const kwBeforeExpr = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends']);
  if (src.startsWith('#!')) {
    while (i < n && src[i] !== '\n') i++;
  }
  function skipSpace(j) {
    for (;;) {
      while (j < n && /\s/.test(src[j])) j++;
      if (src[j] === '/' && src[j + 1] === '/') {
        while (j < n && src[j] !== '\n') j++;
      } else if (src[j] === '/' && src[j + 1] === '*') {
        const e = src.indexOf('*/', j + 2);
        j = e < 0 ? n : e + 2;
      } else {
        return j;
      }
    }
  }
  // Reads a quoted string at j; returns [value or null if it has escapes, end].
  function readString(j) {
    const q = src[j];
    let k = j + 1;
    let plain = true;
    while (k < n && src[k] !== q) {
      if (src[k] === '\\') { plain = false; k++; } else if (src[k] === '\n' && q !== '`') { break; } else if (q === '`' && src[k] === '$' && src[k + 1] === '{') { plain = false; }
      k++;
    }
    return [plain ? src.slice(j + 1, k) : null, k + 1];
  }
  // Skips a template literal's text from j (just after '`' or '}'); returns
  // the index after the closing '`', or after '${' with a pushed brace.
  function templateText(j) {
    while (j < n) {
      const c = src[j];
      if (c === '\\') { j += 2; continue; }
      if (c === '`') return j + 1;
      if (c === '$' && src[j + 1] === '{') { braces.push(true); return j + 2; }
      j++;
    }
    return n;
  }
  while (i < n) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '/' && (src[i + 1] === '/' || src[i + 1] === '*')) { i = skipSpace(i); continue; }
    if (c === '\'' || c === '"') { i = readString(i)[1]; regexOK = false; prevDot = false; continue; }
    if (c === '`') { i = templateText(i + 1); regexOK = braces[braces.length - 1] === true && src[i - 1] === '{'; prevDot = false; continue; }
    if (c === '/' && regexOK) {
      let j = i + 1;
      let cls = false;
      while (j < n && src[j] !== '\n') {
        if (src[j] === '\\') { j += 2; continue; }
        if (src[j] === '[') cls = true; else if (src[j] === ']') cls = false; else if (src[j] === '/' && !cls) break;
        j++;
      }
      j++;
      while (j < n && isIdPart(src[j])) j++;
      i = j; regexOK = false; prevDot = false;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdPart(src[j])) j++;
      const word = src.slice(i, j);
      if (wanted.has(word) && !prevDot) {
        let k = skipSpace(j);
        if (src[k] === '(') {
          k = skipSpace(k + 1);
          if (src[k] === '\'' || src[k] === '"' || src[k] === '`') {
            const [v, e] = readString(k);
            const k2 = skipSpace(e);
            if (v !== null && src[k2] === ')') out.push(v);
          }
        }
      }
      i = j;
      regexOK = kwBeforeExpr.has(word);
      prevDot = false;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && (isIdPart(src[j]) || src[j] === '.')) j++;
      i = j; regexOK = false; prevDot = false;
      continue;
    }
    // Punctuation.
    if (c === '{') { braces.push(false); i++; regexOK = true; prevDot = false; continue; }
    if (c === '}') {
      if (braces.pop() === true) { i = templateText(i + 1); regexOK = src[i - 1] === '{' && braces[braces.length - 1] === true; prevDot = false; continue; }
      i++; regexOK = true; prevDot = false; continue;
    }
    if (c === '.' && src[i + 1] >= '0' && src[i + 1] <= '9') { i++; while (i < n && isIdPart(src[i])) i++; regexOK = false; prevDot = false; continue; }
    prevDot = c === '.' || (c === '?' && src[i + 1] === '.' && !(src[i + 2] >= '0' && src[i + 2] <= '9'));
    if (prevDot && c === '?') i++;
    regexOK = !(c === ')' || c === ']');
    i++;
  }
  return out;
}


// requireNames lists the names an ES module binds to createRequire(…)'s
// result ("const req = createRequire(import.meta.url)"), with "require".
export function requireNames(src) {
  const names = new Set(["require"]);
  for (const m of src.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:[A-Za-z_$][\w$]*\s*\.\s*)?createRequire\s*\(/g)) {
    names.add(m[1]);
  }
  return [...names];
}
